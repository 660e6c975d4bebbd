package org.sealpost.core.crypto.sm4;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The standard SM4 block cipher (GB/T 32907) under one 128-bit key, with the CTR keystream that
 * the envelope's chunk encryption uses. This is our own table-driven implementation of the same
 * cipher (see {@link Sm4Tables} and {@link Sm4Kernel}); tests prove it identical to BouncyCastle's
 * {@code SM4Engine} and {@code SICBlockCipher}.
 *
 * <p>Contract for {@link #ctrXor}: the counter block is {@code iv} (16 bytes) read as a big-endian
 * 128-bit integer, incremented by one per 16-byte block (modulo 2^128), starting at {@code iv +
 * firstBlock}. The output is {@code in XOR E_k(counter_0) || E_k(counter_1) ...}, exactly as
 * BouncyCastle's {@code SICBlockCipher(SM4Engine)} after {@code seekTo(firstBlock * 16)}. {@code
 * in} and {@code out} may be the same region (in-place); otherwise they must not overlap.
 *
 * <p>Instances are immutable after construction and safe to share between threads.
 */
public final class Sm4 {

    public static final int BLOCK_SIZE = 16;
    public static final int KEY_SIZE = 16;

    /** Below this many bytes per part, {@link #ctrXorParallel} stays on the calling thread. */
    static final int MIN_PARALLEL_PART = 64 * 1024;

    private final int[] encryptionKeys;
    private final int[] decryptionKeys;

