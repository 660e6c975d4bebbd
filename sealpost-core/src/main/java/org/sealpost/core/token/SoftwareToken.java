package org.sealpost.core.token;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.sealpost.core.crypto.Sm2;

/**
 * A token whose keys are in this JVM's memory, as unlocked from a PKCS#12 file or a stored
 * record, or made directly from keys (tests, a freshly generated key before it is stored). The JCA
 * key objects cannot be wiped in place; {@link #close()} drops the references.
 */
public final class SoftwareToken implements Token {

    /** A token over keys already in memory; {@code encryption} may be null. */
    public static Token of(String label, KeyEntry signing, KeyEntry encryption, SecureRandom random) {
        return new SoftwareToken(
                label,
                signing.key(),
                signing.certificate(),
                encryption == null ? null : encryption.key(),
                encryption == null ? null : encryption.certificate(),
                random);
    }

    private final String label;
    private final X509Certificate signingCertificate;
    private final X509Certificate encryptionCertificate;
    private final SecureRandom random;
    private volatile PrivateKey signingKey;
    private volatile PrivateKey encryptionKey;

    SoftwareToken(
            String label,
            PrivateKey signingKey,
            X509Certificate signingCertificate,
            PrivateKey encryptionKey,
            X509Certificate encryptionCertificate,
            SecureRandom random) {
        this.label = label;
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
        this.encryptionKey = encryptionKey;
        this.encryptionCertificate = encryptionCertificate;
        this.random = random;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public X509Certificate signingCertificate() {
        return signingCertificate;
    }

    @Override
    public Optional<X509Certificate> encryptionCertificate() {
        return Optional.ofNullable(encryptionCertificate);
    }

    @Override
    public byte[] sign(byte[] message) throws TokenException {
        PrivateKey key = signingKey;
        if (key == null) {
            throw new TokenException(TokenException.Reason.CLOSED, "token " + label + " is closed");
        }
        try {
            return Sm2.sign(key, message, random);
        } catch (GeneralSecurityException e) {
            throw new TokenException(TokenException.Reason.CORRUPT, "signing key is not an SM2 key", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext) throws TokenException {
        if (encryptionCertificate == null) {
            throw new TokenException(TokenException.Reason.NO_SUCH_KEY, "token " + label + " has no encryption key");
        }
        PrivateKey key = encryptionKey;
        if (key == null) {
            throw new TokenException(TokenException.Reason.CLOSED, "token " + label + " is closed");
        }
        try {
            return Sm2.decrypt(key, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new TokenException(TokenException.Reason.DECRYPTION_FAILED, "SM2 decryption failed", e);
        }
    }

    @Override
    public void close() {
        signingKey = null;
        encryptionKey = null;
    }

    @Override
    public String toString() {
        return "Token[" + label + ", keys=REDACTED]";
    }
}
