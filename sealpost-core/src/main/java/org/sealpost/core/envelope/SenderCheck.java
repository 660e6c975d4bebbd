package org.sealpost.core.envelope;

import java.security.cert.X509Certificate;
import org.sealpost.core.pki.CertificateRejectedException;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.KeyPurpose;

/**
 * Decides whether the certificate that signed an envelope is acceptable. Readers call it after
 * the signature verified and before any key is unwrapped.
 */
@FunctionalInterface
public interface SenderCheck {

    void check(X509Certificate senderSigningCertificate) throws EnvelopeException;

    /**
     * Checks only that the enclosed certificate made the signature: for inspecting, or when the
     * caller verifies the certificate itself. Proves integrity, not who the sender is.
     */
    static SenderCheck signatureOnly() {
        return certificate -> {};
    }

    /** Chain, validity, revocation and signing key usage through the verifier. */
    static SenderCheck verifiedBy(CertificateVerifier verifier) {
        return certificate -> {
            try {
                verifier.verify(certificate, KeyPurpose.SIGNING);
            } catch (CertificateRejectedException e) {
                EnvelopeException.Reason reason = switch (e.reason()) {
                    case REVOKED -> EnvelopeException.Reason.SENDER_CERT_REVOKED;
                    case EXPIRED, NOT_YET_VALID -> EnvelopeException.Reason.SENDER_CERT_EXPIRED;
                    default -> EnvelopeException.Reason.SENDER_CERT_UNTRUSTED;
                };
                throw new EnvelopeException(reason, "sender certificate: " + e.getMessage(), e);
            }
        };
    }
}
