package org.sealpost.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import javax.crypto.AEADBadTagException;
import org.sealpost.core.crypto.sm4.Sm4;

/**
 * SM4-GCM (NIST SP 800-38D with SM4 as the block cipher, as in RFC 8998) with 96-bit nonces and
 * 128-bit tags, built from {@link Sm4#ctrXor} for the keystream and {@link Ghash} (flat 8-bit tables,
 * about twice BouncyCastle's {@code Tables64kGCMMultiplier} here: docs/performance.md).
 *
 * <p>Why not BouncyCastle's {@code GCMBlockCipher}: it would run SM4 through BouncyCastle's slow
 * engine. Composing GCM here lets the fast SM4 land in the envelope; {@code Sm4GcmTest} proves the
 * output identical to {@code GCMBlockCipher(SM4Engine)}.
 *
 * <p>With a 96-bit nonce, J0 = nonce ‖ 0x00000001; data is encrypted with counters J0+1, J0+2, …
 * (inc32, which equals Sm4's 128-bit increment here because a chunk is far below 2^32 blocks);
 * tag = E(J0) XOR GHASH(aad, ciphertext). Instances are immutable and thread-safe (the GHASH
 * table is only read after construction). Input and output buffers must not overlap.
 */
final class Sm4Gcm {

    static final int NONCE_SIZE = 12;
    static final int TAG_SIZE = 16;
    /** Far below GCM's limit of 2^32 - 2 blocks per nonce; also bounds buffer sizes. */
    static final int MAX_LENGTH = 1 << 26;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Sm4 sm4;
    private final Ghash ghash;

    Sm4Gcm(byte[] key) {
        this.sm4 = new Sm4(key);
        byte[] h = new byte[16];
        sm4.encryptBlock(new byte[16], 0, h, 0);
        this.ghash = new Ghash(h);
    }

    /** Writes {@code len} ciphertext bytes followed by the 16-byte tag at {@code out[outOff]}. */
    void seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        checkLength(len);
        byte[] j0 = j0(nonce);
        sm4.ctrXor(j0, 1, in, inOff, out, outOff, len);
        byte[] tag = tag(j0, aad, out, outOff, len);
        System.arraycopy(tag, 0, out, outOff + len, TAG_SIZE);
    }

    /**
     * Verifies the tag over {@code in[inOff .. inOff+len)} (ciphertext, tag excluded) and only then
     * writes the {@code len} plaintext bytes to {@code out[outOff]}.
     */
    void open(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws AEADBadTagException {
        checkLength(len);
        byte[] j0 = j0(nonce);
        byte[] expected = tag(j0, aad, in, inOff, len);
        byte[] actual = java.util.Arrays.copyOfRange(in, inOff + len, inOff + len + TAG_SIZE);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new AEADBadTagException("SM4-GCM tag mismatch");
        }
        sm4.ctrXor(j0, 1, in, inOff, out, outOff, len);
    }

    private static void checkLength(int len) {
        if (len < 0 || len > MAX_LENGTH) {
            throw new IllegalArgumentException("GCM chunk length out of range: " + len);
        }
    }

    private static byte[] j0(byte[] nonce) {
        if (nonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("nonce must be 12 bytes");
        }
        byte[] j0 = new byte[16];
        System.arraycopy(nonce, 0, j0, 0, NONCE_SIZE);
        j0[15] = 1;
        return j0;
    }

    private byte[] tag(byte[] j0, byte[] aad, byte[] ciphertext, int off, int len) {
        byte[] y = new byte[16];
        ghash.update(y, aad, 0, aad.length);
        ghash.update(y, ciphertext, off, len);
        byte[] lengths = new byte[16];
        LONGS.set(lengths, 0, (long) aad.length * 8);
        LONGS.set(lengths, 8, (long) len * 8);
        ghash.update(y, lengths, 0, 16);
        byte[] mask = new byte[16];
        sm4.encryptBlock(j0, 0, mask, 0);
        for (int i = 0; i < 16; i++) {
            y[i] ^= mask[i];
        }
        return y;
    }
}
