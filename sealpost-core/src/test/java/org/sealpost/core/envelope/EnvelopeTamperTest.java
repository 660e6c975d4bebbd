package org.sealpost.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.core.envelope.EnvelopeException.Reason.BAD_SIGNATURE;
import static org.sealpost.core.envelope.EnvelopeException.Reason.CHUNK_AUTH_FAILED;
import static org.sealpost.core.envelope.EnvelopeException.Reason.MALFORMED;
import static org.sealpost.core.envelope.EnvelopeException.Reason.TAMPERED_MANIFEST;
import static org.sealpost.core.envelope.EnvelopeException.Reason.TRAILING_DATA;
import static org.sealpost.core.envelope.EnvelopeException.Reason.TRUNCATED;
import static org.sealpost.core.envelope.EnvelopeException.Reason.UNSUPPORTED_VERSION;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.core.envelope.EnvelopeException.Reason;

/**
 * Bad input, parameterised over positions (issue 3): a flipped byte in every region of the
 * envelope, truncation at every boundary, appended bytes, and swapped, duplicated or dropped
 * chunks. Each must be refused with a specific reason, and {@code openToFile} must leave no file.
 */
class EnvelopeTamperTest {

    private static final int CHUNK = 256;
    private static final EnvelopeFixtures F = new EnvelopeFixtures();
    private static final byte[] DOCUMENT = document();
    private static final byte[] ENVELOPE = seal();
    private static final Layout L = Layout.of(ENVELOPE);

    @TempDir
    Path dir;

    /** Byte offsets of the regions of the test envelope. */
    record Layout(int manifestEnd, int certificateEnd, int signatureEnd, int chunks) {
        static Layout of(byte[] e) {
            int manifestEnd =
                    10 + (((e[6] & 0xff) << 24) | ((e[7] & 0xff) << 16) | ((e[8] & 0xff) << 8) | (e[9] & 0xff));
            int certificateEnd = manifestEnd + 2 + (((e[manifestEnd] & 0xff) << 8) | (e[manifestEnd + 1] & 0xff));
            int signatureEnd =
                    certificateEnd + 2 + (((e[certificateEnd] & 0xff) << 8) | (e[certificateEnd + 1] & 0xff));
            return new Layout(
                    manifestEnd, certificateEnd, signatureEnd, (e.length - signatureEnd + CHUNK + 15) / (CHUNK + 16));
        }

        int chunkStart(int i) {
            return signatureEnd + i * (CHUNK + 16);
        }
    }

