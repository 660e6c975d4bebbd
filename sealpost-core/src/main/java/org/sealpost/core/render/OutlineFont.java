package org.sealpost.core.render;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType3Font;

/**
 * A PDF Type 3 font made from the outlines of an installed Java font, holding exactly the
 * characters of the text it will show, with a {@code ToUnicode} map so that the text can be
 * selected and extracted.
 *
 * <p>Why not embed the font file: the CJK fonts found on servers are usually OpenType collections
 * with CFF outlines (Noto CJK), which PDFBox can neither subset nor embed whole. Glyph outlines
 * work with any font Java can draw.
 */
final class OutlineFont extends PDType3Font {

    private static final int UNITS = 1000;

    private final Map<Integer, Integer> codes;

    private OutlineFont(COSDictionary dictionary, Map<Integer, Integer> codes) throws IOException {
        super(dictionary);
        this.codes = codes;
    }

    /**
     * A font for {@code text}'s characters drawn with {@code base}.
     *
     * @throws RenderException INVALID_REQUEST if the text has more than 255 distinct characters
     */
    static OutlineFont of(PDDocument doc, Font base, String text) throws IOException {
        Map<Integer, Integer> codes = new TreeMap<>();
        text.codePoints().filter(cp -> !Character.isISOControl(cp)).forEach(cp -> codes.putIfAbsent(cp, 0));
        if (codes.size() > 255) {
            throw new RenderException(
                    RenderException.Problem.INVALID_REQUEST, "Too many distinct characters in a header");
        }
        Font font = base.deriveFont(Font.PLAIN, UNITS);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        COSDictionary charProcs = new COSDictionary();
        COSArray differences = new COSArray();
        differences.add(COSInteger.ONE);
        COSArray widths = new COSArray();
        Rectangle2D bbox = new Rectangle2D.Double(0, -200, UNITS, 1100);
        java.util.List<String> toUnicode = new java.util.ArrayList<>();
        int code = 1;
        for (Map.Entry<Integer, Integer> entry : codes.entrySet()) {
            entry.setValue(code);
            String name = "g" + code;
            GlyphVector glyphs = font.createGlyphVector(frc, Character.toChars(entry.getKey()));
            float advance = (float) glyphs.getGlyphMetrics(0).getAdvanceX();
            Shape outline = glyphs.getGlyphOutline(0);
            Rectangle2D bounds = outline.getBounds2D();
            bbox.add(new Rectangle2D.Double(bounds.getX(), -bounds.getMaxY(), bounds.getWidth(), bounds.getHeight()));
            COSStream proc = doc.getDocument().createCOSStream();
            try (OutputStream out = proc.createOutputStream(COSName.FLATE_DECODE)) {
                out.write(glyphProcedure(outline, advance, bounds).getBytes(StandardCharsets.US_ASCII));
            }
            charProcs.setItem(COSName.getPDFName(name), proc);
            differences.add(COSName.getPDFName(name));
            widths.add(new COSFloat(advance));
            toUnicode.add(String.format(Locale.ROOT, "<%02X> <%s>%n", code, utf16Hex(entry.getKey())));
            code++;
        }
        COSDictionary encoding = new COSDictionary();
        encoding.setItem(COSName.TYPE, COSName.ENCODING);
        encoding.setItem(COSName.DIFFERENCES, differences);

        COSDictionary dictionary = new COSDictionary();
        dictionary.setItem(COSName.TYPE, COSName.FONT);
        dictionary.setItem(COSName.SUBTYPE, COSName.TYPE3);
        dictionary.setItem(COSName.FONT_MATRIX, numbers(1.0 / UNITS, 0, 0, 1.0 / UNITS, 0, 0));
        dictionary.setItem(COSName.FONT_BBOX, numbers(bbox.getMinX(), bbox.getMinY(), bbox.getMaxX(), bbox.getMaxY()));
        dictionary.setItem(COSName.CHAR_PROCS, charProcs);
        dictionary.setItem(COSName.ENCODING, encoding);
        dictionary.setInt(COSName.FIRST_CHAR, 1);
        dictionary.setInt(COSName.LAST_CHAR, code - 1);
        dictionary.setItem(COSName.WIDTHS, widths);
        dictionary.setItem(COSName.RESOURCES, new COSDictionary());
        COSStream cmap = doc.getDocument().createCOSStream();
        try (OutputStream out = cmap.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(toUnicodeCmap(toUnicode).getBytes(StandardCharsets.US_ASCII));
        }
        dictionary.setItem(COSName.TO_UNICODE, cmap);
        return new OutlineFont(dictionary, Map.copyOf(codes));
    }

