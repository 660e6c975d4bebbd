package org.sealpost.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.GCMUtil;
import org.bouncycastle.crypto.modes.gcm.Tables64kGCMMultiplier;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/**
 * Our GHASH against the GCM specification's test vector and against BouncyCastle (its 64 KiB
 * multiplier, and its bit-serial {@code GCMUtil.multiply} as an independent reference).
 */
class GhashTest {

    /** McGrew–Viega GCM test case 2 (AES-128, zero key): GHASH(H, {}, C) with the length block. */
    @Test
    void matchesTheGcmSpecificationTestCase2() {
        byte[] h = Hex.decode("66e94bd4ef8a2c3b884cfa59ca342b2e");
        byte[] c = Hex.decode("0388dace60b6a392f328c2b971b2fe78");
        byte[] y = new byte[16];
        Ghash ghash = new Ghash(h);

        ghash.update(y, c, 0, c.length);
        ghash.update(y, Hex.decode("00000000000000000000000000000080"), 0, 16);

        assertThat(Hex.toHexString(y)).isEqualTo("f38cbb1ad69223dcc3457ae5b6b0f885");
    }

    @Test
    void everySingleBitOfHAndOfTheInputMultipliesLikeBouncyCastle() {
        for (int hb = 0; hb < 128; hb++) {
            byte[] h = new byte[16];
            h[hb / 8] = (byte) (0x80 >>> (hb % 8));
            Ghash ghash = new Ghash(h);
            for (int xb = 0; xb < 128; xb++) {
                byte[] x = new byte[16];
                x[xb / 8] = (byte) (0x80 >>> (xb % 8));
                byte[] ours = x.clone();
                ghash.multiplyH(ours);
                assertThat(ours).as("H bit %d, X bit %d", hb, xb).isEqualTo(reference(h, x));
            }
        }
    }

    @Test
    void multipliesRandomElementsLikeBouncyCastle() {
        Random random = new Random(20261127);
        for (int round = 0; round < 2_000; round++) {
            byte[] h = bytes(random, 16);
            byte[] x = bytes(random, 16);
            Ghash ghash = new Ghash(h);
            byte[] ours = x.clone();
            ghash.multiplyH(ours);

            GCMMultiplier bc = new Tables64kGCMMultiplier();
            bc.init(h);
            byte[] theirs = x.clone();
            bc.multiplyH(theirs);

            assertThat(ours).isEqualTo(theirs).isEqualTo(reference(h, x));
        }
    }

    @Property(tries = 500)
    void hashesStreamsLikeBouncyCastle(
            @ForAll @Size(16) byte[] h,
            @ForAll @Size(16) byte[] start,
            @ForAll @IntRange(min = 0, max = 3000) int length,
            @ForAll @IntRange(min = 0, max = 40) int offset,
            @ForAll long seed) {
        byte[] data = bytes(new Random(seed), offset + length + 7);
        byte[] ours = start.clone();
        new Ghash(h).update(ours, data, offset, length);

        assertThat(ours).isEqualTo(bouncyCastle(h, start, data, offset, length));
    }

    @Test
    void leavesTheStateAloneForEmptyInputAndPadsAPartialBlockWithZeros() {
        byte[] h = Hex.decode("66e94bd4ef8a2c3b884cfa59ca342b2e");
        Ghash ghash = new Ghash(h);
        byte[] y = Hex.decode("00112233445566778899aabbccddeeff");
        byte[] before = y.clone();
        ghash.update(y, new byte[5], 5, 0);
        assertThat(y).isEqualTo(before);

        byte[] partial = {1, 2, 3};
        byte[] padded = Arrays.copyOf(partial, 16);
        byte[] a = before.clone();
        byte[] b = before.clone();
        ghash.update(a, partial, 0, 3);
        ghash.update(b, padded, 0, 16);
        assertThat(a).isEqualTo(b);
    }

    private static byte[] bouncyCastle(byte[] h, byte[] start, byte[] data, int off, int len) {
        GCMMultiplier bc = new Tables64kGCMMultiplier();
        bc.init(h);
        byte[] y = start.clone();
        for (int i = 0; i < len; i += 16) {
            int n = Math.min(16, len - i);
            for (int j = 0; j < n; j++) {
                y[j] ^= data[off + i + j];
            }
            bc.multiplyH(y);
        }
        return y;
    }

    /** Bit-serial multiplication (BouncyCastle's GCMUtil), independent of any table. */
    private static byte[] reference(byte[] h, byte[] x) {
        byte[] out = x.clone();
        GCMUtil.multiply(out, h);
        return out;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
