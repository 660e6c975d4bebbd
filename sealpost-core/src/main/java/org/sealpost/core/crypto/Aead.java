package org.sealpost.core.crypto;

import javax.crypto.AEADBadTagException;

/**
 * Authenticated encryption with associated data for small messages (keys, records), in the
 * style of Tink's {@code Aead}: the caller supplies only plaintext and associated data; nonce,
 * mode and padding are the implementation's business.
 *
 * <p>Guarantees: {@code decrypt(encrypt(p, a), a)} returns {@code p}; any change to the
 * ciphertext or to {@code a} makes {@code decrypt} throw; encrypting the same plaintext twice
 * gives different ciphertexts. For large data use {@link ChunkedAead}.
 */
public interface Aead {

    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws AEADBadTagException;
}
