package org.sealpost.server.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in and session policy ({@code sealpost.security.*}).
 *
 * @param passwordMinLength shortest password accepted (SECURITY.md A01)
 * @param passwordMaxLength longest password accepted; never truncated
 * @param passwordMaxAge maximum password age before a forced change (A02); zero turns it off
 * @param passwordHashIterations PBKDF2-HMAC-SM3 iterations for new hashes
 * @param maxFailedSignIns consecutive failures that lock an account (A03)
 * @param lockoutDuration how long a locked account stays locked unless an admin unlocks it
 * @param sessionAbsoluteLifetime a session ends this long after sign-in, however active (A04);
 *     the inactivity timeout is {@code spring.session.timeout}
 * @param maxSessionsPerUser concurrent sessions per account; a new sign-in ends the oldest (S03)
 * @param secureCookies true when served over TLS: the session cookie becomes
 *     {@code __Host-SESSION} with {@code Secure}; false for the plain-HTTP demo (S02)
 * @param apiTokenValidity default lifetime of a new API token
 * @param cliTokenValidity lifetime of the token that {@code sealpost login} gets from
 *     {@code POST /api/v1/sign-in}
 */
@ConfigurationProperties("sealpost.security")
public record SecurityPolicyProperties(
        Integer passwordMinLength,
        Integer passwordMaxLength,
        Duration passwordMaxAge,
        Integer passwordHashIterations,
        Integer maxFailedSignIns,
        Duration lockoutDuration,
        Duration sessionAbsoluteLifetime,
        Integer maxSessionsPerUser,
        Boolean secureCookies,
        Duration apiTokenValidity,
        Duration cliTokenValidity) {

    public SecurityPolicyProperties {
        passwordMinLength = passwordMinLength == null ? 12 : passwordMinLength;
        passwordMaxLength = passwordMaxLength == null ? 128 : passwordMaxLength;
        passwordMaxAge = passwordMaxAge == null ? Duration.ofDays(90) : passwordMaxAge;
        passwordHashIterations = passwordHashIterations == null ? 100_000 : passwordHashIterations;
        maxFailedSignIns = maxFailedSignIns == null ? 5 : maxFailedSignIns;
        lockoutDuration = lockoutDuration == null ? Duration.ofMinutes(30) : lockoutDuration;
        sessionAbsoluteLifetime = sessionAbsoluteLifetime == null ? Duration.ofHours(12) : sessionAbsoluteLifetime;
        maxSessionsPerUser = maxSessionsPerUser == null ? 1 : maxSessionsPerUser;
        secureCookies = secureCookies != null && secureCookies;
        apiTokenValidity = apiTokenValidity == null ? Duration.ofDays(90) : apiTokenValidity;
        cliTokenValidity = cliTokenValidity == null ? Duration.ofDays(30) : cliTokenValidity;
    }

    public boolean passwordExpiryEnabled() {
        return !passwordMaxAge.isZero() && !passwordMaxAge.isNegative();
    }
}
