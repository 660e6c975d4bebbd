package org.sealpost.core.token;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Every private-key operation of SealPost goes through a token (DESIGN.md §4 "Key custody"). An
 * unlocked token holds a unit's SM2 signing key and, usually, its separate SM2 encryption key;
 * callers get certificates and ask for operations, never for the keys themselves, so that a
 * PKCS#11 token or a GM/T 0018 SDF crypto machine can implement this interface unchanged.
 *
 * <p>Tokens are obtained unlocked from their factory ({@link Pkcs12Token#open}, {@link
 * StoredTokens#unlock}) with a PIN as {@code char[]}, which the factory wipes. {@link #close()}
 * drops the keys; operations afterwards fail with {@link TokenException.Reason#CLOSED}.
 */
public interface Token extends AutoCloseable {

    /** A human-readable name for logs: never a secret. */
    String label();

    X509Certificate signingCertificate();

    /** Empty for a token that only signs, such as a CA token. */
    Optional<X509Certificate> encryptionCertificate();

    /** SM3withSM2 signature with user ID {@code 1234567812345678}, DER {@code SEQUENCE {r, s}}. */
    byte[] sign(byte[] message) throws TokenException;

    /**
     * SM2-decrypts a C1‖C3‖C2 ciphertext with the encryption key (key unwrapping).
     *
     * @throws TokenException with {@code DECRYPTION_FAILED} when the ciphertext was not made for
     *     this key or is malformed, {@code NO_SUCH_KEY} without an encryption key
     */
    byte[] decrypt(byte[] ciphertext) throws TokenException;

    @Override
    void close();
}
