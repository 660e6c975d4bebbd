package org.sealpost.core.crypto.sm4;

import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The standard SM4 block cipher (GB/T 32907) under one 128-bit key, with the CTR keystream that
 * the envelope's chunk encryption uses.
 *
 * <p>Contract for {@link #ctrXor}: the counter block is {@code iv} (16 bytes) read as a big-endian
 * 128-bit integer, incremented by one per 16-byte block, starting at {@code iv + firstBlock}. The
 * output is {@code in XOR E_k(counter_0) || E_k(counter_1) ...}, exactly as BouncyCastle's {@code
 * SICBlockCipher(SM4Engine)}.
 *
 * <p>Instances are immutable after construction and safe to share between threads.
 */
public final class Sm4 {

    public static final int BLOCK_SIZE = 16;
    public static final int KEY_SIZE = 16;

    private final byte[] key;

    public Sm4(byte[] key) {
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("SM4 key must be 16 bytes");
        }
        this.key = key.clone();
    }

    public void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        SM4Engine engine = new SM4Engine();
        engine.init(true, new KeyParameter(key));
        engine.processBlock(in, inOff, out, outOff);
    }

    public void ctrXor(byte[] iv, long firstBlock, byte[] in, int inOff, byte[] out, int outOff, int len) {
        SICBlockCipher ctr = (SICBlockCipher) SICBlockCipher.newInstance(new SM4Engine());
        ctr.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        ctr.seekTo(firstBlock * BLOCK_SIZE);
        ctr.processBytes(in, inOff, len, out, outOff);
    }
}
