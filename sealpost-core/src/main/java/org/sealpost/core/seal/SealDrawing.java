package org.sealpost.core.seal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Draws the standard round red seal: an outer ring, a five-pointed star in the centre, the unit's
 * name along the upper arc (each character turned to follow the arc), optional horizontal text
 * under the star and an optional code along the lower arc.
 *
 * <p>All geometry is in millimetres on a square of side {@link SealDesign#diameterMm()} whose
 * origin is the top-left corner, so the same drawing serves any resolution. Glyphs are filled as
 * outlines, never rasterised text, so edges stay clean at print resolution.
 */
public final class SealDrawing {

    /** Seal red, close to the ink of a physical official seal. */
    public static final Color SEAL_RED = new Color(0xE6, 0x00, 0x12);

    /** Outline size used to take glyph shapes before scaling, to avoid hinting at small sizes. */
    private static final float OUTLINE_SIZE = 1000f;
    /** Fraction of the em above the baseline that a CJK ideograph occupies. */
    private static final double CJK_ASCENT = 0.88;

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private final CjkFonts fonts;

    public SealDrawing(CjkFonts fonts) {
        this.fonts = Objects.requireNonNull(fonts);
    }

    /** Renders the seal as a PNG with a transparent background, {@code dpi} pixels per inch. */
    public SealImage render(SealDesign design, int dpi) {
        if (dpi < 72 || dpi > 1200) {
            throw new SealException(SealProblem.INVALID_SEAL_DESIGN, "Seal resolution must be 72 to 1200 dpi");
        }
        double pxPerMm = dpi / 25.4;
        int size = (int) Math.ceil(design.diameterMm() * pxPerMm);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(pxPerMm, pxPerMm);
            draw(g, design);
        } finally {
            g.dispose();
        }
        return SealImage.of(image, design.diameterMm(), design.diameterMm());
    }

    /** Draws the seal onto {@code g}, whose user space must be in millimetres. */
    public void draw(Graphics2D g, SealDesign design) {
        Font font = fonts.find(design.allText()).deriveFont(Font.BOLD, OUTLINE_SIZE);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(SEAL_RED);

        double r = design.diameterMm() / 2;
        double ring = r * 0.057; // 1.2 mm on a 42 mm seal
        g.setStroke(new BasicStroke((float) ring));
        g.draw(new Ellipse2D.Double(ring / 2, ring / 2, 2 * r - ring, 2 * r - ring));
        g.fill(star(r, r, r * 0.33));

        drawUpperArc(g, font, design.unitName(), r, ring);
        if (!design.centreText().isEmpty()) {
            drawCentreText(g, font, design.centreText(), r);
        }
        if (!design.code().isEmpty()) {
            drawLowerArc(g, font, design.code(), r, ring);
        }
    }

    private static void drawUpperArc(Graphics2D g, Font font, String text, double r, double ring) {
        int[] chars = text.codePoints().toArray();
        int n = chars.length;
        double size = r * 0.30;
        double top = r - ring - r * 0.06; // radius of the glyph tops, just inside the ring
        double mid = top - size * CJK_ASCENT / 2;
        // the arc grows with the name, from 120° for short names up to 240°
        double span = Math.toRadians(Math.min(240, Math.max(120, n * 20)));
        double step = span / (n - 1);
        double spacing = step * mid;
        double scaleX = Math.min(1.0, 0.92 * spacing / size);
        if (scaleX < 0.5) { // very long names: smaller characters, not thinner ones
            size = size * scaleX / 0.5;
            scaleX = 0.5;
        }
        double baseline = top - size * CJK_ASCENT;
        for (int i = 0; i < n; i++) {
            double angle = -span / 2 + i * step;
            AffineTransform at = AffineTransform.getTranslateInstance(r, r);
            at.rotate(angle);
            at.translate(0, -baseline);
            g.fill(glyph(font, chars[i], size, scaleX, at));
        }
    }

    private static void drawLowerArc(Graphics2D g, Font font, String text, double r, double ring) {
        int[] chars = text.codePoints().toArray();
        int n = chars.length;
        double size = r * 0.11;
        double baseline = r - ring - r * 0.08; // glyph bottoms face the ring, tops face the centre
        double step = size * 0.75 / baseline;
        double span = step * (n - 1);
        for (int i = 0; i < n; i++) {
            double angle = span / 2 - i * step; // left to right along the bottom
            AffineTransform at = AffineTransform.getTranslateInstance(r, r);
            at.rotate(angle);
            at.translate(0, baseline);
            g.fill(glyph(font, chars[i], size, 0.8, at));
        }
    }

    private static void drawCentreText(Graphics2D g, Font font, String text, double r) {
        int[] chars = text.codePoints().toArray();
        double size = r * 0.22;
        double available = r * 1.15;
        double scaleX = Math.min(1.0, available / (chars.length * size));
        double baseline = r + r * 0.40 + size * CJK_ASCENT;
        double x = r - chars.length * size * scaleX / 2;
        for (int ch : chars) {
            AffineTransform at = AffineTransform.getTranslateInstance(x + size * scaleX / 2, baseline);
            g.fill(glyph(font, ch, size, scaleX, at));
            x += size * scaleX;
        }
    }

    /** One character, centred horizontally on the origin of {@code at}, baseline on its x axis. */
    private static Shape glyph(Font font, int codePoint, double size, double scaleX, AffineTransform at) {
        GlyphVector gv = font.createGlyphVector(FRC, Character.toChars(codePoint));
        double advance = gv.getGlyphMetrics(0).getAdvance();
        AffineTransform t = new AffineTransform(at);
        t.scale(scaleX * size / OUTLINE_SIZE, size / OUTLINE_SIZE);
        t.translate(-advance / 2, 0);
        return t.createTransformedShape(gv.getOutline());
    }

    private static Shape star(double cx, double cy, double outer) {
        double inner = outer * 0.382; // a regular pentagram
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? outer : inner;
            double angle = Math.toRadians(-90 + i * 36);
            double x = cx + radius * Math.cos(angle);
            double y = cy + radius * Math.sin(angle);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }
}
