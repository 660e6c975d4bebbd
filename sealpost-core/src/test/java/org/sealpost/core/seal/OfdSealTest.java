package org.sealpost.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.core.seal.SealFixtures.NOW;
import static org.sealpost.core.seal.SealRecordTest.assertRefused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.VirtualPage;
import org.ofdrw.layout.element.Paragraph;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.verify.OFDValidator;

class OfdSealTest {

    private static final SealFixtures PKI = SealFixtures.shared();

    @TempDir
    static Path dir;

    private static Path original;
    private static Path stamped;

    private final OfdSealVerifier verifier = new OfdSealVerifier(PKI.trust());

    @BeforeAll
    static void stampOnce() throws IOException {
        original = dir.resolve("notice.ofd");
        try (OFDDoc doc = new OFDDoc(original)) {
            doc.add(new Paragraph("关于做好电子公文传输工作的通知", 6d));
            doc.add(new Paragraph("各银行业金融机构：请按时签收并妥善保管电子印章。", 4d));
            // a fixed page goes in at once, the flowing text is laid out on close: page 1 stays blank
            doc.addVPage(new VirtualPage(doc.getPageLayout()));
        }
        Files.createDirectories(Path.of("target"));
        Files.copy(original, Path.of("target", "notice.ofd"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        stamped = stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(2, 120, 60));
        Files.copy(stamped, Path.of("target", "stamped.ofd"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void stampsAnOfdThatVerifies() {
        SealVerificationReport report = verifier.verify(stamped);

        assertThat(report.problemCodes()).isEmpty();
        assertThat(report.valid()).isTrue();
        SealVerificationReport.Stamp stamp = report.stamps().get(0);
        assertThat(stamp.sealId()).isEqualTo("ES-3301-0001");
        assertThat(stamp.signerUnit()).contains("中国工商银行浙江省分行");
        assertThat(stamp.signingTime()).isEqualTo(NOW);
    }

    @Test
    void stampedOfdPassesOfdrwsOwnValidatorEngine() throws Exception {
        try (OFDReader reader = new OFDReader(stamped)) {
            OFDValidator validator = new OFDValidator(reader);
            validator.setValidator(new SesV4Stamping.Checking());
            validator.exeValidate(); // throws on any changed file or bad stamp
        }
    }

    @Test
    void detectsAModifiedContentFile() throws IOException {
        Path modified = dir.resolve("modified.ofd");
        rewrite(stamped, modified, "Content.xml", xml -> xml.replaceFirst("关于", "关子"));

        SealVerificationReport report = verifier.verify(modified);

        assertThat(report.valid()).isFalse();
        assertThat(report.problemCodes()).containsExactly(SealProblem.MODIFIED_AFTER_STAMPING);
    }

    @Test
    void detectsAForgedStampValue() throws IOException {
        Path forged = dir.resolve("forged.ofd");
        rewriteBytes(stamped, forged, "SignedValue.dat", bytes -> {
            bytes[bytes.length - 10] ^= 0x01; // inside the SM2 signature value
            return bytes;
        });

        SealVerificationReport report = verifier.verify(forged);

        assertThat(report.valid()).isFalse();
        assertThat(report.problemCodes()).containsExactly(SealProblem.SIGNATURE_INVALID);
    }

    @Test
    void refusesToStampBlankPage() {
        assertRefused(
                () -> stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(1, 20, 20)),
                SealProblem.BLANK_PAGE);
    }

    @Test
    void refusesToStampWithAnExpiredSeal() {
        SealRecord expired = PKI.record(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)), PKI.maker);

        assertRefused(
                () -> stamp(original, expired, PKI.unit, new PdfStamper.Placement(2, 20, 20)),
                SealProblem.SEAL_EXPIRED);
    }

    @Test
    void stampMadeBeforeRevocationStillVerifiesButOneMadeAfterFails() throws Exception {
        var unit = PKI.unit.certificate();
        var later = new OfdSealVerifier(
                SealTrust.withCrls(PKI.ca, List.of(PKI.crlRevoking(unit, NOW.plus(Duration.ofMinutes(5))))));
        var earlier = new OfdSealVerifier(
                SealTrust.withCrls(PKI.ca, List.of(PKI.crlRevoking(unit, NOW.minus(Duration.ofMinutes(5))))));

        assertThat(later.verify(stamped).valid()).isTrue();
        assertThat(earlier.verify(stamped).problemCodes()).containsExactly(SealProblem.SIGNER_CERT_REVOKED);
    }

    @Test
    void rejectsAStampWhoseSealRecordComesFromAnUntrustedMaker() {
        SealFixtures stranger = SealFixtures.stranger();
        SealRecord forged = PKI.record(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), stranger.maker);
        Path out = stamp(original, forged, PKI.unit, new PdfStamper.Placement(2, 20, 20));

        assertThat(verifier.verify(out).problemCodes()).containsExactly(SealProblem.RECORD_MAKER_UNTRUSTED);
    }

