package org.sealpost.core.render;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;
import org.sealpost.core.seal.CjkFonts;

/**
 * The documents a recipient may take out of SealPost, all as PDF:
 *
 * <ul>
 *   <li>{@link #numberedCopy}: a controlled print copy — every page with the seal as stamped, the
 *       copy number (份号) and the recipient unit's name at the top right;
 *   <li>{@link #greyCopy}: a de-sealed print (脱密打印) — the seal in grey and a label such as
 *       "脱密件" at the top right;
 *   <li>{@link #decryptedExport}: the de-sealed download (脱密下载) — the plain document with the
 *       seal in grey, for the unit's own systems.
 * </ul>
 *
 * <p>For a PDF, the pages are the original pages (text stays text and stays selectable); the
 * signature widgets are flattened into the page content (as stamped or grey) and the signatures
 * themselves, with their seal records, are removed, so a copy can never pass for the sealed
 * original. For an OFD, each page is rendered at {@link PageRenderer#PRINT_DPI} and placed as an
 * image on a PDF page of the same size, with the page's characters as invisible text over it (so
 * the copy can be searched and copied from); the header text is real text either way. Nothing is written
 * to disk except the OFD's wiped working copy (see {@link RenderableDocument}).
 *
 * <p>This class does not count copies or decide who may print: the caller takes the next copy
 * number, checks the allowance and records the audit entry.
 */
public final class PrintCopies {

    private static final Pattern COPY_NUMBER = Pattern.compile("[0-9]{6}");
    private static final float POINTS_PER_MM = 72 / 25.4f;

    private final PageRenderer renderer;
    private final CjkFonts fonts;

    public PrintCopies(PageRenderer renderer, CjkFonts fonts) {
        this.renderer = Objects.requireNonNull(renderer);
        this.fonts = Objects.requireNonNull(fonts);
    }

    /** Print copies using the fonts installed on this machine. */
    public static PrintCopies system() {
        CjkFonts fonts = CjkFonts.system();
        return new PrintCopies(new PageRenderer(fonts), fonts);
    }

    /**
     * A numbered print copy: every page, seal as stamped, "份号 {@code copyNumber}" and {@code
     * unitName} at the top right of each page.
     *
     * @param copyNumber exactly six digits, e.g. {@code 000001}
     * @throws RenderException INVALID_REQUEST, UNSUPPORTED_FORMAT or DOCUMENT_MALFORMED
     */
    public byte[] numberedCopy(byte[] document, String copyNumber, String unitName) {
        if (copyNumber == null || !COPY_NUMBER.matcher(copyNumber).matches()) {
            throw new RenderException(RenderException.Problem.INVALID_REQUEST, "A copy number is exactly six digits");
        }
        String unit = checkedText(unitName, 100, "unit name");
        return copy(document, SealStyle.AS_STAMPED, List.of("份号 " + copyNumber, unit));
    }

    /**
     * A de-sealed print copy (脱密打印): every page with the seal in grey and {@code label} (e.g.
     * "脱密件") at the top right of each page. No copy number: the caller adds one to the label if
     * its rules want one.
     *
     * @throws RenderException INVALID_REQUEST, UNSUPPORTED_FORMAT or DOCUMENT_MALFORMED
     */
    public byte[] greyCopy(byte[] document, String label) {
        return copy(document, SealStyle.GREY, List.of(checkedText(label, 60, "label")));
    }

    /**
     * The de-sealed export (脱密下载): a PDF of the document with every seal in grey and no
     * signatures. A PDF keeps its own pages (text selectable); an OFD becomes page images at
     * {@link PageRenderer#PRINT_DPI} with an invisible text layer (text selectable too).
     *
     * @throws RenderException UNSUPPORTED_FORMAT or DOCUMENT_MALFORMED
     */
    public byte[] decryptedExport(byte[] document) {
        return copy(document, SealStyle.GREY, List.of());
    }

