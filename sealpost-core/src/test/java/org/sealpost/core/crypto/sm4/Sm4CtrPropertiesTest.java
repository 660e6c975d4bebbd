package org.sealpost.core.crypto.sm4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** Our CTR keystream against BouncyCastle's SICBlockCipher(SM4Engine), the reference. */
class Sm4CtrPropertiesTest {

    @Property(tries = 300)
    void ctrMatchesBouncyCastleForShortMessages(
            @ForAll @Size(16) byte[] key,
            @ForAll @Size(16) byte[] iv,
            @ForAll @LongRange(min = 0, max = 1L << 40) long firstBlock,
            @ForAll @IntRange(min = 0, max = 100) int length,
            @ForAll long seed) {
        assertMatchesBouncyCastle(key, iv, firstBlock, randomBytes(length, seed));
    }

    @Property(tries = 10)
    void ctrMatchesBouncyCastleForLargeMessages(
            @ForAll @Size(16) byte[] key,
            @ForAll @Size(16) byte[] iv,
            @ForAll @LongRange(min = 0, max = 1_000_000) long firstBlock,
            @ForAll @IntRange(min = 100_000, max = 300_000) int length,
            @ForAll long seed) {
        assertMatchesBouncyCastle(key, iv, firstBlock, randomBytes(length, seed));
    }

    @Property(tries = 200)
    void counterWrapsLikeBouncyCastle(
            @ForAll @Size(16) byte[] key,
            @ForAll("ivsNearOverflow") byte[] iv,
            @ForAll @IntRange(min = 0, max = 20) int firstBlock,
            @ForAll @IntRange(min = 0, max = 200) int length,
            @ForAll long seed) {
        assertMatchesBouncyCastle(key, iv, firstBlock, randomBytes(length, seed));
    }

    @Property(tries = 100)
    void chunksAtBlockBoundariesGiveTheOneShotResult(
            @ForAll @Size(16) byte[] key,
            @ForAll("ivsNearOverflow") byte[] iv,
            @ForAll @IntRange(min = 1, max = 40) int chunkBlocks,
            @ForAll @IntRange(min = 0, max = 2_000) int length,
            @ForAll long seed) {
        Sm4 sm4 = new Sm4(key);
        byte[] plain = randomBytes(length, seed);
        byte[] oneShot = new byte[length];
        sm4.ctrXor(iv, 0, plain, 0, oneShot, 0, length);

        byte[] chunked = new byte[length];
        int chunk = chunkBlocks * Sm4.BLOCK_SIZE;
        for (int off = 0; off < length; off += chunk) {
            sm4.ctrXor(iv, off / Sm4.BLOCK_SIZE, plain, off, chunked, off, Math.min(chunk, length - off));
        }

        assertThat(chunked).isEqualTo(oneShot);
    }

    @Provide
    Arbitrary<byte[]> ivsNearOverflow() {
        // all-ones low 64 bits, all-ones 128 bits, or a few blocks below either
        return Arbitraries.of(0, 1, 2)
                .flatMap(kind -> Arbitraries.integers()
                        .between(0, 7)
                        .flatMap(below -> Arbitraries.bytes()
                                .array(byte[].class)
                                .ofSize(8)
                                .map(high -> {
                                    byte[] iv = new byte[16];
                                    System.arraycopy(high, 0, iv, 0, 8);
                                    if (kind == 1) {
                                        Arrays.fill(iv, 0, 8, (byte) 0xff);
                                    }
                                    Arrays.fill(iv, 8, 16, (byte) 0xff);
                                    iv[15] = (byte) (0xff - below);
                                    if (kind == 2) {
                                        iv[11] = (byte) 0xf0; // 32-bit word carry without a 64-bit carry
                                    }
                                    return iv;
                                })));
    }

    private static void assertMatchesBouncyCastle(byte[] key, byte[] iv, long firstBlock, byte[] plain) {
        byte[] ours = new byte[plain.length + 3];
        new Sm4(key).ctrXor(iv, firstBlock, plain, 0, ours, 3, plain.length);

        SICBlockCipher reference = (SICBlockCipher) SICBlockCipher.newInstance(new SM4Engine());
        reference.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        reference.seekTo(firstBlock * Sm4.BLOCK_SIZE);
        byte[] theirs = new byte[plain.length + 3];
        reference.processBytes(plain, 0, plain.length, theirs, 3);

        assertThat(ours).isEqualTo(theirs);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
