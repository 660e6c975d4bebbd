package org.sealpost.core.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.VirtualPage;
import org.ofdrw.layout.element.canvas.Canvas;
import org.sealpost.core.seal.CjkFonts;
import org.sealpost.core.seal.OfdStamper;
import org.sealpost.core.seal.PdfStamper;
import org.sealpost.core.seal.SealDesign;
import org.sealpost.core.seal.SealDrawing;
import org.sealpost.core.seal.SealImage;
import org.sealpost.core.seal.SealRecord;
import org.sealpost.core.seal.SoftwareSealKey;
import org.sealpost.core.testing.TestPki;

/**
 * A stamped PDF and a stamped OFD made at test time with the real stampers and TEST-ONLY keys
 * (throwaway SM2 CA as seal maker, a unit's signing key as stamper). Made once per run.
 *
 * <p>Page geometry, in millimetres from the top-left of an A4 page: title text at y 25–35 from x
 * 20; (OFD) a filled blue rectangle at x 20–80, y 60–90 and a green picture at x 110–150, y 60–90;
 * the seal (40 mm) at x 120–160, y 150–190.
 */
final class RenderFixtures {

    static final Instant NOW = TestPki.NOW;
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String TITLE = "关于做好电子公文传输工作的通知";
    static final String LATIN = "Notice 2026-17";
    /** Body text: a realistic amount of Chinese on the page, kept clear of the seal's band (y 150–190). */
    static final String BODY = "各银行业金融机构：为规范电子公文传输，提高办文效率，确保公文安全，现就有关事项通知如下。";

    /** Baselines of the body lines, in mm from the top: 100–145 and 200–280. */
    static double[] bodyLines() {
        double[] lines = new double[20];
        for (int i = 0; i < 7; i++) {
            lines[i] = 102 + 7 * i;
        }
        for (int i = 7; i < 20; i++) {
            lines[i] = 200 + 6.5 * (i - 7);
        }
        return lines;
    }

    static final double SEAL_X = 120;
    static final double SEAL_Y = 150;
    static final double SEAL_MM = 40;

    private static RenderFixtures shared;

    final byte[] stampedPdf;
    final byte[] stampedOfd;

    private RenderFixtures() throws IOException {
        TestPki pki = new TestPki();
        TestPki.Unit unit = pki.unit("3301");
        SoftwareSealKey maker = new SoftwareSealKey(pki.caKey.getPrivate(), pki.caCertificate);
        SoftwareSealKey stamper =
                new SoftwareSealKey(unit.signing().key(), unit.signing().certificate());
        SealImage picture =
                new SealDrawing(CjkFonts.system()).render(new SealDesign("中国工商银行浙江省分行", "业务专用章", "", SEAL_MM), 150);
        SealRecord record = SealRecord.make(
                new SealRecord.Content(
                        "ES-3301-0001",
                        SealRecord.SealType.UNIT,
                        "中国工商银行浙江省分行业务专用章",
                        NOW.minus(Duration.ofDays(10)),
                        NOW.plus(Duration.ofDays(300)),
                        picture,
                        List.of(unit.signing().certificate())),
                maker,
                CLOCK);
        PdfStamper.Placement placement = new PdfStamper.Placement(1, SEAL_X, SEAL_Y);

        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        new PdfStamper(CLOCK)
                .stamp(
                        new ByteArrayInputStream(plainPdf()),
                        pdf,
                        record,
                        stamper,
                        List.of(pki.caCertificate),
                        placement);
        stampedPdf = pdf.toByteArray();

        Path dir = Files.createTempDirectory("render-fixture");
        try {
            Path plain = dir.resolve("plain.ofd");
            Path stamped = dir.resolve("stamped.ofd");
            plainOfd(plain, dir);
            new OfdStamper(CLOCK).stamp(plain, stamped, record, stamper, placement);
            stampedOfd = Files.readAllBytes(stamped);
        } finally {
            Wipe.directory(dir);
        }
        Path target = Path.of("target", "render");
        Files.createDirectories(target);
        Files.write(target.resolve("stamped.pdf"), stampedPdf);
        Files.write(target.resolve("stamped.ofd"), stampedOfd);
    }

    static synchronized RenderFixtures shared() {
        if (shared == null) {
            try {
                shared = new RenderFixtures();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A4, the Chinese title (Type 3 outline font) and a Latin line (Helvetica). */
    static byte[] plainPdf() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            OutlineFont chinese = OutlineFont.of(doc, CjkFonts.system().find(TITLE + BODY), TITLE + BODY);
            float top = PDRectangle.A4.getHeight();
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(chinese, 20);
                cs.newLineAtOffset(mm(20), top - mm(33));
                cs.showText(TITLE);
                cs.endText();
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                cs.newLineAtOffset(mm(20), top - mm(50));
                cs.showText(LATIN);
                cs.endText();
                for (double y : bodyLines()) {
                    cs.beginText();
                    cs.setFont(chinese, 11);
                    cs.newLineAtOffset(mm(20), top - mm(y));
                    cs.showText(BODY);
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A4 with a text object, a filled path and an image object, all on one page. */
    static void plainOfd(Path out, Path scratch) throws IOException {
        Path png = scratch.resolve("green.png");
        BufferedImage green = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = green.createGraphics();
        g.setColor(new Color(0, 160, 0));
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        ImageIO.write(green, "png", png.toFile());
        try (OFDDoc doc = new OFDDoc(out)) {
            VirtualPage page = new VirtualPage(doc.getPageLayout());
            Canvas canvas = new Canvas(0d, 0d, 210d, 297d);
            canvas.setDrawer(ctx -> {
                ctx.setDefaultFont(8);
                ctx.setFillColor(0, 0, 0);
                ctx.fillText(TITLE, 20, 33);
                ctx.setDefaultFont(3.9);
                for (double y : bodyLines()) {
                    ctx.fillText(BODY, 20, y);
                }
                ctx.setFillColor(0, 0, 255);
                ctx.fillRect(20, 60, 60, 30);
                ctx.drawImage(png, 110, 60, 40, 30);
            });
            page.add(canvas);
            doc.addVPage(page);
        }
    }

    static float mm(double mm) {
        return (float) (mm * 72 / 25.4);
    }
}
