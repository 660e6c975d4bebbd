package org.sealpost.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private final PasswordHash hasher = new PasswordHash(new SecureRandom(), 1_000);

    @Test
    void samePasswordForTwoUsersGivesDifferentHashes() {
        String first = hasher.hash("correct horse battery staple");
        String second = hasher.hash("correct horse battery staple");

        assertThat(first).isNotEqualTo(second).startsWith("pbkdf2-sm3$1000$");
        assertThat(hasher.matches("correct horse battery staple", first)).isTrue();
        assertThat(hasher.matches("correct horse battery staple", second)).isTrue();
    }

    @Test
    void rejectsWrongPasswordAndMalformedHash() {
        String stored = hasher.hash("correct horse battery staple");

        assertThat(hasher.matches("correct horse battery stapl", stored)).isFalse();
        assertThat(hasher.matches("x", "pbkdf2-sm3$1000$!!$??")).isFalse();
        assertThat(hasher.matches("x", "bcrypt$10$abc$def")).isFalse();
        assertThat(hasher.matches("x", null)).isFalse();
    }

    @Test
    void longPasswordsAreNotTruncated() {
        String base = "a".repeat(127);
        String stored = hasher.hash(base + "b");

        assertThat(hasher.matches(base + "b", stored)).isTrue();
        assertThat(hasher.matches(base + "c", stored)).isFalse();
    }

    @Test
    void asksForRehashWhenIterationsChange() {
        String stored = hasher.hash("pw-for-rehash-check");

        assertThat(hasher.needsRehash(stored)).isFalse();
        assertThat(new PasswordHash(new SecureRandom(), 2_000).needsRehash(stored))
                .isTrue();
    }
}
