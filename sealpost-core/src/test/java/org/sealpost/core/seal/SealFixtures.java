package org.sealpost.core.seal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI made at test time: the regulator's CA, the regulator's seal-maker certificate and
 * a bank's signing certificate, all SM2. Nothing here is ever written to disk.
 */
final class SealFixtures {

    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
    private static final AtomicLong SERIAL = new AtomicLong(1000);
    private static SealFixtures shared;
    private static SealImage sharedImage;

    final KeyPair caKeys;
    final X509Certificate ca;
    final SoftwareSealKey maker;
    final SoftwareSealKey unit;
    final KeyPair unitKeys;
    final SealImage image;

    private SealFixtures(String caName) throws Exception {
        caKeys = sm2();
        ca = certificate(
                caName, caKeys.getPublic(), caName, caKeys.getPrivate(), true, NOW.minus(Duration.ofDays(3650)));
        KeyPair makerKeys = sm2();
        maker = new SoftwareSealKey(
                makerKeys.getPrivate(),
                certificate(
                        "CN=制章,O=" + caName.substring(3),
                        makerKeys.getPublic(),
                        caName,
                        caKeys.getPrivate(),
                        false,
                        NOW.minus(Duration.ofDays(365))));
        unitKeys = sm2();
        unit = new SoftwareSealKey(
                unitKeys.getPrivate(),
                certificate(
                        "CN=中国工商银行浙江省分行,O=ICBC",
                        unitKeys.getPublic(),
                        caName,
                        caKeys.getPrivate(),
                        false,
                        NOW.minus(Duration.ofDays(30))));
        image = sealImage();
    }

    /** The same fixture PKI for every test in a run (key generation is the slow part). */
    static synchronized SealFixtures shared() {
        if (shared == null) {
            try {
                shared = new SealFixtures("CN=浙江银监局CA");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    /** A second, unrelated PKI: its maker and unit are strangers to {@link #shared()}'s CA. */
    static SealFixtures stranger() {
        try {
            return new SealFixtures("CN=冒充的CA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    SealTrust trust() {
        return new SealTrust(ca, RevocationLookup.none());
    }

    /** A unit seal valid for a year around {@link #NOW}, binding {@link #unit}'s certificate. */
    SealRecord record() {
        return record(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(355)), maker);
    }

    SealRecord record(Instant validFrom, Instant validTo, SealKey by) {
        SealRecord.Content content = new SealRecord.Content(
                "ES-3301-0001",
                SealRecord.SealType.UNIT,
                "中国工商银行浙江省分行业务专用章",
                validFrom,
                validTo,
                image,
                List.of(unit.certificate()));
        return SealRecord.make(content, by, clockAt(NOW.minus(Duration.ofDays(10))));
    }

    X509CRL crlRevoking(X509Certificate revoked, Instant revokedAt) throws Exception {
        X509v2CRLBuilder builder =
                new X509v2CRLBuilder(new X500Name(ca.getSubjectX500Principal().getName()), Date.from(revokedAt));
        builder.setNextUpdate(Date.from(revokedAt.plus(Duration.ofDays(7))));
        builder.addCRLEntry(revoked.getSerialNumber(), Date.from(revokedAt), CRLReason.keyCompromise);
        return new JcaX509CRLConverter().setProvider(BC).getCRL(builder.build(signer(caKeys.getPrivate())));
    }

    private static synchronized SealImage sealImage() {
        if (sharedImage == null) {
            sharedImage =
                    new SealDrawing(CjkFonts.system()).render(new SealDesign("中国工商银行浙江省分行", "业务专用章", "", 40.0), 150);
        }
        return sharedImage;
    }

    static KeyPair sm2() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("sm2p256v1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(
            String subject,
            java.security.PublicKey key,
            String issuer,
            PrivateKey issuerKey,
            boolean ca,
            Instant notBefore)
            throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore),
                Date.from(NOW.plus(Duration.ofDays(3650))),
                new X500Name(subject),
                key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(
                        ca
                                ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                                : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(builder.build(signer(issuerKey)));
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(key);
    }
}
