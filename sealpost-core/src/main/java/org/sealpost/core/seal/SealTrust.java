package org.sealpost.core.seal;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What a verifier trusts: the regulator's CA certificate (the root of every unit certificate and of
 * the seal maker's certificate) and where revocations are looked up.
 *
 * <p>Chains are short in this system (CA → unit certificate), so they are built here directly: each
 * link's signature, the issuer's CA flag, validity at the time in question and revocation before
 * that time are checked, up to {@value #MAX_CHAIN} links.
 */
public final class SealTrust {

    private static final int MAX_CHAIN = 4;
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final X509Certificate anchor;
    private final RevocationLookup revocation;

    public SealTrust(X509Certificate anchor, RevocationLookup revocation) {
        this.anchor = Objects.requireNonNull(anchor);
        this.revocation = Objects.requireNonNull(revocation);
    }

    /** Trusts {@code anchor} and reads revocations from {@code crls}. */
    public static SealTrust withCrls(X509Certificate anchor, Collection<java.security.cert.X509CRL> crls) {
        return new SealTrust(anchor, RevocationLookup.fromCrls(crls));
    }

    public X509Certificate anchor() {
        return anchor;
    }

    RevocationLookup revocation() {
        return revocation;
    }

    /**
     * Checks the seal maker's certificate at {@code at}, the record's creation: a record made before
     * the maker's certificate was revoked stays good. Failures are RECORD_MAKER_UNTRUSTED.
     */
    void checkMaker(X509Certificate maker, Instant at) {
        Optional<ChainFailure> failure = chainFailure(maker, List.of(), at, true);
        if (failure.isPresent()) {
            throw new SealException(
                    SealProblem.RECORD_MAKER_UNTRUSTED,
                    "Seal maker: " + failure.get().message());
        }
    }

    /**
     * Checks a signing certificate at signing time {@code at}: chain to the anchor through {@code
     * extra} certificates, validity, revocation, and a key usage that allows signing.
     */
    void checkSigner(X509Certificate signer, Collection<X509Certificate> extra, Instant at) {
        boolean[] usage = signer.getKeyUsage();
        if (usage != null && !(usage[0] || usage[1])) {
            throw new SealException(
                    SealProblem.SIGNER_UNTRUSTED, "The signing certificate is not for digital signatures");
        }
        try {
            signer.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new SealException(
                    SealProblem.SIGNER_CERT_EXPIRED, "The signing certificate was not valid at the signing time " + at);
        }
        Optional<ChainFailure> failure = chainFailure(signer, extra, at, true);
        if (failure.isPresent()) {
            SealProblem code = failure.get().revoked() ? SealProblem.SIGNER_CERT_REVOKED : SealProblem.SIGNER_UNTRUSTED;
            throw new SealException(
                    code, "Signing certificate: " + failure.get().message());
        }
    }

    private record ChainFailure(boolean revoked, String message) {
        static Optional<ChainFailure> of(String message) {
            return Optional.of(new ChainFailure(false, message));
        }
    }

    private Optional<ChainFailure> chainFailure(
            X509Certificate leaf, Collection<X509Certificate> extra, Instant at, boolean checkRevocation) {
        if (leaf.equals(anchor)) {
            return Optional.empty();
        }
        List<X509Certificate> pool = new ArrayList<>(extra);
        X509Certificate current = leaf;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            try {
                current.checkValidity(Date.from(at));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                return ChainFailure.of(name(current) + " was not valid at " + at);
            }
            X509Certificate issuer = issuerOf(current, pool);
            if (issuer == null) {
                return ChainFailure.of(name(current) + " does not chain to the trusted CA " + name(anchor));
            }
            if (issuer.getBasicConstraints() < 0 && !issuer.equals(anchor)) {
                return ChainFailure.of(name(issuer) + " is not a CA");
            }
            if (checkRevocation) {
                Optional<Instant> revokedAt = revocation.certificateRevokedAt(current, issuer);
                if (revokedAt.isPresent() && !revokedAt.get().isAfter(at)) {
                    return Optional.of(new ChainFailure(
                            true, name(current) + " was revoked at " + revokedAt.get() + ", before " + at));
                }
            }
            if (issuer.equals(anchor)) {
                return Optional.empty();
            }
            pool.remove(issuer);
            current = issuer;
        }
        return ChainFailure.of("certificate chain longer than " + MAX_CHAIN);
    }

    private X509Certificate issuerOf(X509Certificate cert, List<X509Certificate> pool) {
        List<X509Certificate> candidates = new ArrayList<>();
        candidates.add(anchor);
        candidates.addAll(pool);
        for (X509Certificate candidate : candidates) {
            if (!candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                continue;
            }
            try {
                cert.verify(candidate.getPublicKey(), BC);
                return candidate;
            } catch (GeneralSecurityException notThisOne) {
                // same name, different key: keep looking
            }
        }
        return null;
    }

    private static String name(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
