package org.sealpost.core.crypto;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A BouncyCastle {@link ContentSigner} for SM3withSM2 (OID 1.2.156.10197.1.501) that delegates the
 * private-key operation, so that certificates, CRLs and CMS statements can be signed by any token
 * (software, PKCS#11, SDF) without the key leaving it. The signed bytes are buffered: they are
 * always small (a TBSCertificate, TBSCertList or signed attributes).
 */
public final class Sm2ContentSigner implements ContentSigner {

    /** The private-key operation: SM3withSM2 with the default ID, DER signature. */
    @FunctionalInterface
    public interface Signing {
        byte[] sign(byte[] message) throws GeneralSecurityException;
    }

    public static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);

    private final Signing signing;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public Sm2ContentSigner(Signing signing) {
        this.signing = signing;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ALGORITHM;
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        try {
            return signing.sign(buffer.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new RuntimeOperatorException("SM2 signing failed: " + e.getMessage(), e);
        } finally {
            buffer.reset();
        }
    }
}
