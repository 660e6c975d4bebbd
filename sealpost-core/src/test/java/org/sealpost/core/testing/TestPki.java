package org.sealpost.core.testing;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.UnitCertificates;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.SoftwareToken;
import org.sealpost.core.token.Token;

/** Test fixtures: a throwaway SM2 CA and units with in-memory tokens. TEST-ONLY keys. */
public final class TestPki {

    public static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    public final SecureRandom random = new SecureRandom();
    public final Clock clock;
    public final KeyPair caKey;
    public final X509Certificate caCertificate;
    public final Token caToken;
    public final CertificateAuthority ca;

    public TestPki() {
        this("TEST-ONLY SealPost CA", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public TestPki(String caName, Clock clock) {
        this.clock = clock;
        this.caKey = Sm2.generateKeyPair(random);
        this.caCertificate = CertificateAuthority.createRoot(caName, caKey, Duration.ofDays(3650), clock, random);
        this.caToken = SoftwareToken.of(caName, new KeyEntry(caKey.getPrivate(), caCertificate), null, random);
        this.ca = new CertificateAuthority(caToken, clock, random);
    }

    /** A unit with fresh signing and encryption keys and certificates valid for a year. */
    public Unit unit(String code) {
        return unit(code, Duration.ofDays(365));
    }

    public Unit unit(String code, Duration validity) {
        KeyPair signing = Sm2.generateKeyPair(random);
        KeyPair encryption = Sm2.generateKeyPair(random);
        UnitCertificates certificates =
                ca.issueUnit(code, "单位 " + code, signing.getPublic(), encryption.getPublic(), validity);
        KeyEntry signingEntry = new KeyEntry(signing.getPrivate(), certificates.signing());
        KeyEntry encryptionEntry = new KeyEntry(encryption.getPrivate(), certificates.encryption());
        return new Unit(
                code,
                certificates,
                signingEntry,
                encryptionEntry,
                SoftwareToken.of(code, signingEntry, encryptionEntry, random));
    }

    public record Unit(
            String code, UnitCertificates certificates, KeyEntry signing, KeyEntry encryption, Token token) {}
}