    private byte[] copy(byte[] document, SealStyle seals, List<String> header) {
        try {
            return switch (DocumentFormat.of(document)) {
                case PDF -> pdfCopy(document, seals, header);
                case OFD -> imageCopy(document, seals, header);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("writing the copy failed", e);
        }
    }

    private byte[] pdfCopy(byte[] document, SealStyle seals, List<String> header) throws IOException {
        try (PDDocument doc = PdfRenderable.load(document)) {
            try {
                PdfSeals.flatten(doc, seals);
            } catch (IOException | RuntimeException e) {
                throw new RenderException(
                        RenderException.Problem.DOCUMENT_MALFORMED, "The seal of the PDF could not be flattened", e);
            }
            addHeader(doc, header);
            doc.setAllSecurityToBeRemoved(true);
            return save(doc);
        }
    }

    private byte[] imageCopy(byte[] document, SealStyle seals, List<String> header) throws IOException {
        try (RenderableDocument source = renderer.open(document);
                PDDocument doc = new PDDocument(IOUtils.createMemoryOnlyStreamCache())) {
            for (int page = 1; page <= source.pageCount(); page++) {
                float[] size = source.pageSizePoints(page);
                PDPage pdfPage = new PDPage(new PDRectangle(size[0], size[1]));
                doc.addPage(pdfPage);
                List<OfdPainter.Glyph> text = new ArrayList<>();
                BufferedImage image = source instanceof OfdRenderable ofd
                        ? ofd.render(page, PageRenderer.PRINT_DPI, seals, text)
                        : source.render(page, PageRenderer.PRINT_DPI, seals);
                PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
                try (PDPageContentStream cs = new PDPageContentStream(doc, pdfPage)) {
                    cs.drawImage(xobject, 0, 0, size[0], size[1]);
                    invisibleText(doc, cs, text, size[1]);
                }
            }
            addHeader(doc, header);
            return save(doc);
        }
    }

    /**
     * The page's characters as invisible text (rendering mode 3) over the page image, each at its
     * place, so that an OFD's copy can still be searched and its text selected and copied. Fonts
     * are outline Type 3 fonts of at most 255 characters each; characters no installed font can
     * draw are left out of the text layer (they are in the image).
     */
    private void invisibleText(
            PDDocument doc, PDPageContentStream cs, List<OfdPainter.Glyph> glyphs, float pageHeightPt)
            throws IOException {
        if (glyphs.isEmpty()) {
            return;
        }
        StringBuilder all = new StringBuilder();
        glyphs.stream().mapToInt(OfdPainter.Glyph::codePoint).distinct().forEach(all::appendCodePoint);
        Font base;
        try {
            base = fonts.find(all.toString());
        } catch (RuntimeException e) {
            base = fonts.find("中");
        }
        Map<Integer, OutlineFont> fontOf = new HashMap<>();
        int[] distinct = all.codePoints().filter(base::canDisplay).toArray();
        for (int i = 0; i < distinct.length; i += 255) {
            StringBuilder chunk = new StringBuilder();
            for (int k = i; k < Math.min(distinct.length, i + 255); k++) {
                chunk.appendCodePoint(distinct[k]);
            }
            OutlineFont font = OutlineFont.of(doc, base, chunk.toString());
            chunk.codePoints().forEach(cp -> fontOf.put(cp, font));
        }
        cs.beginText();
        cs.setRenderingMode(RenderingMode.NEITHER);
        for (OfdPainter.Glyph glyph : glyphs) {
            OutlineFont font = fontOf.get(glyph.codePoint());
            float size = (float) (glyph.sizeMm() * POINTS_PER_MM);
            if (font == null || !(size > 0.5f && size < 1000)) {
                continue;
            }
            cs.setFont(font, size);
            cs.setTextMatrix(Matrix.getTranslateInstance(
                    (float) (glyph.xMm() * POINTS_PER_MM), pageHeightPt - (float) (glyph.yMm() * POINTS_PER_MM)));
            cs.showText(new String(Character.toChars(glyph.codePoint())));
        }
        cs.endText();
    }

    /** Right-aligned lines at the top right of every page, upright however the page is rotated. */
    private void addHeader(PDDocument doc, List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        String all = String.join("", lines);
        Font base = fonts.find(all);
        OutlineFont font = OutlineFont.of(doc, base, all);
        float[] sizes = {12f, 10.5f};
        for (PDPage page : doc.getPages()) {
            PDRectangle crop = page.getCropBox();
            int rotation = ((page.getRotation() % 360) + 360) % 360;
            float w = crop.getWidth();
            float h = crop.getHeight();
            boolean turned = rotation == 90 || rotation == 270;
            float visualW = turned ? h : w;
            float visualH = turned ? w : h;
            Matrix toUser = switch (rotation) {
                case 90 -> new Matrix(0, 1, -1, 0, w, 0);
                case 180 -> new Matrix(-1, 0, 0, -1, w, h);
                case 270 -> new Matrix(0, -1, 1, 0, 0, h);
                default -> new Matrix();
            };
            try (PDPageContentStream cs =
                    new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                cs.transform(Matrix.getTranslateInstance(crop.getLowerLeftX(), crop.getLowerLeftY()));
                cs.transform(toUser);
                cs.setNonStrokingColor(0f, 0f, 0f);
                float y = visualH - 10 * POINTS_PER_MM;
                for (int i = 0; i < lines.size(); i++) {
                    float size = sizes[Math.min(i, sizes.length - 1)];
                    y -= size;
                    float x = visualW - 12 * POINTS_PER_MM - font.widthOf(lines.get(i), size);
                    cs.beginText();
                    cs.setFont(font, size);
                    cs.newLineAtOffset(Math.max(2, x), y);
                    cs.showText(lines.get(i));
                    cs.endText();
                    y -= size * 0.4f;
                }
            }
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    private static String checkedText(String text, int max, String what) {
        if (text == null
                || text.isBlank()
                || text.strip().length() > max
                || text.chars().anyMatch(Character::isISOControl)) {
            throw new RenderException(
                    RenderException.Problem.INVALID_REQUEST,
                    "The " + what + " must be 1 to " + max + " characters on one line");
        }
        return text.strip();
    }
}
