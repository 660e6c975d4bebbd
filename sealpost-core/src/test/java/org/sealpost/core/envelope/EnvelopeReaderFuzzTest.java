package org.sealpost.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;

/**
 * Hostile input to the envelope reader (SECURITY.md V01): whatever the bytes, the reader either
 * opens them or throws {@link EnvelopeException} — no other exception, no hang, no allocation
 * driven by a length field. In a normal build the committed corpus under
 * {@code EnvelopeReaderFuzzTestInputs/} is replayed; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class EnvelopeReaderFuzzTest {

    private static final Token RECIPIENT = recipient();

    @FuzzTest(maxDuration = "60s")
    void readerOnlyThrowsEnvelopeException(byte[] input) throws IOException {
        for (int parallelism : new int[] {1, 2}) {
            try {
                new EnvelopeReader(SenderCheck.signatureOnly(), parallelism)
                        .open(new ByteArrayInputStream(input), RECIPIENT, OutputStream.nullOutputStream());
            } catch (EnvelopeException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
    }

    @Test
    @Timeout(5)
    void hostileLengthFieldsAllocateNothingBig() {
        byte[] claimsHugeManifest = {'S', 'P', 'E', 'N', 'V', 1, 0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x30};
        byte[] claimsTooHugeManifest = {'S', 'P', 'E', 'N', 'V', 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        long before = usedHeap();

        assertThatThrownBy(() -> open(claimsHugeManifest))
                .isInstanceOfSatisfying(
                        EnvelopeException.class,
                        e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.TRUNCATED));
        assertThatThrownBy(() -> open(claimsTooHugeManifest))
                .isInstanceOfSatisfying(
                        EnvelopeException.class,
                        e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.MALFORMED));
        assertThat(usedHeap() - before).isLessThan(8L * 1024 * 1024);
    }

    private static void open(byte[] input) throws Exception {
        new EnvelopeReader(SenderCheck.signatureOnly(), 1)
                .open(new ByteArrayInputStream(input), RECIPIENT, OutputStream.nullOutputStream());
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static Token recipient() {
        try {
            return Pkcs12Token.open(
                    Path.of("src/test/resources/envelope/v1/TEST-ONLY-recipient.p12"),
                    EnvelopeTestVectorTest.PIN.toCharArray(),
                    new SecureRandom());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
