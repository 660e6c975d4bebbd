package org.sealpost.core.report;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.sealpost.core.seal.CjkFonts;

/**
 * Writes titled tables (a report such as a supervision 通报) as an A4 landscape PDF. Text is drawn
 * as glyph outlines of an installed CJK font ({@link CjkFonts}): the system's CJK fonts are
 * OpenType/CFF collections, which PDFBox cannot embed, and outlines print identically everywhere.
 * The price is that the text cannot be selected or searched in a viewer; the XLSX export carries
 * the same figures as data.
 *
 * <p>Cells wrap character by character to their column's width; a row that does not fit starts a
 * new page, which repeats the table's header row.
 */
public final class TablePdf {

    /** A heading, an optional line of text under it, and a table (columns may be empty: text only). */
    public record Section(String heading, String text, List<String> columns, List<List<String>> rows) {
        public Section {
            Objects.requireNonNull(heading);
            columns = List.copyOf(columns);
            rows = rows.stream()
                    .map(r -> r.stream().map(c -> c == null ? "" : c).toList())
                    .toList();
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("a row has " + row.size() + " cells for " + columns.size()
                            + " columns in section " + heading);
                }
            }
        }
    }

    static final float MARGIN = 36;
    static final float TITLE_SIZE = 16;
    static final float HEADING_SIZE = 12;
    static final float CELL_SIZE = 9;
    static final float PAD = 3;

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    private static final String PROBE = "通报表扬批评单位名称签收";

    private final Font base;

    public TablePdf(CjkFonts fonts) {
        this.base = fonts.find(PROBE);
    }

    /** Writes the report to {@code out} (not closed). */
    public void write(String title, String subtitle, List<Section> sections, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            info.setCreator("SealPost");
            doc.setDocumentInformation(info);
            Writer w = new Writer(doc);
            w.text(title, TITLE_SIZE, true);
            if (subtitle != null && !subtitle.isBlank()) {
                w.text(subtitle, CELL_SIZE + 1, false);
            }
            for (Section s : sections) {
                w.gap(8);
                w.text(s.heading(), HEADING_SIZE, true);
                if (s.text() != null && !s.text().isBlank()) {
                    w.text(s.text(), CELL_SIZE, false);
                }
                if (!s.columns().isEmpty()) {
                    w.table(s.columns(), s.rows());
                }
            }
            w.close();
            doc.save(out);
        }
    }

    private final class Writer {
        final PDDocument doc;
        final PDRectangle size = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
        PDPageContentStream cs;
        float y;

        Writer(PDDocument doc) throws IOException {
            this.doc = doc;
            newPage();
        }

        void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(size);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = size.getHeight() - MARGIN;
        }

        float width() {
            return size.getWidth() - 2 * MARGIN;
        }

        void gap(float h) {
            y -= h;
        }

        void text(String text, float fontSize, boolean bold) throws IOException {
            Font font = base.deriveFont(bold ? Font.BOLD : Font.PLAIN, fontSize);
            for (String line : wrap(text, font, width())) {
                float h = fontSize * 1.4f;
                if (y - h < MARGIN) {
                    newPage();
                }
                y -= h;
                draw(line, font, MARGIN, y + fontSize * 0.3f);
            }
        }

        void table(List<String> columns, List<List<String>> rows) throws IOException {
            Font font = base.deriveFont(Font.PLAIN, CELL_SIZE);
            Font bold = base.deriveFont(Font.BOLD, CELL_SIZE);
            float[] widths = columnWidths(columns, rows, font);
            boolean first = true;
            drawRow(columns, widths, bold, true);
            for (List<String> row : rows) {
                float h = rowHeight(row, widths, font);
                if (y - h < MARGIN) {
                    newPage();
                    drawRow(columns, widths, bold, true);
                }
                drawRow(row, widths, font, false);
                first = false;
            }
            if (first && rows.isEmpty()) {
                y -= 2;
            }
        }

        float rowHeight(List<String> row, float[] widths, Font font) {
            int lines = 1;
            for (int i = 0; i < row.size(); i++) {
                lines = Math.max(
                        lines, wrap(row.get(i), font, widths[i] - 2 * PAD).size());
            }
            return lines * font.getSize2D() * 1.3f + 2 * PAD;
        }

        void drawRow(List<String> row, float[] widths, Font font, boolean header) throws IOException {
            float h = rowHeight(row, widths, font);
            if (y - h < MARGIN) {
                newPage();
            }
            float x = MARGIN;
            if (header) {
                cs.setNonStrokingColor(0.9f, 0.9f, 0.9f);
                cs.addRect(MARGIN, y - h, width(), h);
                cs.fill();
            }
            cs.setNonStrokingColor(0f, 0f, 0f);
            cs.setLineWidth(0.4f);
            for (int i = 0; i < row.size(); i++) {
                cs.addRect(x, y - h, widths[i], h);
                cs.stroke();
                float line = font.getSize2D() * 1.3f;
                float baseline = y - PAD - font.getSize2D();
                for (String part : wrap(row.get(i), font, widths[i] - 2 * PAD)) {
                    draw(part, font, x + PAD, baseline);
                    baseline -= line;
                }
                x += widths[i];
            }
            y -= h;
        }

        float[] columnWidths(List<String> columns, List<List<String>> rows, Font font) {
            int n = columns.size();
            float[] want = new float[n];
            for (int i = 0; i < n; i++) {
                want[i] = Math.min(measure(columns.get(i), font), 220) + 2 * PAD;
            }
            for (List<String> row : rows) {
                for (int i = 0; i < n; i++) {
                    want[i] = Math.max(want[i], Math.min(measure(row.get(i), font), 220) + 2 * PAD);
                }
            }
            float total = 0;
            for (float w : want) {
                total += w;
            }
            float scale = width() / total;
            for (int i = 0; i < n; i++) {
                want[i] *= scale;
            }
            return want;
        }

        /** Fills the glyph outlines of {@code text} with its baseline at (x, baseline) in PDF space. */
        void draw(String text, Font font, float x, float baseline) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            GlyphVector glyphs = font.createGlyphVector(FRC, text);
            // Java2D's y grows downwards, PDF's upwards: flip around the baseline
            Shape outline = glyphs.getOutline();
            PathIterator it = outline.getPathIterator(new AffineTransform(1, 0, 0, -1, x, baseline));
            float[] c = new float[6];
            float lastX = 0;
            float lastY = 0;
            boolean any = false;
            while (!it.isDone()) {
                switch (it.currentSegment(c)) {
                    case PathIterator.SEG_MOVETO -> {
                        cs.moveTo(c[0], c[1]);
                        lastX = c[0];
                        lastY = c[1];
                    }
                    case PathIterator.SEG_LINETO -> {
                        cs.lineTo(c[0], c[1]);
                        lastX = c[0];
                        lastY = c[1];
                    }
                    case PathIterator.SEG_QUADTO -> {
                        // a quadratic Bézier as the equal cubic
                        float c1x = lastX + 2f / 3f * (c[0] - lastX);
                        float c1y = lastY + 2f / 3f * (c[1] - lastY);
                        float c2x = c[2] + 2f / 3f * (c[0] - c[2]);
                        float c2y = c[3] + 2f / 3f * (c[1] - c[3]);
                        cs.curveTo(c1x, c1y, c2x, c2y, c[2], c[3]);
                        lastX = c[2];
                        lastY = c[3];
                    }
                    case PathIterator.SEG_CUBICTO -> {
                        cs.curveTo(c[0], c[1], c[2], c[3], c[4], c[5]);
                        lastX = c[4];
                        lastY = c[5];
                    }
                    case PathIterator.SEG_CLOSE -> cs.closePath();
                    default -> throw new IllegalStateException("unknown path segment");
                }
                any = true;
                it.next();
            }
            if (any) {
                if (it.getWindingRule() == PathIterator.WIND_EVEN_ODD) {
                    cs.fillEvenOdd();
                } else {
                    cs.fill();
                }
            }
        }

        void close() throws IOException {
            cs.close();
        }
    }

    static float measure(String text, Font font) {
        return text.isEmpty() ? 0 : (float) font.getStringBounds(text, FRC).getWidth();
    }

    /** Breaks text into lines no wider than {@code width}, at any character (CJK has no spaces). */
    static List<String> wrap(String text, Font font, float width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            int i = 0;
            while (i < paragraph.length()) {
                int cp = paragraph.codePointAt(i);
                String next = line + new String(Character.toChars(cp));
                if (line.length() > 0 && measure(next, font) > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                    continue;
                }
                line.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
