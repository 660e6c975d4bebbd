package org.sealpost.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.core.seal.SealFixtures.NOW;
import static org.sealpost.core.seal.SealRecordTest.assertRefused;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PdfSealTest {

    private static final SealFixtures PKI = SealFixtures.shared();
    private static byte[] original;
    private static byte[] stamped;

    private final PdfSealVerifier verifier = new PdfSealVerifier(PKI.trust());

    @BeforeAll
    static void stampOnce() throws IOException {
        original = PdfFixtures.mixedPages();
        stamped = stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(1, 130, 40));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "stamped.pdf"), stamped);
    }

    @Test
    void stampsAPdfThatVerifies() {
        SealVerificationReport report = verifier.verify(stamped);

        assertThat(report.problemCodes()).isEmpty();
        assertThat(report.valid()).isTrue();
        SealVerificationReport.Stamp stamp = report.stamps().get(0);
        assertThat(stamp.sealId()).isEqualTo("ES-3301-0001");
        assertThat(stamp.sealName()).isEqualTo("中国工商银行浙江省分行业务专用章");
        assertThat(stamp.signerUnit()).contains("中国工商银行浙江省分行");
        assertThat(stamp.signingTime()).isEqualTo(NOW);
        assertThat(stamp.warnings()).isEmpty();
    }

    @Test
    void stampedSignatureVerifiesIndependentlyWithBouncyCastleCms() throws Exception {
        // read the ByteRange and the /Contents hole straight from the bytes, without PDFBox
        String text = new String(stamped, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*]")
                .matcher(text);
        assertThat(m.find()).isTrue();
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        int c = Integer.parseInt(m.group(3));
        int d = Integer.parseInt(m.group(4));
        assertThat(a).isZero();
        assertThat(c + d).isEqualTo(stamped.length); // covers the whole file but the hole
        byte[] content = new byte[b + d];
        System.arraycopy(stamped, 0, content, 0, b);
        System.arraycopy(stamped, c, content, b, d);
        byte[] cmsBytes = HexFormat.of().parseHex(text.substring(b + 1, c - 1));

        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(content), cmsBytes);
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();

        assertThat(signer.getDigestAlgOID()).isEqualTo("1.2.156.10197.1.401");
        assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.156.10197.1.501");
        assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder()
                        .setProvider(SealFixtures.BC)
                        .build(PKI.unit.certificate())))
                .isTrue();
        assertThat(cms.getCertificates().getMatches(null))
                .contains(new JcaX509CertificateHolder(PKI.ca), new JcaX509CertificateHolder(PKI.unit.certificate()));
        // and the same check fails on a changed byte
        content[content.length / 2] ^= 1;
        CMSSignedData changed = new CMSSignedData(new CMSProcessableByteArray(content), cmsBytes);
        SignerInformation again =
                changed.getSignerInfos().getSigners().iterator().next();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.verify(new JcaSimpleSignerInfoVerifierBuilder()
                        .setProvider(SealFixtures.BC)
                        .build(PKI.unit.certificate())))
                .isInstanceOf(org.bouncycastle.cms.CMSSignerDigestMismatchException.class);
    }

    @Test
    void refusesToStampBlankPage() {
        assertRefused(
                () -> stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(3, 20, 20)),
                SealProblem.BLANK_PAGE);
        assertRefused(
                () -> stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(4, 20, 20)),
                SealProblem.BLANK_PAGE);
    }

    @Test
    void stampsAPageThatCarriesOnlyADrawing() {
        byte[] out = stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(2, 20, 20));

        assertThat(verifier.verify(out).valid()).isTrue();
    }

    @Test
    void refusesAPageThatDoesNotExistOrASealOffThePage() {
        assertRefused(
                () -> stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(9, 20, 20)),
                SealProblem.NO_SUCH_PAGE);
        assertRefused(
                () -> stamp(original, PKI.record(), PKI.unit, new PdfStamper.Placement(1, 190, 20)),
                SealProblem.PLACEMENT_OFF_PAGE);
    }

    @Test
    void refusesToStampWithAnExpiredSeal() {
        SealRecord expired = PKI.record(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)), PKI.maker);

        assertRefused(
                () -> stamp(original, expired, PKI.unit, new PdfStamper.Placement(1, 20, 20)),
                SealProblem.SEAL_EXPIRED);
    }

    @Test
    void refusesToStampWithAKeyTheSealDoesNotBind() {
        assertRefused(
                () -> stamp(original, PKI.record(), PKI.maker, new PdfStamper.Placement(1, 20, 20)),
                SealProblem.SIGNER_NOT_BOUND_TO_SEAL);
    }

    @Test
    void detectsAByteEditAfterStamping() {
        byte[] edited = stamped.clone();
        int at = indexOf(edited, "/MediaBox".getBytes(StandardCharsets.US_ASCII)) + 12;
        edited[at] = (byte) (edited[at] == '1' ? '2' : '1');

        SealVerificationReport report = verifier.verify(edited);

        assertThat(report.valid()).isFalse();
        assertThat(report.problemCodes()).contains(SealProblem.MODIFIED_AFTER_STAMPING);
    }

    @Test
    void detectsContentChangedByIncrementalUpdate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(stamped)) {
            PDPage page = doc.getPage(0);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, AppendMode.APPEND, true)) {
                cs.addRect(72, 600, 200, 20);
                cs.fill();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }

        SealVerificationReport report = verifier.verify(out.toByteArray());

        assertThat(report.valid()).isFalse();
        assertThat(report.problemCodes()).containsExactly(SealProblem.MODIFIED_AFTER_STAMPING);
    }

    @Test
    void annotationAddedAfterStampingIsOnlyAWarning() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(stamped)) {
            PDPage page = doc.getPage(0);
            PDAnnotationText note = new PDAnnotationText();
            note.setRectangle(new PDRectangle(50, 50, 20, 20));
            note.setContents("received");
            page.getAnnotations().add(note);
            page.getCOSObject().setNeedToBeUpdated(true);
            page.getCOSObject()
                    .getCOSArray(org.apache.pdfbox.cos.COSName.ANNOTS)
                    .setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }

        SealVerificationReport report = verifier.verify(out.toByteArray());

        assertThat(report.valid()).isTrue();
        assertThat(report.stamps().get(0).warnings())
                .extracting(SealVerificationReport.Finding::problem)
                .containsExactly(SealProblem.ANNOTATIONS_CHANGED_AFTER_STAMPING);
    }

    @Test
    void stampMadeBeforeRevocationStillVerifiesButOneMadeAfterFails() throws Exception {
        X509Certificate unit = PKI.unit.certificate();
        PdfSealVerifier revokedLater = new PdfSealVerifier(
                SealTrust.withCrls(PKI.ca, List.of(PKI.crlRevoking(unit, NOW.plus(Duration.ofHours(1))))));
        PdfSealVerifier revokedEarlier = new PdfSealVerifier(
                SealTrust.withCrls(PKI.ca, List.of(PKI.crlRevoking(unit, NOW.minus(Duration.ofHours(1))))));

        assertThat(revokedLater.verify(stamped).valid()).isTrue();
        SealVerificationReport report = revokedEarlier.verify(stamped);
        assertThat(report.valid()).isFalse();
        assertThat(report.problemCodes()).containsExactly(SealProblem.SIGNER_CERT_REVOKED);
    }

    @Test
    void rejectsAStampWhoseSealRecordComesFromAnUntrustedMaker() {
        SealFixtures stranger = SealFixtures.stranger();
        SealRecord forged = PKI.record(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), stranger.maker);
        byte[] out = stamp(original, forged, PKI.unit, new PdfStamper.Placement(1, 20, 20));

        assertThat(verifier.verify(out).problemCodes()).containsExactly(SealProblem.RECORD_MAKER_UNTRUSTED);
    }

    @Test
    void rejectsASignerFromAnotherCa() {
        SealFixtures stranger = SealFixtures.stranger();
        PdfSealVerifier strangers = new PdfSealVerifier(stranger.trust());

        assertThat(strangers.verify(stamped).problemCodes())
                .contains(SealProblem.RECORD_MAKER_UNTRUSTED, SealProblem.SIGNER_UNTRUSTED);
    }

    @Test
    void reportsAnUnsealedOrUnreadableDocument() {
        assertThat(verifier.verify(original).problemCodes()).containsExactly(SealProblem.NOT_SEALED);
        assertThat(verifier.verify("not a pdf".getBytes(StandardCharsets.US_ASCII))
                        .problemCodes())
                .containsExactly(SealProblem.DOCUMENT_MALFORMED);
    }

    static byte[] stamp(byte[] pdf, SealRecord record, SealKey key, PdfStamper.Placement placement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PdfStamper(SealFixtures.clockAt(NOW))
                .stamp(new ByteArrayInputStream(pdf), out, record, key, List.of(PKI.ca), placement);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
