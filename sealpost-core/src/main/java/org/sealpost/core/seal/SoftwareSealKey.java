package org.sealpost.core.seal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A {@link SealKey} over a software private key, e.g. one unlocked from a unit-held PKCS#12 file.
 * The caller owns the key's lifetime; {@link #toString()} never shows it.
 */
public final class SoftwareSealKey implements SealKey {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    public SoftwareSealKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = Objects.requireNonNull(privateKey);
        this.certificate = Objects.requireNonNull(certificate);
    }

    @Override
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            // BouncyCastle's SM3withSM2 uses the default user ID 1234567812345678
            Signature signature = Signature.getInstance("SM3withSM2", BC);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM3withSM2 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "SoftwareSealKey[" + certificate.getSubjectX500Principal().getName() + ", key=[REDACTED]]";
    }
}
