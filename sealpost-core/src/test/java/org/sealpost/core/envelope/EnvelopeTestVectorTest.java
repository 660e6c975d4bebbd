package org.sealpost.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.pki.UnitCertificates;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.SoftwareToken;
import org.sealpost.core.token.Token;

/**
 * The committed test vector of format v1 (src/test/resources/envelope/v1, described in
 * docs/envelope-format.md) must keep opening to the committed plaintext with the committed
 * fields: if the format drifts, this fails. The keys there are TEST-ONLY and published.
 *
 * <p>Regenerate (only for a deliberate format change, which needs a new version):
 * {@code ./mvnw -pl sealpost-core -am verify -Dtest=EnvelopeTestVectorTest -Dsurefire.failIfNoSpecifiedTests=false -Dsealpost.regenerateVectors=true}
 */
class EnvelopeTestVectorTest {

    static final Path DIR = Path.of("src/test/resources/envelope/v1");
    static final String PIN = "TEST-ONLY-1234";

    @Test
    void committedVectorOpensToTheCommittedPlaintextAndFields() throws Exception {
        Properties expected = new Properties();
        try (var reader = Files.newBufferedReader(DIR.resolve("expected.properties"), StandardCharsets.UTF_8)) {
            expected.load(reader);
        }
        byte[] envelope = Files.readAllBytes(DIR.resolve("envelope.spenv"));
        X509Certificate ca = Pem.certificates(DIR.resolve("TEST-ONLY-ca.pem")).get(0);
        Clock atCreation = Clock.fixed(Instant.parse(expected.getProperty("createdAt")), ZoneOffset.UTC);
        SenderCheck check = SenderCheck.verifiedBy(new CertificateVerifier(List.of(ca), List.of(), false, atCreation));
        Token recipient =
                Pkcs12Token.open(DIR.resolve("TEST-ONLY-recipient.p12"), PIN.toCharArray(), new SecureRandom());

        for (int parallelism : new int[] {1, 2}) {
            ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
            EnvelopeHeader header = new EnvelopeReader(check, parallelism)
                    .open(new java.io.ByteArrayInputStream(envelope), recipient, plaintext);

            assertThat(plaintext.toByteArray()).isEqualTo(Files.readAllBytes(DIR.resolve("plaintext.txt")));
            Manifest m = header.manifest();
            assertThat(m.documentId()).isEqualTo(expected.getProperty("documentId"));
            assertThat(m.createdAt()).isEqualTo(Instant.parse(expected.getProperty("createdAt")));
            assertThat(m.senderUnit()).isEqualTo(expected.getProperty("senderUnit"));
            assertThat(m.recipients())
                    .extracting(RecipientEntry::unitCode)
                    .containsExactly(expected.getProperty("recipientUnits").split(","));
            assertThat(m.metadataSm3Hex()).isEqualTo(expected.getProperty("metadataSm3"));
            assertThat(m.chunkSize()).isEqualTo(Integer.parseInt(expected.getProperty("chunkSize")));
            assertThat(HexFormat.of().formatHex(m.noncePrefix())).isEqualTo(expected.getProperty("noncePrefix"));
            assertThat(m.entries().get(0).sm3Hex()).isEqualTo(expected.getProperty("payloadSm3"));
            assertThat(header.digestHex()).isEqualTo(expected.getProperty("envelopeSm3"));
            assertThat(Sm3.digest(envelope)).isEqualTo(HexFormat.of().parseHex(expected.getProperty("fileSm3")));
            assertThat(ManifestCodec.encode(m))
                    .isEqualTo(java.util.Arrays.copyOfRange(envelope, 10, 10 + ManifestCodec.encode(m).length));
        }
        byte[] wrapped = recipientsEntry(envelope, recipient).wrappedKey();
        assertThat(HexFormat.of().formatHex(recipient.decrypt(wrapped))).isEqualTo(expected.getProperty("contentKey"));
    }