    public Sm4(byte[] key) {
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("SM4 key must be 16 bytes");
        }
        encryptionKeys = expandKey(key);
        decryptionKeys = new int[32];
        for (int i = 0; i < 32; i++) {
            decryptionKeys[i] = encryptionKeys[31 - i];
        }
    }

    /** Encrypts one 16-byte block. */
    public void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, BLOCK_SIZE, in.length);
        Objects.checkFromIndexSize(outOff, BLOCK_SIZE, out.length);
        Sm4Kernel.cryptBlock(encryptionKeys, in, inOff, out, outOff);
    }

    /** Decrypts one 16-byte block (SM4 decryption is the same rounds with the keys reversed). */
    public void decryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, BLOCK_SIZE, in.length);
        Objects.checkFromIndexSize(outOff, BLOCK_SIZE, out.length);
        Sm4Kernel.cryptBlock(decryptionKeys, in, inOff, out, outOff);
    }

    /**
     * XORs {@code len} bytes of {@code in} with the CTR keystream starting at block {@code
     * firstBlock} (see the class contract) into {@code out}. Encryption and decryption are the same
     * operation.
     *
     * @param firstBlock non-negative index of the first keystream block
     */
    public void ctrXor(byte[] iv, long firstBlock, byte[] in, int inOff, byte[] out, int outOff, int len) {
        checkCtrArguments(iv, firstBlock, in, inOff, out, outOff, len);
        long hi = (long) Sm4Kernel.INT_BE.get(iv, 0) << 32 | ((int) Sm4Kernel.INT_BE.get(iv, 4) & 0xffffffffL);
        long lo = (long) Sm4Kernel.INT_BE.get(iv, 8) << 32 | ((int) Sm4Kernel.INT_BE.get(iv, 12) & 0xffffffffL);
        long start = lo + firstBlock;
        if (Long.compareUnsigned(start, lo) < 0) {
            hi++;
        }
        xorFrom(hi, start, in, inOff, out, outOff, len);
    }

    /**
     * Same result as {@link #ctrXor}, with the buffer split into up to {@code parallelism}
     * block-aligned parts of which all but the first run on {@code executor}; the calling thread
     * runs the first part and returns when every part is done. Small buffers stay on the calling
     * thread. CTR blocks are independent, so the parts need no coordination.
     */
    public void ctrXorParallel(
            byte[] iv,
            long firstBlock,
            byte[] in,
            int inOff,
            byte[] out,
            int outOff,
            int len,
            Executor executor,
            int parallelism) {
        checkCtrArguments(iv, firstBlock, in, inOff, out, outOff, len);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        int parts = Math.min(parallelism, Math.max(1, len / MIN_PARALLEL_PART));
        if (parts == 1) {
            ctrXor(iv, firstBlock, in, inOff, out, outOff, len);
            return;
        }
        int totalBlocks = (len + BLOCK_SIZE - 1) / BLOCK_SIZE;
        int blocksPerPart = (totalBlocks + parts - 1) / parts;
        CompletableFuture<?>[] others = new CompletableFuture<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            // long arithmetic: near 2 GiB, (p + 1) * part size may pass Integer.MAX_VALUE
            int from = (int) Math.min(len, (long) p * blocksPerPart * BLOCK_SIZE);
            int to = (int) Math.min(len, (long) (p + 1) * blocksPerPart * BLOCK_SIZE);
            long block = firstBlock + (long) p * blocksPerPart;
            others[p - 1] = CompletableFuture.runAsync(
                    () -> ctrXor(iv, block, in, inOff + from, out, outOff + from, to - from), executor);
        }
        ctrXor(iv, firstBlock, in, inOff, out, outOff, (int) Math.min(len, (long) blocksPerPart * BLOCK_SIZE));
        try {
            CompletableFuture.allOf(others).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void xorFrom(long hi, long lo, byte[] in, int inOff, byte[] out, int outOff, int len) {
        int groups = len / (Sm4Kernel.GROUP_BLOCKS * BLOCK_SIZE);
        Sm4Kernel.ctrGroups(encryptionKeys, hi, lo, groups, in, inOff, out, outOff);
        int done = groups * Sm4Kernel.GROUP_BLOCKS * BLOCK_SIZE;
        lo += (long) groups * Sm4Kernel.GROUP_BLOCKS;
        if (Long.compareUnsigned(lo, (long) groups * Sm4Kernel.GROUP_BLOCKS) < 0) {
            hi++;
        }
        if (done == len) {
            return;
        }
        // the last 1..63 bytes: one keystream block at a time
        byte[] counter = new byte[BLOCK_SIZE];
        byte[] keystream = new byte[BLOCK_SIZE];
        while (done < len) {
            Sm4Kernel.INT_BE.set(counter, 0, (int) (hi >>> 32));
            Sm4Kernel.INT_BE.set(counter, 4, (int) hi);
            Sm4Kernel.INT_BE.set(counter, 8, (int) (lo >>> 32));
            Sm4Kernel.INT_BE.set(counter, 12, (int) lo);
            Sm4Kernel.cryptBlock(encryptionKeys, counter, 0, keystream, 0);
            int n = Math.min(BLOCK_SIZE, len - done);
            for (int i = 0; i < n; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ keystream[i]);
            }
            done += n;
            if (++lo == 0) {
                hi++;
            }
        }
    }

    private static void checkCtrArguments(
            byte[] iv, long firstBlock, byte[] in, int inOff, byte[] out, int outOff, int len) {
        if (iv.length != BLOCK_SIZE) {
            throw new IllegalArgumentException("CTR IV must be 16 bytes");
        }
        if (firstBlock < 0) {
            throw new IllegalArgumentException("firstBlock must not be negative");
        }
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
    }

    /** The key schedule of GB/T 32907 section 7.3: K = MK ^ FK, rk[i] = K[i] ^ T'(K[i+1..i+3] ^ CK[i]). */
    private static int[] expandKey(byte[] key) {
        int k0 = (int) Sm4Kernel.INT_BE.get(key, 0) ^ Sm4Tables.FK[0];
        int k1 = (int) Sm4Kernel.INT_BE.get(key, 4) ^ Sm4Tables.FK[1];
        int k2 = (int) Sm4Kernel.INT_BE.get(key, 8) ^ Sm4Tables.FK[2];
        int k3 = (int) Sm4Kernel.INT_BE.get(key, 12) ^ Sm4Tables.FK[3];
        int[] rk = new int[32];
        for (int i = 0; i < 32; i++) {
            int next = k0 ^ Sm4Tables.keyT(k1 ^ k2 ^ k3 ^ Sm4Tables.CK[i]);
            rk[i] = next;
            k0 = k1;
            k1 = k2;
            k2 = k3;
            k3 = next;
        }
        return rk;
    }
}