    static Stream<Arguments> flippedBytes() {
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            cases.add(Arguments.of("magic", i, EnumSet.of(MALFORMED)));
        }
        cases.add(Arguments.of("version", 5, EnumSet.of(UNSUPPORTED_VERSION)));
        Set<Reason> length = EnumSet.of(MALFORMED, TRUNCATED, BAD_SIGNATURE);
        for (int i = 6; i < 10; i++) {
            cases.add(Arguments.of("manifest length", i, length));
        }
        for (int i = 10; i < L.manifestEnd(); i += 7) {
            cases.add(Arguments.of("manifest", i, EnumSet.of(BAD_SIGNATURE)));
        }
        cases.add(Arguments.of("manifest", L.manifestEnd() - 1, EnumSet.of(BAD_SIGNATURE)));
        cases.add(Arguments.of("certificate length", L.manifestEnd(), length));
        cases.add(Arguments.of("certificate length", L.manifestEnd() + 1, length));
        for (int i = L.manifestEnd() + 2; i < L.certificateEnd(); i += 11) {
            cases.add(Arguments.of("certificate", i, EnumSet.of(MALFORMED, BAD_SIGNATURE, TAMPERED_MANIFEST)));
        }
        cases.add(Arguments.of("signature length", L.certificateEnd(), length));
        cases.add(Arguments.of("signature length", L.certificateEnd() + 1, length));
        for (int i = L.certificateEnd() + 2; i < L.signatureEnd(); i++) {
            cases.add(Arguments.of("signature", i, EnumSet.of(BAD_SIGNATURE)));
        }
        for (int c = 0; c < L.chunks(); c++) {
            int start = L.chunkStart(c);
            int end = Math.min(ENVELOPE.length, start + CHUNK + 16);
            for (int i : new int[] {start, start + 1, (start + end) / 2, end - 17, end - 16, end - 1}) {
                cases.add(Arguments.of("chunk " + c, i, EnumSet.of(CHUNK_AUTH_FAILED)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "flipped byte {1} in {0}")
    @MethodSource("flippedBytes")
    void rejectsFlippedByte(String region, int position, Set<Reason> expected) throws Exception {
        byte[] tampered = ENVELOPE.clone();
        tampered[position] ^= 0x01;

        assertRefused(tampered, expected);
    }

    static Stream<Arguments> truncations() {
        List<Integer> lengths = new ArrayList<>(List.of(
                0,
                3,
                5,
                9,
                10,
                11,
                L.manifestEnd() - 1,
                L.manifestEnd(),
                L.manifestEnd() + 1,
                L.manifestEnd() + 40,
                L.certificateEnd(),
                L.certificateEnd() + 1,
                L.signatureEnd() - 1,
                L.signatureEnd()));
        for (int c = 1; c <= L.chunks(); c++) {
            lengths.add(Math.min(L.chunkStart(c) - 1, ENVELOPE.length - 1));
            lengths.add(Math.min(L.chunkStart(c), ENVELOPE.length - 1));
        }
        return lengths.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "truncated to {0} bytes")
    @MethodSource("truncations")
    void rejectsTruncatedEnvelope(int length) throws Exception {
        assertRefused(Arrays.copyOf(ENVELOPE, length), EnumSet.of(TRUNCATED));
    }

    static Stream<Arguments> chunkSurgery() {
        int r = CHUNK + 16;
        int s = L.signatureEnd();
        byte[] swapped = ENVELOPE.clone();
        System.arraycopy(ENVELOPE, s, swapped, s + r, r);
        System.arraycopy(ENVELOPE, s + r, swapped, s, r);
        byte[] duplicated =
                concat(Arrays.copyOf(ENVELOPE, s + 2 * r), Arrays.copyOfRange(ENVELOPE, s + r, ENVELOPE.length));
        byte[] droppedMiddle =
                concat(Arrays.copyOf(ENVELOPE, s + r), Arrays.copyOfRange(ENVELOPE, s + 2 * r, ENVELOPE.length));
        byte[] droppedLast = Arrays.copyOf(ENVELOPE, L.chunkStart(L.chunks() - 1));
        byte[] lastRepeated =
                concat(ENVELOPE, Arrays.copyOfRange(ENVELOPE, L.chunkStart(L.chunks() - 1), ENVELOPE.length));
        byte[] otherEnvelopesChunk = seal();
        byte[] spliced = concat(
                Arrays.copyOf(ENVELOPE, s),
                Arrays.copyOfRange(
                        otherEnvelopesChunk,
                        Layout.of(otherEnvelopesChunk).signatureEnd(),
                        otherEnvelopesChunk.length));
        return Stream.of(
                Arguments.of("first two chunks swapped", swapped, EnumSet.of(CHUNK_AUTH_FAILED)),
                Arguments.of("second chunk duplicated", duplicated, EnumSet.of(CHUNK_AUTH_FAILED)),
                Arguments.of("middle chunk dropped", droppedMiddle, EnumSet.of(CHUNK_AUTH_FAILED)),
                Arguments.of("last chunk dropped", droppedLast, EnumSet.of(TRUNCATED)),
                Arguments.of("last chunk repeated", lastRepeated, EnumSet.of(TRAILING_DATA)),
                Arguments.of("one byte appended", concat(ENVELOPE, new byte[1]), EnumSet.of(TRAILING_DATA)),
                Arguments.of("chunks of another envelope", spliced, EnumSet.of(CHUNK_AUTH_FAILED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkSurgery")
    void rejectsRearrangedChunks(String what, byte[] tampered, Set<Reason> expected) throws Exception {
        assertRefused(tampered, expected);
    }

    private void assertRefused(byte[] tampered, Set<Reason> expected) throws Exception {
        for (int parallelism : new int[] {1, 2}) {
            Path envelope = dir.resolve("in.spenv");
            Files.write(envelope, tampered);
            Path target = dir.resolve("out.ofd");
            assertThatThrownBy(() -> new EnvelopeReader(SenderCheck.signatureOnly(), parallelism)
                            .openToFile(envelope, F.bankA.token(), target))
                    .isInstanceOfSatisfying(
                            EnvelopeException.class, e -> assertThat(e.reason()).isIn(expected));
            try (var files = Files.list(dir)) {
                assertThat(files).containsExactly(envelope);
            }
        }
    }

    private static byte[] document() {
        byte[] document = new byte[3 * CHUNK + 100];
        F.pki.random.nextBytes(document);
        return document;
    }

    private static byte[] seal() {
        try {
            return F.seal(DOCUMENT, CHUNK, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
