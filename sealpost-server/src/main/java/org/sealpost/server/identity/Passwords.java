package org.sealpost.server.identity;

import java.security.SecureRandom;
import java.time.Instant;
import org.sealpost.core.password.PasswordHash;
import org.springframework.stereotype.Component;

/** Hashing (PBKDF2-HMAC-SM3, K04), the policy (A01), expiry (A02) and generated passwords. */
@Component
class Passwords {

    /** No 0/O, 1/l/I: generated passwords are read off a screen and typed. */
    private static final char[] ALPHABET =
            "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_!@#%+=".toCharArray();

    private final PasswordHash hasher;
    private final PasswordPolicy policy;
    private final SecureRandom random;
    private final SecurityPolicyProperties props;
    private final String dummyHash;

    Passwords(SecureRandom random, SecurityPolicyProperties props) {
        this.hasher = new PasswordHash(random, props.passwordHashIterations());
        this.policy = PasswordPolicy.from(props);
        this.random = random;
        this.props = props;
        this.dummyHash = hasher.hash("not-a-password-of-anyone");
    }

    String hash(CharSequence password) {
        return hasher.hash(password);
    }

    boolean matches(CharSequence password, String hash) {
        return hasher.matches(password, hash);
    }

    /** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
    void burnTimeOfOneCheck(CharSequence password) {
        hasher.matches(password, dummyHash);
    }

    void check(CharSequence password, String username, String unitCode) {
        policy.check(password, username, unitCode);
    }

    /** 20 random characters from a 64-symbol alphabet: 120 bits. */
    Secret generate() {
        char[] chars = new char[20];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        try {
            return Secret.of(chars);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** When a password set at {@code changedAt} expires; null when expiry is off. */
    Instant expiresAt(Instant changedAt) {
        return props.passwordExpiryEnabled() ? changedAt.plus(props.passwordMaxAge()) : null;
    }

    boolean expired(Instant changedAt, Instant now) {
        Instant expiry = expiresAt(changedAt);
        return expiry != null && !expiry.isAfter(now);
    }
}
