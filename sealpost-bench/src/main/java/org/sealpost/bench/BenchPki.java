package org.sealpost.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.envelope.SealRequest;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.KeyPurpose;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.SoftwareToken;
import org.sealpost.core.token.Token;

/** A throwaway SM2 CA, a sending unit and recipient units with in-memory tokens. BENCH-ONLY keys. */
final class BenchPki {

    final SecureRandom random = new SecureRandom();
    final Clock clock = Clock.systemUTC();
    final CertificateAuthority ca;
    final X509Certificate caCertificate;
    final Token sender;
    final Token firstRecipient;
    final List<SealRequest.Recipient> recipients = new ArrayList<>();

    /** @param recipientCount units to issue encryption certificates for; the first gets a token */
    BenchPki(int recipientCount) {
        KeyPair caKey = Sm2.generateKeyPair(random);
        caCertificate =
                CertificateAuthority.createRoot("BENCH-ONLY SealPost CA", caKey, Duration.ofDays(30), clock, random);
        ca = new CertificateAuthority(
                SoftwareToken.of("bench-ca", new KeyEntry(caKey.getPrivate(), caCertificate), null, random),
                clock,
                random);
        sender = unitToken("R000", true);
        Token first = null;
        for (int i = 1; i <= recipientCount; i++) {
            String code = String.format("B%03d", i);
            if (i == 1) {
                first = unitToken(code, false);
                recipients.add(new SealRequest.Recipient(
                        code, first.encryptionCertificate().orElseThrow()));
            } else {
                KeyPair encryption = Sm2.generateKeyPair(random);
                recipients.add(new SealRequest.Recipient(
                        code,
                        ca.issue(
                                code,
                                "单位 " + code,
                                encryption.getPublic(),
                                KeyPurpose.ENCRYPTION,
                                Duration.ofDays(30))));
            }
        }
        firstRecipient = first;
    }

    /** What a recipient checks on open: chain to the CA, validity, key usage, a current CRL. */
    SenderCheck senderCheck() {
        return SenderCheck.verifiedBy(new CertificateVerifier(
                List.of(caCertificate),
                List.of(ca.publishCrl(BigInteger.ONE, List.of(), Duration.ofDays(1))),
                true,
                clock));
    }

    private Token unitToken(String code, boolean signingOnly) {
        KeyPair signing = Sm2.generateKeyPair(random);
        KeyPair encryption = Sm2.generateKeyPair(random);
        var certificates =
                ca.issueUnit(code, "单位 " + code, signing.getPublic(), encryption.getPublic(), Duration.ofDays(30));
        return SoftwareToken.of(
                code,
                new KeyEntry(signing.getPrivate(), certificates.signing()),
                signingOnly ? null : new KeyEntry(encryption.getPrivate(), certificates.encryption()),
                random);
    }
}
