package org.sealpost.core.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * {@link Aead} with SM4-GCM: output = random 12-byte nonce ‖ ciphertext ‖ 16-byte tag. Random
 * nonces are safe for up to 2^32 messages per key, far beyond what one key encrypts here.
 */
public final class Sm4GcmAead implements Aead {

    public static final int OVERHEAD = Sm4Gcm.NONCE_SIZE + Sm4Gcm.TAG_SIZE;

    private final Sm4Gcm gcm;
    private final SecureRandom random;

    public Sm4GcmAead(byte[] key, SecureRandom random) {
        this.gcm = new Sm4Gcm(key);
        this.random = random;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[Sm4Gcm.NONCE_SIZE];
        random.nextBytes(nonce);
        byte[] out = new byte[OVERHEAD + plaintext.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        gcm.seal(nonce, associatedData, plaintext, 0, plaintext.length, out, Sm4Gcm.NONCE_SIZE);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws AEADBadTagException {
        if (ciphertext.length < OVERHEAD) {
            throw new AEADBadTagException("ciphertext too short");
        }
        byte[] nonce = Arrays.copyOf(ciphertext, Sm4Gcm.NONCE_SIZE);
        byte[] out = new byte[ciphertext.length - OVERHEAD];
        gcm.open(nonce, associatedData, ciphertext, Sm4Gcm.NONCE_SIZE, out.length, out, 0);
        return out;
    }

    @Override
    public String toString() {
        return "Sm4GcmAead[REDACTED]";
    }
}
