package org.sealpost.core.token;

/**
 * What the database holds for one server-side token. Certificates are public; {@code sealedKeys}
 * is the holder's private keys encrypted twice (see {@link StoredTokens}), so the row alone — or a
 * whole database dump — reveals no key, and cannot even be attacked by guessing PINs without the
 * master key. {@code failedAttempts} and {@code locked} are the retry counter.
 */
public record StoredTokenRecord(
        String tokenId,
        String label,
        byte[] signingCertificate,
        byte[] encryptionCertificate,
        byte[] salt,
        int iterations,
        byte[] sealedKeys,
        int failedAttempts,
        boolean locked) {

    public StoredTokenRecord {
        signingCertificate = signingCertificate.clone();
        encryptionCertificate = encryptionCertificate.clone();
        salt = salt.clone();
        sealedKeys = sealedKeys.clone();
    }

    @Override
    public byte[] signingCertificate() {
        return signingCertificate.clone();
    }

    /** DER, or empty for a token without an encryption key. */
    @Override
    public byte[] encryptionCertificate() {
        return encryptionCertificate.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] sealedKeys() {
        return sealedKeys.clone();
    }

    StoredTokenRecord withAttempts(int failed, boolean lock) {
        return new StoredTokenRecord(
                tokenId, label, signingCertificate, encryptionCertificate, salt, iterations, sealedKeys, failed, lock);
    }

    @Override
    public String toString() {
        return "StoredTokenRecord[" + tokenId + ", " + label + ", failedAttempts=" + failedAttempts + ", locked="
                + locked + ", keys=REDACTED]";
    }
}
