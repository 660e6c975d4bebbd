package org.sealpost.core.crypto.sm4;

import static org.sealpost.core.crypto.sm4.Sm4Tables.t;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The SM4 rounds over 32 round keys, for one block and for four CTR blocks at a time.
 *
 * <p>Shape, as measured on the 2-core dev machine (docs/performance.md): four independent blocks
 * per loop iteration let the CPU overlap their table look-ups (one block alone is bound by the
 * latency of its dependency chain: ~135 MB/s, two ~210, four ~275). The rounds run in a loop of
 * eight steps of four rounds, so each state word keeps its role and no round keys are shuffled;
 * unrolling all 32 rounds for four blocks made the method exceed C2's inlining budget
 * ({@code DesiredMethodLimit}: {@link Sm4Tables#t} stopped being inlined) and a fully unrolled
 * version split in halves measured ~215 MB/s, slower than this loop. Within a step, {@code x2 ^ x3}
 * is shared by the first two rounds and {@code x0 ^ x1} by the last two, which saves two XORs per
 * step and is the same arithmetic as the standard.
 */
final class Sm4Kernel {

    static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** Blocks per iteration of {@link #ctrGroups}. */
    static final int GROUP_BLOCKS = 4;

    private Sm4Kernel() {}

    /** Runs the 32 rounds of {@code rk} over one 16-byte block (encryption or decryption). */
    static void cryptBlock(int[] rk, byte[] in, int inOff, byte[] out, int outOff) {
        int x0 = (int) INT_BE.get(in, inOff);
        int x1 = (int) INT_BE.get(in, inOff + 4);
        int x2 = (int) INT_BE.get(in, inOff + 8);
        int x3 = (int) INT_BE.get(in, inOff + 12);
        for (int r = 0; r < 32; r += 4) {
            int s = x2 ^ x3;
            x0 ^= t(x1 ^ s ^ rk[r]);
            x1 ^= t(x0 ^ s ^ rk[r + 1]);
            s = x0 ^ x1;
            x2 ^= t(x3 ^ s ^ rk[r + 2]);
            x3 ^= t(x2 ^ s ^ rk[r + 3]);
        }
        // the standard's output is the last four words in reverse order
        INT_BE.set(out, outOff, x3);
        INT_BE.set(out, outOff + 4, x2);
        INT_BE.set(out, outOff + 8, x1);
        INT_BE.set(out, outOff + 12, x0);
    }

    /**
     * XORs {@code groups * 64} bytes of {@code in} with the CTR keystream whose first counter block
     * is the 128-bit big-endian value {@code hi:lo}, incremented modulo 2^128 per block.
     */
    static void ctrGroups(int[] rk, long hi, long lo, int groups, byte[] in, int inOff, byte[] out, int outOff) {
        for (int g = 0; g < groups; g++) {
            int a0 = (int) (hi >>> 32), a1 = (int) hi, a2 = (int) (lo >>> 32), a3 = (int) lo;
            if (++lo == 0) {
                hi++;
            }
            int b0 = (int) (hi >>> 32), b1 = (int) hi, b2 = (int) (lo >>> 32), b3 = (int) lo;
            if (++lo == 0) {
                hi++;
            }
            int c0 = (int) (hi >>> 32), c1 = (int) hi, c2 = (int) (lo >>> 32), c3 = (int) lo;
            if (++lo == 0) {
                hi++;
            }
            int d0 = (int) (hi >>> 32), d1 = (int) hi, d2 = (int) (lo >>> 32), d3 = (int) lo;
            if (++lo == 0) {
                hi++;
            }
            for (int r = 0; r < 32; r += 4) {
                int k0 = rk[r], k1 = rk[r + 1], k2 = rk[r + 2], k3 = rk[r + 3];
                int as = a2 ^ a3, bs = b2 ^ b3, cs = c2 ^ c3, ds = d2 ^ d3;
                a0 ^= t(a1 ^ as ^ k0);
                b0 ^= t(b1 ^ bs ^ k0);
                c0 ^= t(c1 ^ cs ^ k0);
                d0 ^= t(d1 ^ ds ^ k0);
                a1 ^= t(a0 ^ as ^ k1);
                b1 ^= t(b0 ^ bs ^ k1);
                c1 ^= t(c0 ^ cs ^ k1);
                d1 ^= t(d0 ^ ds ^ k1);
                as = a0 ^ a1;
                bs = b0 ^ b1;
                cs = c0 ^ c1;
                ds = d0 ^ d1;
                a2 ^= t(a3 ^ as ^ k2);
                b2 ^= t(b3 ^ bs ^ k2);
                c2 ^= t(c3 ^ cs ^ k2);
                d2 ^= t(d3 ^ ds ^ k2);
                a3 ^= t(a2 ^ as ^ k3);
                b3 ^= t(b2 ^ bs ^ k3);
                c3 ^= t(c2 ^ cs ^ k3);
                d3 ^= t(d2 ^ ds ^ k3);
            }
            xorWord(in, inOff, out, outOff, a3);
            xorWord(in, inOff + 4, out, outOff + 4, a2);
            xorWord(in, inOff + 8, out, outOff + 8, a1);
            xorWord(in, inOff + 12, out, outOff + 12, a0);
            xorWord(in, inOff + 16, out, outOff + 16, b3);
            xorWord(in, inOff + 20, out, outOff + 20, b2);
            xorWord(in, inOff + 24, out, outOff + 24, b1);
            xorWord(in, inOff + 28, out, outOff + 28, b0);
            xorWord(in, inOff + 32, out, outOff + 32, c3);
            xorWord(in, inOff + 36, out, outOff + 36, c2);
            xorWord(in, inOff + 40, out, outOff + 40, c1);
            xorWord(in, inOff + 44, out, outOff + 44, c0);
            xorWord(in, inOff + 48, out, outOff + 48, d3);
            xorWord(in, inOff + 52, out, outOff + 52, d2);
            xorWord(in, inOff + 56, out, outOff + 56, d1);
            xorWord(in, inOff + 60, out, outOff + 60, d0);
            inOff += 64;
            outOff += 64;
        }
    }

    private static void xorWord(byte[] in, int inOff, byte[] out, int outOff, int keystream) {
        INT_BE.set(out, outOff, (int) INT_BE.get(in, inOff) ^ keystream);
    }
}