    private static RecipientEntry recipientsEntry(byte[] envelope, Token recipient) throws Exception {
        byte[] fingerprint = Sm3.fingerprint(recipient.encryptionCertificate().orElseThrow());
        return new EnvelopeReader(SenderCheck.signatureOnly())
                .readHeader(new java.io.ByteArrayInputStream(envelope)).manifest().recipients().stream()
                        .filter(r -> java.util.Arrays.equals(r.certificateSm3(), fingerprint))
                        .findFirst()
                        .orElseThrow();
    }

    @Test
    @EnabledIfSystemProperty(named = "sealpost.regenerateVectors", matches = "true")
    void regenerate() throws Exception {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
        KeyPair caKey = Sm2.generateKeyPair(random);
        X509Certificate ca = CertificateAuthority.createRoot(
                "TEST-ONLY SealPost vector CA", caKey, Duration.ofDays(36500), clock, random);
        CertificateAuthority authority = new CertificateAuthority(
                SoftwareToken.of("ca", new KeyEntry(caKey.getPrivate(), ca), null, random), clock, random);
        Token sender = unit(authority, "R000", "TEST-ONLY regulator", "TEST-ONLY-sender", random);
        Token recipient = unit(authority, "B001", "TEST-ONLY bank", "TEST-ONLY-recipient", random);
        Files.writeString(DIR.resolve("TEST-ONLY-ca.pem"), Pem.encode(ca));

        byte[] plaintext = ("SealPost envelope format v1 test vector. TEST-ONLY.\n" + "关于开展2026年度银行业金融机构检查的通知（测试）\n")
                .repeat(8)
                .getBytes(StandardCharsets.UTF_8);
        Files.write(DIR.resolve("plaintext.txt"), plaintext);
        byte[] metadata = "documentId=TEST-ONLY-DOC-0001\nname=plaintext.txt\nmediaType=text/plain; charset=utf-8\n"
                .getBytes(StandardCharsets.UTF_8);
        SealRequest request = new SealRequest(
                "TEST-ONLY-DOC-0001",
                "R000",
                metadata,
                List.of(new SealRequest.Recipient(
                        "B001", recipient.encryptionCertificate().orElseThrow())),
                List.of(Payload.ofBytes("plaintext.txt", "text/plain; charset=utf-8", plaintext)));
        EnvelopeHeader header;
        try (OutputStream out = Files.newOutputStream(DIR.resolve("envelope.spenv"))) {
            header = new EnvelopeWriter(clock, random, 256, 1).seal(request, sender, out);
        }
        byte[] envelope = Files.readAllBytes(DIR.resolve("envelope.spenv"));
        Manifest m = header.manifest();
        Properties p = new Properties();
        p.setProperty("documentId", m.documentId());
        p.setProperty("createdAt", m.createdAt().toString());
        p.setProperty("senderUnit", m.senderUnit());
        p.setProperty("recipientUnits", "B001");
        p.setProperty("metadataSm3", m.metadataSm3Hex());
        p.setProperty("chunkSize", Integer.toString(m.chunkSize()));
        p.setProperty("noncePrefix", HexFormat.of().formatHex(m.noncePrefix()));
        p.setProperty("payloadSm3", m.entries().get(0).sm3Hex());
        p.setProperty("envelopeSm3", header.digestHex());
        p.setProperty("fileSm3", HexFormat.of().formatHex(Sm3.digest(envelope)));
        p.setProperty(
                "contentKey",
                HexFormat.of().formatHex(recipient.decrypt(m.recipients().get(0).wrappedKey())));
        p.setProperty("pin", PIN);
        try (var writer = Files.newBufferedWriter(DIR.resolve("expected.properties"), StandardCharsets.UTF_8)) {
            p.store(writer, "SealPost envelope v1 test vector: TEST-ONLY keys, never use them for anything else");
        }
        writeFuzzSeeds(envelope, header, sender, clock);
    }

