package org.sealpost.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.envelope.EnvelopeException.Reason;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.Revocation;
import org.sealpost.core.testing.TestPki;
import org.sealpost.core.token.Token;

class EnvelopeTest {

    private final EnvelopeFixtures f = new EnvelopeFixtures();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"0,256,1", "1,256,2", "256,256,1", "257,256,2", "5000,256,1", "5000,256,4", "200000,65536,2"})
    void everyRecipientOpensWhatWasSealed(int size, int chunkSize, int parallelism) throws Exception {
        byte[] document = new byte[size];
        f.pki.random.nextBytes(document);
        byte[] envelope = f.seal(document, chunkSize, parallelism);

        for (TestPki.Unit recipient : List.of(f.bankA, f.bankB)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EnvelopeHeader header = new EnvelopeReader(f.trustingCa(f.crl()), parallelism)
                    .open(new ByteArrayInputStream(envelope), recipient.token(), out);
            assertThat(out.toByteArray()).isEqualTo(document);
            Manifest manifest = header.manifest();
            assertThat(manifest.documentId()).isEqualTo("DOC-2026-0001");
            assertThat(manifest.senderUnit()).isEqualTo("R000");
            assertThat(manifest.createdAt()).isEqualTo(TestPki.NOW);
            assertThat(manifest.metadataSm3()).isEqualTo(Sm3.digest(f.metadata));
            assertThat(manifest.recipients())
                    .extracting(RecipientEntry::unitCode)
                    .containsExactly("B001", "B002");
            assertThat(manifest.entries()).singleElement().satisfies(e -> {
                assertThat(e.size()).isEqualTo(size);
                assertThat(e.sm3()).isEqualTo(Sm3.digest(document));
            });
        }
    }

    @Test
    void sealingTheSameDocumentTwiceGivesDifferentEnvelopes() throws Exception {
        byte[] document = "same plaintext".getBytes();
        assertThat(f.seal(document, 256, 1)).isNotEqualTo(f.seal(document, 256, 1));
    }

    @Test
    void carriesSeveralFilesInOrder() throws Exception {
        List<Payload> payloads = List.of(
                Payload.ofBytes("body.ofd", "application/ofd", new byte[700]),
                Payload.ofBytes("empty.txt", "text/plain", new byte[0]),
                Payload.ofBytes(
                        "annex.xlsx",
                        "application/vnd.ms-excel",
                        "附件".repeat(300).getBytes()));
        SealRequest request = new SealRequest(
                "DOC-2",
                "R000",
                f.metadata,
                List.of(new SealRequest.Recipient("B001", f.bankA.certificates().encryption())),
                payloads);
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        new EnvelopeWriter(f.pki.clock, f.pki.random, 256, 2).seal(request, f.regulator.token(), envelope);

        Map<String, ByteArrayOutputStream> files = new LinkedHashMap<>();
        new EnvelopeReader(SenderCheck.signatureOnly(), 2)
                .open(
                        new ByteArrayInputStream(envelope.toByteArray()),
                        f.bankA.token(),
                        entry -> files.computeIfAbsent(entry.name(), n -> new ByteArrayOutputStream()));

        assertThat(files).containsOnlyKeys("body.ofd", "empty.txt", "annex.xlsx");
        assertThat(new ArrayList<>(files.keySet())).containsExactly("body.ofd", "empty.txt", "annex.xlsx");
        assertThat(files.get("annex.xlsx").toByteArray())
                .isEqualTo("附件".repeat(300).getBytes());
        assertThat(files.get("empty.txt").size()).isZero();
    }

    @Test
    void nonRecipientIsRefused() throws Exception {
        byte[] envelope = f.seal(new byte[1000], 256, 1);

        assertOpenFails(envelope, f.outsider.token(), SenderCheck.signatureOnly(), Reason.NOT_A_RECIPIENT);
        assertOpenFails(envelope, f.regulator.token(), SenderCheck.signatureOnly(), Reason.NOT_A_RECIPIENT);
    }

    @Test
    void revokedSenderCertificateIsRefused() throws Exception {
        byte[] envelope = f.seal(new byte[1000], 256, 1);
        var revoked = new Revocation(
                f.regulator.certificates().signing().getSerialNumber(), TestPki.NOW, Revocation.KEY_COMPROMISE);

        assertOpenFails(envelope, f.bankA.token(), f.trustingCa(f.crl(revoked)), Reason.SENDER_CERT_REVOKED);
    }

    @Test
    void expiredSenderCertificateIsRefused() throws Exception {
        byte[] envelope = f.seal(new byte[1000], 256, 1);
        Clock later = Clock.fixed(TestPki.NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC);
        SenderCheck check =
                SenderCheck.verifiedBy(new CertificateVerifier(List.of(f.pki.caCertificate), List.of(), false, later));

        assertOpenFails(envelope, f.bankA.token(), check, Reason.SENDER_CERT_EXPIRED);
    }

    @Test
    void senderFromAForeignCaIsRefused() throws Exception {
        TestPki foreign = new TestPki("TEST-ONLY other CA", f.pki.clock);
        TestPki.Unit impostor = foreign.unit("R000");
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        new EnvelopeWriter(f.pki.clock, f.pki.random, 256, 1).seal(f.request(new byte[10]), impostor.token(), envelope);

        assertOpenFails(envelope.toByteArray(), f.bankA.token(), f.trustingCa(f.crl()), Reason.SENDER_CERT_UNTRUSTED);
    }

    @Test
    void unknownVersionIsRefused() throws Exception {
        byte[] envelope = f.seal(new byte[10], 256, 1);
        envelope[5] = 2;

        assertOpenFails(envelope, f.bankA.token(), SenderCheck.signatureOnly(), Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void wrongDigestFromTheSenderIsCaughtAtTheEnd() throws Exception {
        Payload lying =
                Payload.ofBytes("a.txt", "text/plain", "real".getBytes()).withKnownSm3(Sm3.digest("fake".getBytes()));
        SealRequest request = new SealRequest(
                "DOC-3",
                "R000",
                f.metadata,
                List.of(new SealRequest.Recipient("B001", f.bankA.certificates().encryption())),
                List.of(lying));
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        new EnvelopeWriter(f.pki.clock, f.pki.random, 256, 1).seal(request, f.regulator.token(), envelope);

        assertOpenFails(
                envelope.toByteArray(), f.bankA.token(), SenderCheck.signatureOnly(), Reason.PAYLOAD_DIGEST_MISMATCH);
    }

    @Test
    void openToFileMovesIntoPlaceOnlyOnSuccess() throws Exception {
        byte[] document = new byte[3000];
        f.pki.random.nextBytes(document);
        Path envelope = dir.resolve("doc.spenv");
        Files.write(envelope, f.seal(document, 256, 2));
        EnvelopeReader reader = new EnvelopeReader(SenderCheck.signatureOnly());

        reader.openToFile(envelope, f.bankA.token(), dir.resolve("doc.ofd"));
        assertThat(Files.readAllBytes(dir.resolve("doc.ofd"))).isEqualTo(document);

        byte[] tampered = Files.readAllBytes(envelope);
        tampered[tampered.length - 20] ^= 1;
        Files.write(envelope, tampered);
        assertThatThrownBy(() -> reader.openToFile(envelope, f.bankA.token(), dir.resolve("again.ofd")))
                .isInstanceOfSatisfying(
                        EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHUNK_AUTH_FAILED));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("doc.spenv", "doc.ofd");
        }
    }

    @Test
    void refusesRecipientCertificatesThatCannotEncrypt() {
        SealRequest request = new SealRequest(
                "DOC-4",
                "R000",
                f.metadata,
                List.of(new SealRequest.Recipient("B001", f.bankA.certificates().signing())),
                List.of(Payload.ofBytes("a", "text/plain", new byte[1])));

        assertThatThrownBy(() -> new EnvelopeWriter(f.pki.clock, f.pki.random)
                        .seal(request, f.regulator.token(), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyRecipientsAreWrappedInParallelInListOrderAndEachOpens() throws Exception {
        List<TestPki.Unit> banks = new ArrayList<>();
        List<SealRequest.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TestPki.Unit bank = f.pki.unit(String.format("P%03d", i));
            banks.add(bank);
            recipients.add(
                    new SealRequest.Recipient(bank.code(), bank.certificates().encryption()));
        }
        byte[] document = "并行封装".repeat(1000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SealRequest request = new SealRequest(
                "DOC-P", "R000", f.metadata, recipients, List.of(Payload.ofBytes("a", "text/plain", document)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        EnvelopeHeader header =
                new EnvelopeWriter(f.pki.clock, f.pki.random, 4096, 2).seal(request, f.regulator.token(), out);

        assertThat(header.manifest().recipients())
                .extracting(RecipientEntry::unitCode)
                .containsExactlyElementsOf(
                        recipients.stream().map(SealRequest.Recipient::unitCode).toList());
        for (int i : new int[] {0, 19, 20, 39}) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            new EnvelopeReader(f.trustingCa(f.crl()), 1)
                    .open(
                            new ByteArrayInputStream(out.toByteArray()),
                            banks.get(i).token(),
                            plain);
            assertThat(plain.toByteArray()).isEqualTo(document);
        }

        // errors as the sequential loop reports them: the first bad recipient in list order
        List<SealRequest.Recipient> bad = new ArrayList<>(recipients);
        bad.set(
                25,
                new SealRequest.Recipient("P025", banks.get(25).certificates().signing()));
        bad.set(30, recipients.get(3));
        assertThatThrownBy(() -> new EnvelopeWriter(f.pki.clock, f.pki.random, 4096, 2)
                        .seal(
                                new SealRequest("DOC-P", "R000", f.metadata, bad, request.payloads()),
                                f.regulator.token(),
                                new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P025")
                .hasMessageContaining("not an encryption certificate");
        bad.set(25, recipients.get(25));
        assertThatThrownBy(() -> new EnvelopeWriter(f.pki.clock, f.pki.random, 4096, 2)
                        .seal(
                                new SealRequest("DOC-P", "R000", f.metadata, bad, request.payloads()),
                                f.regulator.token(),
                                new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listed twice");
    }

    @Test
    void inspectingNeedsNoKey() throws Exception {
        byte[] envelope = f.seal(new byte[10], 256, 1);

        EnvelopeHeader header =
                new EnvelopeReader(SenderCheck.signatureOnly()).readHeader(new ByteArrayInputStream(envelope));

        assertThat(header.senderCertificate())
                .isEqualTo(f.regulator.certificates().signing());
        assertThat(header.digest()).hasSize(32);
    }

    @Test
    void recipientsOfOneEnvelopeCommitToTheSameContentKeyAndOnlyToIt() throws Exception {
        byte[] one = f.seal(new byte[5000], 256, 1);
        byte[] other = f.seal(new byte[5000], 256, 1);
        EnvelopeReader reader = new EnvelopeReader(SenderCheck.signatureOnly());
        EnvelopeHeader h1 = reader.readHeader(new ByteArrayInputStream(one));
        EnvelopeHeader h2 = reader.readHeader(new ByteArrayInputStream(other));

        byte[] a1 = EnvelopeReader.contentKeyCommitment(h1, f.bankA.token());
        assertThat(a1).hasSize(32);
        assertThat(EnvelopeReader.contentKeyCommitment(h1, f.bankB.token())).isEqualTo(a1);
        assertThat(EnvelopeReader.contentKeyCommitment(h2, f.bankA.token())).isNotEqualTo(a1);

        // an entry that wraps another key (bank B's entry taken from the other envelope) commits differently
        Manifest m = h1.manifest();
        List<RecipientEntry> mixed =
                List.of(m.recipients().get(0), h2.manifest().recipients().get(1));
        EnvelopeHeader forged = new EnvelopeHeader(
                new Manifest(
                        m.version(),
                        m.documentId(),
                        m.createdAt(),
                        m.senderUnit(),
                        m.senderCertificateSm3(),
                        mixed,
                        m.metadataSm3(),
                        m.chunkSize(),
                        m.noncePrefix(),
                        m.entries()),
                h1.senderCertificate(),
                h1.signature(),
                h1.digest());
        assertThat(EnvelopeReader.contentKeyCommitment(forged, f.bankB.token())).isNotEqualTo(a1);
        assertThat(EnvelopeReader.contentKeyCommitment(forged, f.bankA.token())).isEqualTo(a1);

        assertThatThrownBy(() -> EnvelopeReader.contentKeyCommitment(h1, f.outsider.token()))
                .isInstanceOfSatisfying(
                        EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_RECIPIENT));
    }

    static void assertOpenFails(byte[] envelope, Token token, SenderCheck check, Reason reason) {
        for (int parallelism : new int[] {1, 2}) {
            assertThatThrownBy(() -> new EnvelopeReader(check, parallelism)
                            .open(new ByteArrayInputStream(envelope), token, new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(
                            EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        }
    }
}
