package org.sealpost.core.statement;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Hostile input to the statement parser and verifier (SECURITY.md V01): only {@link
 * StatementException}, whatever the bytes. The committed corpus under {@code
 * StatementVerifierFuzzTestInputs/} is replayed in every build.
 */
class StatementVerifierFuzzTest {

    private final StatementVerifier verifier = new StatementVerifier(null);

    @FuzzTest(maxDuration = "60s")
    void verifierOnlyThrowsStatementException(byte[] input) {
        try {
            assertThat(verifier.verify(input).statement()).isNotNull();
        } catch (StatementException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }
}
