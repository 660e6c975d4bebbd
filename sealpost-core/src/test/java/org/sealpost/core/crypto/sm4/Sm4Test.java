package org.sealpost.core.crypto.sm4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class Sm4Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] STANDARD_KEY = HEX.parseHex("0123456789abcdeffedcba9876543210");

    @Test
    void encryptsTheStandardExample() {
        byte[] out = new byte[16];

        new Sm4(STANDARD_KEY).encryptBlock(STANDARD_KEY, 0, out, 0);

        assertThat(HEX.formatHex(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    @Test
    void decryptsTheStandardExample() {
        byte[] out = new byte[16];

        new Sm4(STANDARD_KEY).decryptBlock(HEX.parseHex("681edf34d206965e86b3e94f536e4246"), 0, out, 0);

        assertThat(out).isEqualTo(STANDARD_KEY);
    }

    @Test
    void encryptsTheStandardExampleAMillionTimes() {
        Sm4 sm4 = new Sm4(STANDARD_KEY);
        byte[] block = STANDARD_KEY.clone();

        for (int i = 0; i < 1_000_000; i++) {
            sm4.encryptBlock(block, 0, block, 0);
        }

        assertThat(HEX.formatHex(block)).isEqualTo("595298c7c6fd271f0402f804c33d3f66");
    }

    @Test
    void matchesBouncyCastleOnRandomBlocks() {
        SplittableRandom random = new SplittableRandom(20261127L);
        SM4Engine engine = new SM4Engine();
        byte[] key = new byte[16];
        byte[] plain = new byte[16];
        byte[] ours = new byte[16];
        byte[] theirs = new byte[16];
        byte[] back = new byte[16];

        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(key);
            random.nextBytes(plain);
            Sm4 sm4 = new Sm4(key);
            sm4.encryptBlock(plain, 0, ours, 0);
            engine.init(true, new KeyParameter(key));
            engine.processBlock(plain, 0, theirs, 0);
            sm4.decryptBlock(ours, 0, back, 0);

            assertThat(ours).as("block %d", i).isEqualTo(theirs);
            assertThat(back).as("block %d", i).isEqualTo(plain);
        }
    }

    @Test
    void ctrMatchesBouncyCastleOnRandomStreams() {
        // a fixed-seed sweep beside the jqwik properties: lengths, offsets and counters near overflow
        SplittableRandom random = new SplittableRandom(32907L);
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        for (int i = 0; i < 3_000; i++) {
            random.nextBytes(key);
            random.nextBytes(iv);
            if (i % 3 == 0) {
                // counter a few blocks below a carry out of the low 64 bits, or of all 128 bits
                Arrays.fill(iv, i % 2 == 0 ? 8 : 0, 16, (byte) 0xff);
                iv[15] = (byte) (0xff - random.nextInt(8));
            }
            long firstBlock = random.nextInt(4) == 0 ? random.nextLong(1L << 40) : random.nextInt(10);
            byte[] plain = new byte[random.nextInt(i % 100 == 0 ? 70_000 : 300)];
            random.nextBytes(plain);
            byte[] ours = new byte[plain.length];
            new Sm4(key).ctrXor(iv, firstBlock, plain, 0, ours, 0, plain.length);

            SICBlockCipher reference = (SICBlockCipher) SICBlockCipher.newInstance(new SM4Engine());
            reference.init(true, new ParametersWithIV(new KeyParameter(key), iv));
            reference.seekTo(firstBlock * Sm4.BLOCK_SIZE);
            byte[] theirs = new byte[plain.length];
            reference.processBytes(plain, 0, plain.length, theirs, 0);

            assertThat(ours).as("stream %d", i).isEqualTo(theirs);
        }
    }

    @Test
    void encryptsAtOffsetsWithoutTouchingNeighbouringBytes() {
        Sm4 sm4 = new Sm4(STANDARD_KEY);
        byte[] in = new byte[40];
        System.arraycopy(STANDARD_KEY, 0, in, 7, 16);
        byte[] out = new byte[40];

        sm4.encryptBlock(in, 7, out, 13);

        assertThat(HEX.formatHex(out, 13, 29)).isEqualTo("681edf34d206965e86b3e94f536e4246");
        assertThat(out).startsWith(new byte[13]).endsWith(new byte[11]);
    }

    @Test
    void ctrWorksInPlace() {
        Sm4 sm4 = new Sm4(STANDARD_KEY);
        byte[] iv = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] data = new byte[1000];
        new SplittableRandom(1).nextBytes(data);
        byte[] expected = new byte[1000];
        sm4.ctrXor(iv, 3, data, 0, expected, 0, data.length);

        sm4.ctrXor(iv, 3, data, 0, data, 0, data.length);

        assertThat(data).isEqualTo(expected);
    }

    @Test
    void parallelCtrMatchesSingleThread() throws Exception {
        Sm4 sm4 = new Sm4(STANDARD_KEY);
        byte[] iv = HEX.parseHex("ffffffffffffffffffffffffffff0000");
        byte[] data = new byte[3 * Sm4.MIN_PARALLEL_PART + 37];
        new SplittableRandom(2).nextBytes(data);
        byte[] single = new byte[data.length + 5];
        sm4.ctrXor(iv, 11, data, 0, single, 5, data.length);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int parallelism = 1; parallelism <= 5; parallelism++) {
                byte[] parallel = new byte[data.length + 5];

                sm4.ctrXorParallel(iv, 11, data, 0, parallel, 5, data.length, pool, parallelism);

                assertThat(parallel).as("parallelism %d", parallelism).isEqualTo(single);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsMalformedArguments() {
        Sm4 sm4 = new Sm4(STANDARD_KEY);
        byte[] buffer = new byte[32];

        assertThatThrownBy(() -> new Sm4(new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sm4.ctrXor(new byte[12], 0, buffer, 0, buffer, 0, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sm4.ctrXor(new byte[16], -1, buffer, 0, buffer, 0, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sm4.ctrXor(new byte[16], 0, buffer, 20, buffer, 0, 16))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> sm4.encryptBlock(buffer, 17, buffer, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