    @Override
    protected byte[] encode(int unicode) {
        Integer code = codes.get(unicode);
        if (code == null) {
            throw new IllegalArgumentException("character U+" + Integer.toHexString(unicode) + " is not in this font");
        }
        return new byte[] {(byte) (int) code};
    }

    /** Width of {@code text} at {@code size} points. */
    float widthOf(String text, float size) throws IOException {
        float width = 0;
        for (byte b : encode(text)) {
            width += getWidth(b & 0xFF);
        }
        return width * size / UNITS;
    }

    /** {@code d1} (the glyph takes the current colour) and the outline, y flipped to PDF's upward axis. */
    private static String glyphProcedure(Shape outline, float advance, Rectangle2D bounds) {
        StringBuilder s = new StringBuilder();
        s.append(fmt(advance))
                .append(" 0 ")
                .append(fmt(bounds.getMinX()))
                .append(' ')
                .append(fmt(-bounds.getMaxY()))
                .append(' ')
                .append(fmt(bounds.getMaxX()))
                .append(' ')
                .append(fmt(-bounds.getMinY()))
                .append(" d1\n");
        double[] c = new double[6];
        double lastX = 0;
        double lastY = 0;
        boolean any = false;
        for (PathIterator it = outline.getPathIterator(null); !it.isDone(); it.next()) {
            switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO -> {
                    s.append(fmt(c[0])).append(' ').append(fmt(-c[1])).append(" m\n");
                    lastX = c[0];
                    lastY = c[1];
                }
                case PathIterator.SEG_LINETO -> {
                    s.append(fmt(c[0])).append(' ').append(fmt(-c[1])).append(" l\n");
                    lastX = c[0];
                    lastY = c[1];
                    any = true;
                }
                case PathIterator.SEG_QUADTO -> {
                    // a quadratic Bézier is the cubic with control points two-thirds of the way
                    double x1 = lastX + 2.0 / 3 * (c[0] - lastX);
                    double y1 = lastY + 2.0 / 3 * (c[1] - lastY);
                    double x2 = c[2] + 2.0 / 3 * (c[0] - c[2]);
                    double y2 = c[3] + 2.0 / 3 * (c[1] - c[3]);
                    s.append(fmt(x1))
                            .append(' ')
                            .append(fmt(-y1))
                            .append(' ')
                            .append(fmt(x2))
                            .append(' ')
                            .append(fmt(-y2))
                            .append(' ')
                            .append(fmt(c[2]))
                            .append(' ')
                            .append(fmt(-c[3]))
                            .append(" c\n");
                    lastX = c[2];
                    lastY = c[3];
                    any = true;
                }
                case PathIterator.SEG_CUBICTO -> {
                    s.append(fmt(c[0]))
                            .append(' ')
                            .append(fmt(-c[1]))
                            .append(' ')
                            .append(fmt(c[2]))
                            .append(' ')
                            .append(fmt(-c[3]))
                            .append(' ')
                            .append(fmt(c[4]))
                            .append(' ')
                            .append(fmt(-c[5]))
                            .append(" c\n");
                    lastX = c[4];
                    lastY = c[5];
                    any = true;
                }
                case PathIterator.SEG_CLOSE -> s.append("h\n");
                default -> throw new IllegalStateException();
            }
        }
        if (any) {
            s.append(outline.getPathIterator(null).getWindingRule() == PathIterator.WIND_EVEN_ODD ? "f*\n" : "f\n");
        }
        return s.toString();
    }

    private static String toUnicodeCmap(java.util.List<String> entries) {
        StringBuilder s = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                + "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                + "/CMapName /SealPost-UCS def\n/CMapType 2 def\n"
                + "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n");
        for (int i = 0; i < entries.size(); i += 100) { // at most 100 mappings per block
            java.util.List<String> block = entries.subList(i, Math.min(entries.size(), i + 100));
            s.append(block.size()).append(" beginbfchar\n");
            block.forEach(s::append);
            s.append("endbfchar\n");
        }
        return s.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
                .toString();
    }

    private static String utf16Hex(int codePoint) {
        StringBuilder hex = new StringBuilder();
        for (char ch : Character.toChars(codePoint)) {
            hex.append(String.format(Locale.ROOT, "%04X", (int) ch));
        }
        return hex.toString();
    }

    private static COSArray numbers(double... values) {
        COSArray array = new COSArray();
        for (double v : values) {
            array.add(new COSFloat((float) v));
        }
        return array;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
