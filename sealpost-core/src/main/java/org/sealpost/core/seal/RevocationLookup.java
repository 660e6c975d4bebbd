package org.sealpost.core.seal;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * When, if ever, a certificate or a seal was revoked. Verification compares the answer with the
 * stamping time: a stamp made before the revocation still verifies, one made after it fails.
 */
public interface RevocationLookup {

    /** The revocation time of {@code certificate}, issued by {@code issuer}, if it is revoked. */
    Optional<Instant> certificateRevokedAt(X509Certificate certificate, X509Certificate issuer);

    /** The revocation time of the seal (loss, damage), if it is revoked. */
    default Optional<Instant> sealRevokedAt(String sealId) {
        return Optional.empty();
    }

    /** Nothing is ever revoked: for tests and for callers that checked revocation elsewhere. */
    static RevocationLookup none() {
        return (certificate, issuer) -> Optional.empty();
    }

    /**
     * Reads the given CRLs. A CRL counts only for certificates of the issuer that signed it; one
     * whose signature does not verify with the issuer's key is ignored.
     */
    static RevocationLookup fromCrls(Collection<X509CRL> crls) {
        List<X509CRL> copy = List.copyOf(crls);
        BouncyCastleProvider bc = new BouncyCastleProvider();
        return (certificate, issuer) -> {
            for (X509CRL crl : copy) {
                if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                    continue;
                }
                try {
                    crl.verify(issuer.getPublicKey(), bc);
                } catch (GeneralSecurityException forgedOrForAnotherKey) {
                    continue;
                }
                X509CRLEntry entry = crl.getRevokedCertificate(certificate);
                if (entry != null) {
                    return Optional.of(entry.getRevocationDate().toInstant());
                }
            }
            return Optional.empty();
        };
    }
}
