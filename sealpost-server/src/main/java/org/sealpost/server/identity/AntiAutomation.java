package org.sealpost.server.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Rate limits on sign-in (per client address and per username) and on the API (per bearer token):
 * SECURITY.md R08. An attempt over a limit is refused with 429 and {@code Retry-After} before any
 * password is checked, so it neither counts towards nor reveals the lockout.
 */
public final class AntiAutomation {

    private final RateLimitProperties props;
    private final RateLimiter limiter;

    AntiAutomation(RateLimitProperties props, RateLimiter limiter) {
        this.props = props;
        this.limiter = limiter;
    }

    Optional<Duration> signInFrom(String address) {
        return limiter.acquire("ip:" + address, props.signInPerAddress(), props.period());
    }

    Optional<Duration> signInAs(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return limiter.acquire(
                "user:" + username.strip().toLowerCase(Locale.ROOT), props.signInPerAccount(), props.period());
    }

    /**
     * Counts one sign-in attempt for {@code username} (the API, whose body the servlet filter does
     * not read); throws {@link IdentityException.RateLimited} over the limit.
     */
    public void countSignInAs(String username) {
        Optional<Duration> wait = signInAs(username);
        if (wait.isPresent()) {
            throw new IdentityException.RateLimited(retryAfterSeconds(wait.get()));
        }
    }

    Optional<Duration> signIn(String address, String username) {
        return signInFrom(address).or(() -> signInAs(username));
    }

    Optional<Duration> apiCall(String bearerToken) {
        return limiter.acquire("token:" + digest(bearerToken), props.apiPerToken(), props.period());
    }

    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    static void tooManyRequests(HttpServletResponse res, Duration wait, boolean api) throws IOException {
        long seconds = retryAfterSeconds(wait);
        res.setHeader("Retry-After", Long.toString(seconds));
        if (api) {
            SecurityConfig.problem(
                    res, 429, "Too Many Requests", "rate-limited", "Too many requests; retry after " + seconds + " s.");
        } else {
            res.setStatus(429);
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter()
                    .write("登录尝试过于频繁，请 " + seconds + " 秒后再试。 Too many sign-in attempts; try again in " + seconds
                            + " s.");
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