    @Test
    void reportsAnUnsealedOfd() {
        assertThat(verifier.verify(original).problemCodes()).containsExactly(SealProblem.NOT_SEALED);
    }

    @Test
    void refusesAPackageWithPathTraversalOrADtd() throws IOException {
        Path traversal = dir.resolve("traversal.ofd");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(traversal))) {
            zip.putNextEntry(new ZipEntry("../../etc/evil.xml"));
            zip.write("<a/>".getBytes(StandardCharsets.UTF_8));
        }
        Path xxe = dir.resolve("xxe.ofd");
        rewrite(
                stamped,
                xxe,
                "OFD.xml",
                xml -> xml.replaceFirst("\\?>", "?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"));

        assertThat(verifier.verify(traversal).problemCodes()).containsExactly(SealProblem.DOCUMENT_MALFORMED);
        assertThat(verifier.verify(xxe).problemCodes()).containsExactly(SealProblem.DOCUMENT_MALFORMED);
        assertRefused(
                () -> stamp(xxe, PKI.record(), PKI.unit, new PdfStamper.Placement(2, 20, 20)),
                SealProblem.DOCUMENT_MALFORMED);
    }

    @Test
    void refusesAZipBomb() throws IOException {
        Path bomb = dir.resolve("bomb.ofd");
        byte[] zeros = new byte[1024 * 1024];
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("Doc_0/Res/big.bin"));
            for (int i = 0; i < 65; i++) { // 65 MiB of zeros, a few hundred KiB packed
                zip.write(zeros);
            }
        }

        assertThat(verifier.verify(bomb).problemCodes()).containsExactly(SealProblem.DOCUMENT_MALFORMED);
    }

    @Test
    void theStampCarriesTheSealRecordAndItsPicture() throws IOException {
        byte[] signedValue;
        try (ZipFile zip = new ZipFile(stamped.toFile())) {
            ZipEntry entry = zip.stream()
                    .filter(e -> e.getName().endsWith("SignedValue.dat"))
                    .findFirst()
                    .orElseThrow();
            try (InputStream in = zip.getInputStream(entry)) {
                signedValue = in.readAllBytes();
            }
        }

        SealRecord inStamp = SealRecord.ofStamp(signedValue);

        assertThat(inStamp.sealId()).isEqualTo("ES-3301-0001");
        assertThat(inStamp.image().png()).isEqualTo(PKI.record().image().png());
        assertRefused(() -> SealRecord.ofStamp(new byte[] {0x30, 0x03, 1, 2, 3}), SealProblem.RECORD_MALFORMED);
        assertRefused(() -> SealRecord.ofStamp(new byte[0]), SealProblem.RECORD_MALFORMED);
    }

    static Path stamp(Path in, SealRecord record, SealKey key, PdfStamper.Placement placement) {
        try {
            Path out = Files.createTempFile(dir, "stamped", ".ofd");
            Files.delete(out);
            new OfdStamper(SealFixtures.clockAt(NOW)).stamp(in, out, record, key, placement);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Copies an OFD, changing the text of the first entry whose name ends with {@code suffix}. */
    private static void rewrite(Path from, Path to, String suffix, java.util.function.UnaryOperator<String> change)
            throws IOException {
        rewriteBytes(from, to, suffix, bytes -> {
            String before = new String(bytes, StandardCharsets.UTF_8);
            String after = change.apply(before);
            assertThat(after).isNotEqualTo(before);
            return after.getBytes(StandardCharsets.UTF_8);
        });
    }

    /** Copies an OFD, replacing the bytes of the first entry whose name ends with {@code suffix}. */
    private static void rewriteBytes(Path from, Path to, String suffix, java.util.function.UnaryOperator<byte[]> change)
            throws IOException {
        boolean changed = false;
        try (ZipFile in = new ZipFile(from.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream data = in.getInputStream(entry)) {
                    bytes = data.readAllBytes();
                }
                if (!changed && entry.getName().endsWith(suffix)) {
                    bytes = change.apply(bytes);
                    changed = true;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        assertThat(changed).isTrue();
    }
}
