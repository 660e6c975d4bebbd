package org.sealpost.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sealpost.core.crypto.StreamAuthenticationException.Kind;

class ChunkedAeadTest {

    private static final int CHUNK = 256;
    private final SecureRandom random = new SecureRandom();
    private final byte[] aad = Sm3.digest(new byte[] {1, 2, 3});

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 255, 256, 257, 511, 512, 1000, 5 * 256 + 7})
    void roundTripsAnyLengthSequentialAndParallelAlike(int length) throws Exception {
        byte[] plaintext = new byte[length];
        random.nextBytes(plaintext);
        for (int parallelism : new int[] {1, 2, 4}) {
            ChunkedAead sealer = ChunkedAead.newStream(random, CHUNK, parallelism);
            byte[] ciphertext = encrypt(sealer, plaintext);

            assertThat((long) ciphertext.length).isEqualTo(ChunkedAead.ciphertextLength(length, CHUNK));
            for (int readers : new int[] {1, 3}) {
                assertThat(decrypt(sealer.key(), sealer.noncePrefix(), ciphertext, length, readers))
                        .isEqualTo(plaintext);
            }
        }
    }

    @Test
    void eachChunkIsStandardSm4GcmWithTheStreamNonce() throws Exception {
        byte[] plaintext = new byte[600];
        random.nextBytes(plaintext);
        ChunkedAead sealer = ChunkedAead.newStream(random, CHUNK, 2);
        byte[] ciphertext = encrypt(sealer, plaintext);

        int[] lengths = {256, 256, 88};
        int in = 0;
        int out = 0;
        for (int i = 0; i < 3; i++) {
            byte[] nonce = new byte[12];
            System.arraycopy(sealer.noncePrefix(), 0, nonce, 0, 7);
            nonce[10] = (byte) i;
            nonce[11] = (byte) (i == 2 ? 1 : 0);
            byte[] expected = bouncyCastleGcm(sealer.key(), nonce, Arrays.copyOfRange(plaintext, in, in + lengths[i]));
            assertThat(Arrays.copyOfRange(ciphertext, out, out + expected.length))
                    .isEqualTo(expected);
            in += lengths[i];
            out += expected.length;
        }
    }

    @Test
    void samePlaintextGivesDifferentCiphertext() throws Exception {
        byte[] plaintext = new byte[300];
        assertThat(encrypt(ChunkedAead.newStream(random, CHUNK, 1), plaintext))
                .isNotEqualTo(encrypt(ChunkedAead.newStream(random, CHUNK, 1), plaintext));
    }

    @Test
    void encryptsOnlyOnceAndDecryptorsCannotEncrypt() throws Exception {
        ChunkedAead sealer = ChunkedAead.newStream(random, CHUNK, 1);
        encrypt(sealer, new byte[10]);

        assertThatThrownBy(() -> encrypt(sealer, new byte[10])).isInstanceOf(IllegalStateException.class);
        ChunkedAead reader = ChunkedAead.forDecryption(sealer.key(), sealer.noncePrefix(), CHUNK, 1);
        assertThatThrownBy(() -> encrypt(reader, new byte[10])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shortInputIsAnErrorWhenEncrypting() {
        ChunkedAead sealer = ChunkedAead.newStream(random, CHUNK, 1);
        assertThatThrownBy(() ->
                        sealer.encrypt(new ByteArrayInputStream(new byte[10]), 11, aad, new ByteArrayOutputStream()))
                .isInstanceOf(EOFException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void detectsFlippedSwappedDuplicatedAndTruncatedChunks(int parallelism) throws Exception {
        int length = 3 * CHUNK + 10;
        byte[] plaintext = new byte[length];
        ChunkedAead sealer = ChunkedAead.newStream(random, CHUNK, 1);
        byte[] ct = encrypt(sealer, plaintext);
        int record = CHUNK + 16;
        byte[] key = sealer.key();
        byte[] prefix = sealer.noncePrefix();

        byte[] flipped = ct.clone();
        flipped[record * 2 + 5] ^= 1;
        assertFails(key, prefix, flipped, length, parallelism, Kind.CHUNK_AUTH_FAILED, 2);

        byte[] swapped = ct.clone();
        System.arraycopy(ct, 0, swapped, record, record);
        System.arraycopy(ct, record, swapped, 0, record);
        assertFails(key, prefix, swapped, length, parallelism, Kind.CHUNK_AUTH_FAILED, 0);

        byte[] duplicated = ct.clone();
        System.arraycopy(ct, 0, duplicated, record, record);
        assertFails(key, prefix, duplicated, length, parallelism, Kind.CHUNK_AUTH_FAILED, 1);

        assertFails(key, prefix, Arrays.copyOf(ct, ct.length - 1), length, parallelism, Kind.TRUNCATED, 3);
        assertFails(key, prefix, Arrays.copyOf(ct, 3 * record), length, parallelism, Kind.TRUNCATED, 3);

        // a reader told the stream ends after three full chunks finds chunk 2 not marked last
        assertFails(key, prefix, Arrays.copyOf(ct, 3 * record), 3 * CHUNK, parallelism, Kind.CHUNK_AUTH_FAILED, 2);

        byte[] otherAad = new byte[32];
        ChunkedAead reader = ChunkedAead.forDecryption(key, prefix, CHUNK, parallelism);
        assertThatThrownBy(() ->
                        reader.decrypt(new ByteArrayInputStream(ct), length, otherAad, new ByteArrayOutputStream()))
                .isInstanceOf(StreamAuthenticationException.class);
    }

    @Test
    void parallelDecryptionStopsAtTheFirstBadChunkAndWritesOnlyVerifiedChunks() throws Exception {
        int length = 20 * CHUNK;
        byte[] plaintext = new byte[length];
        new Random(1).nextBytes(plaintext);
        ChunkedAead sealer = ChunkedAead.newStream(random, CHUNK, 2);
        byte[] ct = encrypt(sealer, plaintext);
        ct[7 * (CHUNK + 16) + 3] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkedAead reader = ChunkedAead.forDecryption(sealer.key(), sealer.noncePrefix(), CHUNK, 2);
        assertThatThrownBy(() -> reader.decrypt(new ByteArrayInputStream(ct), length, aad, out))
                .isInstanceOf(StreamAuthenticationException.class);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(plaintext, 7 * CHUNK));
    }

    @Test
    void refusesChunkSizesOutsideTheBounds() {
        assertThatThrownBy(() -> ChunkedAead.newStream(random, 100, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkedAead.newStream(random, 8 * 1024 * 1024, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ChunkedAead.newStream(random, 64 * 1024, 1).toString()).contains("REDACTED");
    }

    private void assertFails(
            byte[] key, byte[] prefix, byte[] ct, long length, int parallelism, Kind kind, long index) {
        assertThatThrownBy(() -> decrypt(key, prefix, ct, length, parallelism))
                .isInstanceOfSatisfying(StreamAuthenticationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.chunkIndex()).isEqualTo(index);
                });
    }

    private byte[] encrypt(ChunkedAead sealer, byte[] plaintext) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sealer.encrypt(new ByteArrayInputStream(plaintext), plaintext.length, aad, out);
        return out.toByteArray();
    }

    private byte[] decrypt(byte[] key, byte[] prefix, byte[] ct, long length, int parallelism) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkedAead.forDecryption(key, prefix, CHUNK, parallelism)
                .decrypt(new ByteArrayInputStream(ct), length, aad, out);
        return out.toByteArray();
    }

    private byte[] bouncyCastleGcm(byte[] key, byte[] nonce, byte[] plaintext) throws Exception {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(new SM4Engine());
        cipher.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
        cipher.doFinal(out, cipher.processBytes(plaintext, 0, plaintext.length, out, 0));
        return out;
    }
}
