package org.sealpost.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH (NIST SP 800-38D §6.4) for one hash subkey H, with flat 8-bit tables: for each of the 16
 * byte positions i and each byte value b, {@code T[i][b] = (b · x^(8i)) · H} in GF(2^128), so
 * multiplying a block by H is 16 look-ups and XORs with no reduction step. The same maths as
 * BouncyCastle's {@code Tables64kGCMMultiplier} (also 64 KiB per key), but the table is one flat
 * {@code long[]} — no {@code long[][]} indirection and no array-bounds check per row — and the state
 * lives in two locals for a whole run of blocks instead of being written back to a byte array
 * after every block. {@code GhashTest} proves it equal to BouncyCastle's multiplier and GCM.
 *
 * <p>Bit order is GCM's: bit 0 of the field element is the most significant bit of byte 0, a
 * 128-bit block is read as two big-endian longs (hi = bytes 0–7, lo = bytes 8–15), and
 * multiplying by x is a right shift with the reduction constant 0xE1 ‖ 0^120.
 *
 * <p>Immutable after construction, so thread-safe; the state is the caller's. Public for the
 * benchmarks; the envelope and blob layers reach it through SM4-GCM.
 */
public final class Ghash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long R = 0xE100000000000000L;

    /** Entry (i, b) at index ((i << 8) | b) << 1: hi, then lo. 16 × 256 × 2 longs = 64 KiB. */
    private final long[] table = new long[16 * 256 * 2];

    public Ghash(byte[] h) {
        if (h.length != 16) {
            throw new IllegalArgumentException("H must be 16 bytes");
        }
        long vh = (long) LONGS.get(h, 0);
        long vl = (long) LONGS.get(h, 8);
        // V_k = H · x^k for k = 0 .. 127; bit k of the input is bit (7 - k % 8) of byte k / 8.
        for (int i = 0; i < 16; i++) {
            int base = i << 9;
            for (int j = 0; j < 8; j++) {
                int b = 0x80 >>> j;
                table[base + (b << 1)] = vh;
                table[base + (b << 1) + 1] = vl;
                // multiply V by x
                long carry = -(vl & 1) & R;
                vl = (vl >>> 1) | (vh << 63);
                vh = (vh >>> 1) ^ carry;
            }
            // every other byte value by linearity: T[p ^ a] = T[p] ^ T[a] for a < p
            for (int p = 2; p < 256; p <<= 1) {
                for (int a = 1; a < p; a++) {
                    table[base + ((p ^ a) << 1)] = table[base + (p << 1)] ^ table[base + (a << 1)];
                    table[base + ((p ^ a) << 1) + 1] = table[base + (p << 1) + 1] ^ table[base + (a << 1) + 1];
                }
            }
        }
    }

    /**
     * Absorbs {@code data[off .. off+len)}, zero-padded to whole 16-byte blocks, into the state
     * {@code y} (16 bytes, updated in place): for each block X, y = (y ⊕ X) · H.
     */
    public void update(byte[] y, byte[] data, int off, int len) {
        long hi = (long) LONGS.get(y, 0);
        long lo = (long) LONGS.get(y, 8);
        int full = off + (len & ~15);
        long[] t = table;
        for (int i = off; i < full; i += 16) {
            long xh = hi ^ (long) LONGS.get(data, i);
            long xl = lo ^ (long) LONGS.get(data, i + 8);
            long zh = 0;
            long zl = 0;
            int k;
            k = (int) (xh >>> 55) & 0x1fe;
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (1 << 9) | ((int) (xh >>> 47) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (2 << 9) | ((int) (xh >>> 39) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (3 << 9) | ((int) (xh >>> 31) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (4 << 9) | ((int) (xh >>> 23) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (5 << 9) | ((int) (xh >>> 15) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (6 << 9) | ((int) (xh >>> 7) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (7 << 9) | ((int) (xh << 1) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (8 << 9) | ((int) (xl >>> 55) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (9 << 9) | ((int) (xl >>> 47) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (10 << 9) | ((int) (xl >>> 39) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (11 << 9) | ((int) (xl >>> 31) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (12 << 9) | ((int) (xl >>> 23) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (13 << 9) | ((int) (xl >>> 15) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (14 << 9) | ((int) (xl >>> 7) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            k = (15 << 9) | ((int) (xl << 1) & 0x1fe);
            zh ^= t[k];
            zl ^= t[k + 1];
            hi = zh;
            lo = zl;
        }
        LONGS.set(y, 0, hi);
        LONGS.set(y, 8, lo);
        int rest = off + len - full;
        if (rest > 0) {
            byte[] last = new byte[16];
            System.arraycopy(data, full, last, 0, rest);
            update(y, last, 0, 16);
        }
    }

    /** y = y · H (y is 16 bytes, updated in place). */
    public void multiplyH(byte[] y) {
        update(y, new byte[16], 0, 16);
    }
}
