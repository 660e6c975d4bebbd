package org.sealpost.core.pki;

import static org.sealpost.core.pki.CertificateRejectedException.Reason.EXPIRED;
import static org.sealpost.core.pki.CertificateRejectedException.Reason.NOT_YET_VALID;
import static org.sealpost.core.pki.CertificateRejectedException.Reason.REVOCATION_UNKNOWN;
import static org.sealpost.core.pki.CertificateRejectedException.Reason.REVOKED;
import static org.sealpost.core.pki.CertificateRejectedException.Reason.UNTRUSTED_ISSUER;
import static org.sealpost.core.pki.CertificateRejectedException.Reason.WRONG_KEY_USAGE;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.sealpost.core.crypto.Providers;

/**
 * Decides whether a unit certificate may be used now for a purpose. Checks, in this order, each
 * failure with its own reason: issued (and signed) by one of the trust anchors, which must itself
 * be valid; not revoked according to a current CRL signed by that anchor; within its validity at
 * the clock's instant; key usage permits the purpose and the certificate is not a CA.
 *
 * <p>Chains are one level deep: the system CA issues unit certificates directly. With {@code
 * requireCrl} a missing or stale CRL rejects the certificate ({@code REVOCATION_UNKNOWN}), as
 * DESIGN.md §4 asks that revocation be checked on every use; without it, revocation is checked
 * only when a CRL of the issuer is present.
 */
public final class CertificateVerifier {

    private final List<X509Certificate> trustAnchors;
    private final List<X509CRL> crls;
    private final boolean requireCrl;
    private final Clock clock;

    public CertificateVerifier(
            List<X509Certificate> trustAnchors, List<X509CRL> crls, boolean requireCrl, Clock clock) {
        this.trustAnchors = List.copyOf(trustAnchors);
        this.crls = List.copyOf(crls);
        this.requireCrl = requireCrl;
        this.clock = clock;
    }

    public void verify(X509Certificate certificate, KeyPurpose purpose) throws CertificateRejectedException {
        Instant now = clock.instant();
        X509Certificate issuer = trustedIssuer(certificate);
        checkValidity(issuer, now, "issuing CA");
        checkRevocation(certificate, issuer, now);
        checkValidity(certificate, now, "certificate");
        checkKeyUsage(certificate, purpose);
    }

    private X509Certificate trustedIssuer(X509Certificate certificate) throws CertificateRejectedException {
        for (X509Certificate anchor : trustAnchors) {
            if (anchor.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(anchor.getPublicKey(), Providers.bouncyCastle());
                    return anchor;
                } catch (GeneralSecurityException | RuntimeException wrongKey) {
                    // a namesake CA with another key: keep looking, then reject
                }
            }
        }
        throw new CertificateRejectedException(
                UNTRUSTED_ISSUER,
                "certificate of " + certificate.getSubjectX500Principal() + " is not issued by a trusted CA");
    }

    private void checkRevocation(X509Certificate certificate, X509Certificate issuer, Instant now)
            throws CertificateRejectedException {
        X509CRL current = null;
        for (X509CRL crl : crls) {
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                continue;
            }
            try {
                crl.verify(issuer.getPublicKey(), Providers.bouncyCastle());
            } catch (GeneralSecurityException | RuntimeException forged) {
                continue;
            }
            if (crl.getRevokedCertificate(certificate.getSerialNumber()) != null) {
                throw new CertificateRejectedException(
                        REVOKED, "certificate " + certificate.getSerialNumber().toString(16) + " is revoked");
            }
            boolean fresh = !crl.getThisUpdate().after(Date.from(now))
                    && (crl.getNextUpdate() == null || crl.getNextUpdate().after(Date.from(now)));
            if (fresh) {
                current = crl;
            }
        }
        if (requireCrl && current == null) {
            throw new CertificateRejectedException(
                    REVOCATION_UNKNOWN, "no current CRL of " + issuer.getSubjectX500Principal());
        }
    }

    private static void checkValidity(X509Certificate certificate, Instant now, String what)
            throws CertificateRejectedException {
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new CertificateRejectedException(
                    NOT_YET_VALID,
                    what + " is not valid before " + certificate.getNotBefore().toInstant());
        }
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new CertificateRejectedException(
                    EXPIRED, what + " expired at " + certificate.getNotAfter().toInstant());
        }
    }

    private static void checkKeyUsage(X509Certificate certificate, KeyPurpose purpose)
            throws CertificateRejectedException {
        boolean[] usage = certificate.getKeyUsage();
        boolean allowed = usage != null && usage.length > purpose.requiredJcaBit() && usage[purpose.requiredJcaBit()];
        boolean isCa = certificate.getBasicConstraints() >= 0;
        if (!allowed || (purpose != KeyPurpose.CA && isCa)) {
            throw new CertificateRejectedException(WRONG_KEY_USAGE, "certificate may not be used for " + purpose);
        }
    }
}