    /** Seed corpora for the fuzz tests: valid inputs and typical damage. */
    private static void writeFuzzSeeds(byte[] envelope, EnvelopeHeader header, Token sender, Clock clock)
            throws Exception {
        Path envelopeSeeds = Path.of(
                "src/test/resources/org/sealpost/core/envelope/EnvelopeReaderFuzzTestInputs/readerOnlyThrowsEnvelopeException");
        Files.createDirectories(envelopeSeeds);
        Files.write(envelopeSeeds.resolve("valid"), envelope);
        Files.write(
                envelopeSeeds.resolve("truncated-in-chunk"), java.util.Arrays.copyOf(envelope, envelope.length - 40));
        Files.write(envelopeSeeds.resolve("truncated-in-manifest"), java.util.Arrays.copyOf(envelope, 60));
        byte[] flipped = envelope.clone();
        flipped[envelope.length - 5] ^= 1;
        Files.write(envelopeSeeds.resolve("flipped-tag"), flipped);
        byte[] manifest = envelope.clone();
        manifest[40] ^= 1;
        Files.write(envelopeSeeds.resolve("flipped-manifest"), manifest);
        byte[] version = envelope.clone();
        version[5] = 2;
        Files.write(envelopeSeeds.resolve("version-2"), version);
        Files.write(
                envelopeSeeds.resolve("huge-manifest-length"),
                new byte[] {'S', 'P', 'E', 'N', 'V', 1, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x30, (byte) 0x84});
        Files.write(envelopeSeeds.resolve("appended"), java.util.Arrays.copyOf(envelope, envelope.length + 3));

        Path statementSeeds = Path.of(
                "src/test/resources/org/sealpost/core/statement/StatementVerifierFuzzTestInputs/verifierOnlyThrowsStatementException");
        Files.createDirectories(statementSeeds);
        var signer = new org.sealpost.core.statement.StatementSigner();
        byte[] receipt = signer.sign(
                org.sealpost.core.statement.Statement.receipt(
                        "TEST-ONLY-DOC-0001", header.digest(), "R000", clock.instant()),
                sender);
        Files.write(statementSeeds.resolve("receipt"), receipt);
        Files.write(
                statementSeeds.resolve("destruction"),
                signer.sign(
                        org.sealpost.core.statement.Statement.destructionConfirmed(
                                "TEST-ONLY-DOC-0001",
                                header.digest(),
                                "R000",
                                clock.instant(),
                                List.of("000001", "000002")),
                        sender));
        Files.write(
                statementSeeds.resolve("return"),
                signer.sign(
                        org.sealpost.core.statement.Statement.returned(
                                "TEST-ONLY-DOC-0001", header.digest(), "R000", clock.instant(), "TEST-ONLY reason"),
                        sender));
        byte[] altered = receipt.clone();
        altered[receipt.length / 2] ^= 1;
        Files.write(statementSeeds.resolve("altered"), altered);
        Files.write(statementSeeds.resolve("truncated"), java.util.Arrays.copyOf(receipt, receipt.length / 2));
        Files.write(
                statementSeeds.resolve("huge-length"),
                new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x06});
    }

    private static Token unit(CertificateAuthority ca, String code, String name, String file, SecureRandom random)
            throws IOException {
        KeyPair signing = Sm2.generateKeyPair(random);
        KeyPair encryption = Sm2.generateKeyPair(random);
        UnitCertificates certs =
                ca.issueUnit(code, name, signing.getPublic(), encryption.getPublic(), Duration.ofDays(36500));
        KeyEntry s = new KeyEntry(signing.getPrivate(), certs.signing());
        KeyEntry e = new KeyEntry(encryption.getPrivate(), certs.encryption());
        Pkcs12Token.write(DIR.resolve(file + ".p12"), PIN.toCharArray(), s, e);
        Files.writeString(DIR.resolve(file + ".pem"), Pem.encode(certs.signing()) + Pem.encode(certs.encryption()));
        return SoftwareToken.of(code, s, e, random);
    }
}
