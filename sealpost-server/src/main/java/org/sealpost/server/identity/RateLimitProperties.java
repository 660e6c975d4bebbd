package org.sealpost.server.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Anti-automation limits ({@code sealpost.security.rate-limits.*}, SECURITY.md R08), on top of the
 * account lockout (A03). Each is a token bucket of {@code n} requests per {@code period}, refilled
 * evenly; over it the answer is 429 with {@code Retry-After}. {@code 0} turns a limit off. The
 * buckets live in each node's memory: with N nodes behind a balancer the effective limit is up to
 * N times higher.
 *
 * @param period the window the counts below refer to (default one minute)
 * @param signInPerAddress sign-in attempts (form and API) from one client address per period;
 *     high enough for a bank's staff behind one NAT address and for the 50-client benchmark
 * @param signInPerAccount sign-in attempts for one username per period, from anywhere
 * @param apiPerToken API requests per bearer token per period
 */
@ConfigurationProperties("sealpost.security.rate-limits")
public record RateLimitProperties(
        Duration period, Integer signInPerAddress, Integer signInPerAccount, Integer apiPerToken) {

    public RateLimitProperties {
        period = period == null ? Duration.ofMinutes(1) : period;
        signInPerAddress = signInPerAddress == null ? 100 : signInPerAddress;
        signInPerAccount = signInPerAccount == null ? 10 : signInPerAccount;
        apiPerToken = apiPerToken == null ? 1200 : apiPerToken;
    }
}
