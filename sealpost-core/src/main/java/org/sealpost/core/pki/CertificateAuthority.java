package org.sealpost.core.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.crypto.Sm2ContentSigner;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.token.Token;

/**
 * Runs the system CA with SM2 (DESIGN.md §4): a self-signed root, per-unit signing and encryption
 * certificates, and CRLs, all signed SM3withSM2. The CA key stays in a {@link Token}; the CA keeps
 * no state of its own — serials are random, and the list of revocations lives with the caller.
 *
 * <p>Subject names are {@code C=CN, O=SealPost, OU=<unit code>, CN=<unit name>}. Key identifiers
 * are the first 20 bytes of SM3 over the subject public key bits (RFC 7093 method 1, with SM3).
 */
public final class CertificateAuthority {

    private final Token caToken;
    private final Clock clock;
    private final SecureRandom random;

    public CertificateAuthority(Token caToken, Clock clock, SecureRandom random) {
        this.caToken = caToken;
        this.clock = clock;
        this.random = random;
    }

    /** A self-signed SM2 CA certificate for {@code caKey}. */
    public static X509Certificate createRoot(
            String name, KeyPair caKey, Duration validity, Clock clock, SecureRandom random) {
        X500Name subject = name(null, name);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder builder = builder(subject, subject, caKey.getPublic(), now, validity, random);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyPurpose.CA.keyUsageBits()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, keyId(caKey.getPublic()));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return certificate(builder.build(new Sm2ContentSigner(m -> Sm2.sign(caKey.getPrivate(), m, random))));
    }

    public X509Certificate certificate() {
        return caToken.signingCertificate();
    }

    /** Issues one end-entity certificate for a unit's key with the given purpose. */
    public X509Certificate issue(
            String unitCode, String unitName, PublicKey publicKey, KeyPurpose purpose, Duration validity) {
        if (purpose == KeyPurpose.CA) {
            throw new IllegalArgumentException("this CA issues end-entity certificates only");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X500Name issuer =
                X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = builder(issuer, name(unitCode, unitName), publicKey, now, validity, random);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(purpose.keyUsageBits()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, keyId(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId());
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return certificate(builder.build(signer()));
    }

    /** Issues a unit's signing and encryption certificates for its two separate keys. */
    public UnitCertificates issueUnit(
            String unitCode, String unitName, PublicKey signingKey, PublicKey encryptionKey, Duration validity) {
        if (Arrays.equals(signingKey.getEncoded(), encryptionKey.getEncoded())) {
            throw new IllegalArgumentException("signing and encryption keys must differ");
        }
        return new UnitCertificates(
                issue(unitCode, unitName, signingKey, KeyPurpose.SIGNING, validity),
                issue(unitCode, unitName, encryptionKey, KeyPurpose.ENCRYPTION, validity));
    }

    /** A CRL listing {@code revoked}, valid from now until now + {@code validity}. */
    public X509CRL publishCrl(BigInteger crlNumber, Collection<Revocation> revoked, Duration validity) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X500Name issuer =
                X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer, Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(validity)));
        for (Revocation revocation : revoked) {
            builder.addCRLEntry(revocation.serialNumber(), Date.from(revocation.revokedAt()), revocation.reason());
        }
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId());
            return new JcaX509CRLConverter()
                    .setProvider(Providers.bouncyCastle())
                    .getCRL(builder.build(signer()));
        } catch (CertIOException | CRLException e) {
            throw new IllegalStateException("cannot build CRL", e);
        }
    }

    /** The unit code a SealPost certificate names in its OU, if any. */
    public static java.util.Optional<String> unitCodeOf(X509Certificate certificate) {
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        org.bouncycastle.asn1.x500.RDN[] units = subject.getRDNs(BCStyle.OU);
        if (units.length != 1) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(
                units[0].getFirst().getValue()));
    }

    private ContentSigner signer() {
        return new Sm2ContentSigner(caToken::sign);
    }

    private AuthorityKeyIdentifier authorityKeyId() {
        return new AuthorityKeyIdentifier(keyId(certificate().getPublicKey()).getKeyIdentifier());
    }

    static SubjectKeyIdentifier keyId(PublicKey key) {
        byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded())
                .getPublicKeyData()
                .getBytes();
        return new SubjectKeyIdentifier(Arrays.copyOf(Sm3.digest(bits), 20));
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Instant now, Duration validity, SecureRandom random) {
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x40; // positive and never zero, 16 bytes
        return new X509v3CertificateBuilder(
                issuer,
                new BigInteger(1, serial),
                Date.from(now),
                Date.from(now.plus(validity)),
                subject,
                SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    private static X500Name name(String unitCode, String commonName) {
        X500NameBuilder name =
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN").addRDN(BCStyle.O, "SealPost");
        if (unitCode != null) {
            name.addRDN(BCStyle.OU, unitCode);
        }
        return name.addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter()
                    .setProvider(Providers.bouncyCastle())
                    .getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
