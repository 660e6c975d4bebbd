package org.sealpost.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.core.render.PixelChecks.Kind.DARK;
import static org.sealpost.core.render.PixelChecks.Kind.GREY;
import static org.sealpost.core.render.PixelChecks.Kind.STRONG_RED;
import static org.sealpost.core.render.PixelChecks.count;
import static org.sealpost.core.render.RenderFixtures.SEAL_MM;
import static org.sealpost.core.render.RenderFixtures.SEAL_X;
import static org.sealpost.core.render.RenderFixtures.SEAL_Y;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrintCopiesTest {

    private static final RenderFixtures DOCS = RenderFixtures.shared();
    private static final String UNIT = "中国农业银行杭州分行";
    private static final float DPI = 110;

    private final PrintCopies copies = PrintCopies.system();

    @Test
    void numberedCopyOfAPdfShowsCopyNumberUnitAndTheRedSeal() throws IOException {
        byte[] copy = copies.numberedCopy(DOCS.stampedPdf, "000001", UNIT);
        save(copy, "numbered-from-pdf.pdf");

        String text = text(copy);
        assertThat(text).contains("份号 000001", UNIT, RenderFixtures.TITLE, RenderFixtures.LATIN);
        BufferedImage page = PixelChecks.renderPdf(copy, 1, DPI);
        PixelChecks.save(page, "numbered-from-pdf");
        assertThat(count(page, DPI, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                .isGreaterThan(1500);
        assertThat(count(page, DPI, 120, 8, 80, 16, DARK))
                .as("header at the top right")
                .isGreaterThan(200);
        try (PDDocument doc = Loader.loadPDF(copy)) {
            assertThat(doc.getSignatureDictionaries())
                    .as("a copy is no longer a signed original")
                    .isEmpty();
        }
        assertThat(new String(copy, StandardCharsets.ISO_8859_1)).doesNotContain("SealPost.SealRecord");
    }

    @Test
    void numberedCopyOfAnOfdIsAPdfOfItsPagesWithCopyNumberAndRedSeal() throws IOException {
        byte[] copy = copies.numberedCopy(DOCS.stampedOfd, "000002", UNIT);
        save(copy, "numbered-from-ofd.pdf");

        assertThat(DocumentFormat.of(copy)).isEqualTo(DocumentFormat.PDF);
        assertThat(text(copy)).contains("份号 000002", UNIT, RenderFixtures.TITLE, RenderFixtures.BODY);
        BufferedImage page = PixelChecks.renderPdf(copy, 1, DPI);
        PixelChecks.save(page, "numbered-from-ofd");
        assertThat(page.getWidth()).isBetween(905, 912);
        assertThat(count(page, DPI, 20, 24, 120, 11, DARK)).as("title text").isGreaterThan(300);
        assertThat(count(page, DPI, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                .isGreaterThan(1500);
    }

    @Test
    void theHeaderStaysUprightAtTheTopRightOfARotatedPage() throws IOException {
        byte[] rotated;
        try (PDDocument doc = Loader.loadPDF(DOCS.stampedPdf)) {
            doc.getPage(0).setRotation(90);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            rotated = out.toByteArray();
        }
        byte[] copy = copies.numberedCopy(rotated, "000003", UNIT);

        BufferedImage page = PixelChecks.renderPdf(copy, 1, DPI);
        PixelChecks.save(page, "numbered-rotated");
        assertThat(page.getWidth()).isGreaterThan(page.getHeight());
        assertThat(count(page, DPI, 297 - 90, 8, 80, 16, DARK))
                .as("header at the visual top right")
                .isGreaterThan(200);
        assertThat(text(copy)).contains("份号 000003");
    }

    @Test
    void greyCopiesShowTheSealInGreyAndTheLabel() throws IOException {
        for (byte[] original : new byte[][] {DOCS.stampedPdf, DOCS.stampedOfd}) {
            String kind = DocumentFormat.of(original).name().toLowerCase();
            byte[] copy = copies.greyCopy(original, "脱密件");
            save(copy, "grey-from-" + kind + ".pdf");

            assertThat(text(copy)).contains("脱密件");
            BufferedImage page = PixelChecks.renderPdf(copy, 1, DPI);
            PixelChecks.save(page, "grey-from-" + kind);
            assertThat(count(page, DPI, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                    .as(kind)
                    .isZero();
            assertThat(count(page, DPI, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, GREY))
                    .as(kind + ": grey seal")
                    .isGreaterThan(1500);
            assertThat(count(page, DPI, 20, 24, 120, 11, DARK))
                    .as(kind + ": title")
                    .isGreaterThan(300);
        }
    }

    @Test
    void decryptedExportOfAPdfKeepsSelectableTextAndLosesTheRedSealAndSignature() throws IOException {
        byte[] export = copies.decryptedExport(DOCS.stampedPdf);
        save(export, "export-from-pdf.pdf");

        assertThat(text(export)).contains(RenderFixtures.TITLE, RenderFixtures.LATIN);
        BufferedImage page = PixelChecks.renderPdf(export, 1, DPI);
        PixelChecks.save(page, "export-from-pdf");
        assertThat(count(page, DPI, 0, 0, 210, 297, STRONG_RED)).isZero();
        try (PDDocument doc = Loader.loadPDF(export)) {
            assertThat(doc.getSignatureDictionaries()).isEmpty();
            assertThat(doc.getDocumentCatalog().getAcroForm()).isNull();
        }
    }

    @Test
    void aSignatureFieldUnderAParentFieldIsRemovedToo() throws IOException {
        byte[] nested;
        try (PDDocument doc = Loader.loadPDF(DOCS.stampedPdf)) {
            org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm form =
                    doc.getDocumentCatalog().getAcroForm();
            org.apache.pdfbox.cos.COSDictionary signature =
                    form.getFields().get(0).getCOSObject();
            org.apache.pdfbox.cos.COSDictionary parent = new org.apache.pdfbox.cos.COSDictionary();
            parent.setString(org.apache.pdfbox.cos.COSName.T, "approvals");
            org.apache.pdfbox.cos.COSArray kids = new org.apache.pdfbox.cos.COSArray();
            kids.add(signature);
            parent.setItem(org.apache.pdfbox.cos.COSName.KIDS, kids);
            signature.setItem(org.apache.pdfbox.cos.COSName.PARENT, parent);
            org.apache.pdfbox.cos.COSArray fields = new org.apache.pdfbox.cos.COSArray();
            fields.add(parent);
            form.getCOSObject().setItem(org.apache.pdfbox.cos.COSName.FIELDS, fields);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            nested = out.toByteArray();
        }
        try (PDDocument doc = Loader.loadPDF(nested)) {
            assertThat(doc.getSignatureDictionaries()).as("precondition").hasSize(1);
        }

        byte[] export = copies.decryptedExport(nested);

        try (PDDocument doc = Loader.loadPDF(export)) {
            assertThat(doc.getSignatureDictionaries()).isEmpty();
        }
        BufferedImage page = PixelChecks.renderPdf(export, 1, DPI);
        assertThat(count(page, DPI, 0, 0, 210, 297, STRONG_RED)).isZero();
    }

    @Test
    void decryptedExportOfAnOfdIsAPdfWithoutRedSealWhoseTextCanBeSelected() throws IOException {
        byte[] export = copies.decryptedExport(DOCS.stampedOfd);
        save(export, "export-from-ofd.pdf");

        assertThat(text(export)).contains(RenderFixtures.TITLE, RenderFixtures.BODY);

        assertThat(DocumentFormat.of(export)).isEqualTo(DocumentFormat.PDF);
        BufferedImage page = PixelChecks.renderPdf(export, 1, DPI);
        assertThat(count(page, DPI, 0, 0, 210, 297, STRONG_RED)).isZero();
        assertThat(count(page, DPI, 20, 24, 120, 11, DARK)).isGreaterThan(300);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "1", "00001", "0000001", "00000a", "０００００１"})
    void refusesMalformedCopyNumbers(String copyNumber) {
        assertThatThrownBy(() -> copies.numberedCopy(DOCS.stampedPdf, copyNumber, UNIT))
                .isInstanceOfSatisfying(
                        RenderException.class,
                        e -> assertThat(e.problem()).isEqualTo(RenderException.Problem.INVALID_REQUEST));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "甲\n乙"})
    void refusesBlankOrMultilineUnitNamesAndLabels(String name) {
        assertThatThrownBy(() -> copies.numberedCopy(DOCS.stampedPdf, "000001", name))
                .isInstanceOf(RenderException.class);
        assertThatThrownBy(() -> copies.greyCopy(DOCS.stampedPdf, name)).isInstanceOf(RenderException.class);
    }

    @Test
    void refusesADocumentThatIsNeitherPdfNorOfd() {
        assertThatThrownBy(
                        () -> copies.decryptedExport("hello, this is not a document".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        RenderException.class,
                        e -> assertThat(e.problem()).isEqualTo(RenderException.Problem.UNSUPPORTED_FORMAT));
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    private static void save(byte[] bytes, String name) throws IOException {
        Path dir = Path.of("target", "render");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
