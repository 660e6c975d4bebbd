package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SECURITY.md A01: length, common passwords and context words. */
class PasswordPolicyTest {

    private static final PasswordPolicy POLICY = new PasswordPolicy(12, 128, PasswordPolicy.loadCommon());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Eleven-char, password-too-short",
        "Twelve-chars, ''",
        "password1234, password-common",
        "Password2024!!, password-common",
        "qwertyuiopasdfgh, password-common",
        "abcabcabcabcabc, password-common",
        "zzzzzzzzzzzzzzzz, password-common",
        "my-icbc-zj-a-pass, password-contains-context",
        "Good-Icbc-Bank-Pass, password-contains-context",
        "I-like-SealPost-99, password-contains-context",
        "Tranquil-Harbour-Lantern-58, ''"
    })
    void judgesPasswords(String password, String expected) {
        assertThat(POLICY.violation(password, "icbc-zj-a", "ICBC-ZJ").orElse(""))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void accepts128CharactersAndRefuses129() {
        assertThat(POLICY.violation("Lantern-".repeat(16), "u1", "X1")).isEmpty();
        assertThat(POLICY.violation("Lantern-".repeat(16) + "x", "u1", "X1")).contains("password-too-long");
    }
}
