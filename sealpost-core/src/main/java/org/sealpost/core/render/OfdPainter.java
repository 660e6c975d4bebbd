package org.sealpost.core.render;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.ofdrw.core.annotation.pageannot.Annot;
import org.ofdrw.core.annotation.pageannot.Appearance;
import org.ofdrw.core.basicStructure.pageObj.layer.CT_Layer;
import org.ofdrw.core.basicStructure.pageObj.layer.PageBlockType;
import org.ofdrw.core.basicStructure.pageObj.layer.block.CT_PageBlock;
import org.ofdrw.core.basicStructure.pageObj.layer.block.CompositeObject;
import org.ofdrw.core.basicStructure.pageObj.layer.block.ImageObject;
import org.ofdrw.core.basicStructure.pageObj.layer.block.PathObject;
import org.ofdrw.core.basicStructure.pageObj.layer.block.TextObject;
import org.ofdrw.core.basicType.ST_Array;
import org.ofdrw.core.basicType.ST_Box;
import org.ofdrw.core.basicType.ST_Loc;
import org.ofdrw.core.basicType.ST_RefID;
import org.ofdrw.core.compositeObj.CT_VectorG;
import org.ofdrw.core.graph.pathObj.CT_Path;
import org.ofdrw.core.graph.pathObj.Rule;
import org.ofdrw.core.pageDescription.CT_GraphicUnit;
import org.ofdrw.core.pageDescription.clips.Area;
import org.ofdrw.core.pageDescription.clips.CT_Clip;
import org.ofdrw.core.pageDescription.clips.Clips;
import org.ofdrw.core.pageDescription.color.color.CT_Color;
import org.ofdrw.core.pageDescription.color.colorSpace.CT_ColorSpace;
import org.ofdrw.core.pageDescription.color.colorSpace.OFDColorSpaceType;
import org.ofdrw.core.pageDescription.drawParam.CT_DrawParam;
import org.ofdrw.core.pageDescription.drawParam.LineCapType;
import org.ofdrw.core.pageDescription.drawParam.LineJoinType;
import org.ofdrw.core.text.TextCode;
import org.ofdrw.core.text.font.CT_Font;
import org.ofdrw.core.text.text.CT_Text;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.reader.ResourceManage;
import org.ofdrw.reader.model.AnnotionEntity;
import org.sealpost.core.seal.CjkFonts;

/**
 * Draws OFD page content (GB/T 33190) onto a Java2D canvas whose user space is the page in
 * millimetres: text objects (embedded font when Java can load it, else an installed font of that
 * name, else a CJK fallback), path objects (abbreviated path data, fill and stroke, rule, line
 * width, cap, join, dash, colours in RGB/grey/CMYK), image objects (whatever ImageIO decodes: PNG,
 * JPEG, BMP, GIF), composite objects, page blocks, draw parameters, CTM, clipping (boundary and
 * path clip areas) and alpha; then page
 * annotations and seal pictures. See docs/rendering.md for what is not covered.
 */
final class OfdPainter {

    /** GB/T 33190: default line width 0.353 mm (one point). */
    private static final double DEFAULT_LINE_WIDTH = 0.353;

    private static final int MAX_DEPTH = 32;
    private static final long MAX_IMAGE_PIXELS = 40_000_000L;
    private static final int MAX_RESOURCE_BYTES = 64 << 20;
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private final OFDReader reader;
    private final ResourceManage resources;
    private final CjkFonts fonts;
    private final Map<String, BufferedImage> images = new HashMap<>();
    private final Map<String, Font> embeddedFonts = new HashMap<>();
    /** By OFD font ID: the embedded or installed font it names, or null when neither is usable. */
    private final Map<String, Font> documentFonts = new HashMap<>();

    private Font fallback;

    OfdPainter(OFDReader reader, CjkFonts fonts) {
        this.reader = reader;
        this.resources = reader.getResMgt();
        this.fonts = fonts;
    }

    /** A character drawn on the page: baseline origin and font size in page millimetres. */
    record Glyph(int codePoint, double xMm, double yMm, double sizeMm) {}

    private List<Glyph> glyphSink;
    private AffineTransform deviceToPage;

    /**
     * Until {@link #stopRecording()}, every character drawn is also added to {@code sink}; {@code
     * pageSpace} is the canvas transform at page level (millimetres to pixels).
     */
    void startRecording(List<Glyph> sink, AffineTransform pageSpace) {
        try {
            deviceToPage = pageSpace.createInverse();
            glyphSink = sink;
        } catch (java.awt.geom.NoninvertibleTransformException e) {
            glyphSink = null;
        }
    }

    void stopRecording() {
        glyphSink = null;
        deviceToPage = null;
    }

    private void record(Graphics2D o, int codePoint, double x, double y, double size) {
        if (glyphSink == null || Character.isWhitespace(codePoint) || glyphSink.size() >= 200_000) {
            return;
        }
        AffineTransform toPage = new AffineTransform(deviceToPage);
        toPage.concatenate(o.getTransform());
        java.awt.geom.Point2D origin = toPage.transform(new java.awt.geom.Point2D.Double(x, y), null);
        double scale = Math.sqrt(Math.abs(toPage.getDeterminant()));
        glyphSink.add(new Glyph(codePoint, origin.getX(), origin.getY(), size * scale));
    }

    /** The colours and line settings inherited from a layer's or block's draw parameter. */
    private record Style(Color fill, Color stroke, double lineWidth, CT_DrawParam param) {
        static final Style DEFAULT = new Style(null, Color.BLACK, DEFAULT_LINE_WIDTH, null);
    }

    void paintLayer(Graphics2D g, CT_Layer layer) {
        Style style = with(Style.DEFAULT, layer.getDrawParam());
        paintBlocks(g, layer.getPageBlocks(), style, 0);
    }

    void paintAnnotations(Graphics2D g, String pageId) {
        List<AnnotionEntity> entities;
        try {
            entities = reader.getAnnotationEntities();
        } catch (RuntimeException e) {
            return; // annotations are decoration; a broken Annotations.xml must not hide the page
        }
        for (AnnotionEntity entity : entities) {
            if (!pageId.equals(entity.getPageId())) {
                continue;
            }
            for (Annot annot : entity.getAnnots()) {
                Appearance appearance = annot.getAppearance();
                if (!annot.getVisible() || appearance == null) {
                    continue;
                }
                AffineTransform saved = g.getTransform();
                ST_Box boundary = appearance.getBoundary();
                if (boundary != null) {
                    g.translate(boundary.getTopLeftX(), boundary.getTopLeftY());
                }
                paintBlocks(g, appearance.getPageBlocks(), Style.DEFAULT, 1);
                g.setTransform(saved);
            }
        }
    }

    void paintStamp(Graphics2D g, OfdRenderable.Stamp stamp, boolean grey) {
        ST_Box b = stamp.boundary();
        Rectangle2D area = new Rectangle2D.Double(b.getTopLeftX(), b.getTopLeftY(), b.getWidth(), b.getHeight());
        if (stamp.picture() == null) {
            // a stamp we cannot read (another vendor's format): mark where it is rather than hide it
            Graphics2D h = (Graphics2D) g.create();
            h.setColor(Color.GRAY);
            h.setStroke(new BasicStroke(0.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4, new float[] {2, 1}, 0));
            h.draw(area);
            h.dispose();
            return;
        }
        BufferedImage picture = grey ? Greyscale.of(stamp.picture()) : stamp.picture();
        AffineTransform at = new AffineTransform();
        at.translate(area.getX(), area.getY());
        at.scale(area.getWidth() / picture.getWidth(), area.getHeight() / picture.getHeight());
        g.drawImage(picture, at, null);
    }

    private void paintBlocks(Graphics2D g, List<PageBlockType> blocks, Style style, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (PageBlockType block : blocks) {
            if (block instanceof TextObject text) {
                paintText(g, text, style);
            } else if (block instanceof PathObject path) {
                paintPath(g, path, style);
            } else if (block instanceof ImageObject image) {
                paintImage(g, image);
            } else if (block instanceof CompositeObject composite) {
                paintComposite(g, composite, style, depth);
            } else if (block instanceof CT_PageBlock nested) {
                paintBlocks(g, nested.getPageBlocks(), style, depth + 1);
            }
        }
    }

    /**
     * A copy of {@code g} in the object's space: origin at its boundary's top-left, clipped to the
     * boundary (GB/T 33190: drawing beyond the boundary is cut off; an empty boundary is ignored)
     * and to its {@code Clips}, then the CTM and alpha applied.
     */
    private static Graphics2D enter(Graphics2D g, CT_GraphicUnit<?> unit) {
        Graphics2D o = (Graphics2D) g.create();
        ST_Box boundary = unit.getBoundary();
        if (boundary != null) {
            o.translate(boundary.getTopLeftX(), boundary.getTopLeftY());
            if (boundary.getWidth() > 0 && boundary.getHeight() > 0) {
                o.clip(new Rectangle2D.Double(0, 0, boundary.getWidth(), boundary.getHeight()));
            }
        }
        Clips clips = unit.getClips();
        AffineTransform ctm = null;
        ST_Array ctmArray = unit.getCTM();
        if (ctmArray != null && ctmArray.size() == 6) {
            double[] m = numbers(ctmArray);
            ctm = new AffineTransform(m[0], m[1], m[2], m[3], m[4], m[5]);
        }
        boolean clipsFollowCtm = clips != null && clips.getTransFlag();
        if (clips != null && !clipsFollowCtm) {
            clip(o, clips);
        }
        if (ctm != null) {
            o.transform(ctm);
        }
        if (clipsFollowCtm) {
            clip(o, clips);
        }
        Integer alpha = unit.getAlpha();
        if (alpha != null && alpha < 255) {
            o.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, Math.max(0, alpha) / 255f));
        }
        return o;
    }

    /** Each {@code Clip} narrows the drawing area; the {@code Area}s of one clip add up. Text areas are ignored. */
    private static void clip(Graphics2D o, Clips clips) {
        for (CT_Clip clip : clips.getClips()) {
            java.awt.geom.Area union = new java.awt.geom.Area();
            for (Area area : clip.getAreas()) {
                if (!(area.getClipObj() instanceof CT_Path path) || path.getAbbreviatedData() == null) {
                    continue;
                }
                AffineTransform at = new AffineTransform();
                ST_Array areaCtm = area.getCTM();
                if (areaCtm != null && areaCtm.size() == 6) {
                    double[] m = numbers(areaCtm);
                    at.concatenate(new AffineTransform(m[0], m[1], m[2], m[3], m[4], m[5]));
                }
                ST_Box box = path.getBoundary();
                if (box != null) {
                    at.translate(box.getTopLeftX(), box.getTopLeftY());
                }
                ST_Array pathCtm = path.getCTM();
                if (pathCtm != null && pathCtm.size() == 6) {
                    double[] m = numbers(pathCtm);
                    at.concatenate(new AffineTransform(m[0], m[1], m[2], m[3], m[4], m[5]));
                }
                union.add(new java.awt.geom.Area(at.createTransformedShape(pathData(path.getAbbreviatedData()))));
            }
            if (!union.isEmpty()) {
                o.clip(union);
            }
        }
    }

    private void paintText(Graphics2D g, CT_Text text, Style inherited) {
        if (Boolean.FALSE.equals(text.getVisible()) || text.getFont() == null || text.getSize() == null) {
            return;
        }
        Style style = with(inherited, text.getDrawParam());
        Color fill = color(text.getFillColor(), style.fill() != null ? style.fill() : Color.BLACK);
        Color stroke = color(text.getStrokeColor(), style.stroke());
        boolean doFill = !Boolean.FALSE.equals(text.getFill());
        boolean doStroke = Boolean.TRUE.equals(text.getStroke());
        StringBuilder all = new StringBuilder();
        for (TextCode code : text.getTextCodes()) {
            if (code.getContent() != null) {
                all.append(code.getContent());
            }
        }
        if (all.isEmpty()) {
            return;
        }
        Font font = font(text, all.toString());
        Graphics2D o = enter(g, text);
        try {
            o.setStroke(stroke(text, style));
            double x = 0;
            double y = 0;
            for (TextCode code : text.getTextCodes()) {
                String content = code.getContent();
                if (content == null || content.isEmpty()) {
                    continue;
                }
                x = code.getX() != null ? code.getX() : x;
                y = code.getY() != null ? code.getY() : y;
                double[] dx = deltas(code.attributeValue("DeltaX"));
                double[] dy = deltas(code.attributeValue("DeltaY"));
                int[] cps = content.codePoints().toArray();
                for (int i = 0; i < cps.length; i++) {
                    GlyphVector glyph = font.createGlyphVector(FRC, Character.toChars(cps[i]));
                    Shape shape = glyph.getOutline((float) x, (float) y);
                    record(o, cps[i], x, y, font.getSize2D());
                    if (doFill) {
                        o.setColor(fill);
                        o.fill(shape);
                    }
                    if (doStroke) {
                        o.setColor(stroke);
                        o.draw(shape);
                    }
                    x += i < dx.length ? dx[i] : glyph.getGlyphMetrics(0).getAdvanceX();
                    y += i < dy.length ? dy[i] : 0;
                }
            }
        } finally {
            o.dispose();
        }
    }

    private Font font(CT_Text text, String sample) {
        String fontId = text.getFont().toString();
        CT_Font ofdFont = resources.getFont(fontId);
        Font base;
        if (documentFonts.containsKey(fontId)) {
            base = documentFonts.get(fontId);
        } else {
            base = null;
            if (ofdFont != null) {
                base = embedded(ofdFont);
                if (base == null) {
                    base = installed(ofdFont.getFontName());
                    if (base == null) {
                        base = installed(ofdFont.getFamilyName());
                    }
                }
            }
            documentFonts.put(fontId, base);
        }
        if (base == null || base.canDisplayUpTo(sample) != -1) {
            // looking through the installed fonts is slow: reuse the last fallback while it fits
            if (fallback == null || fallback.canDisplayUpTo(sample) != -1) {
                fallback = fonts.find(sample);
            }
            base = fallback;
        }
        int style = Font.PLAIN;
        boolean bold = (text.getWeight() != null && text.getWeight().getWeight() >= 700)
                || (ofdFont != null && Boolean.TRUE.equals(ofdFont.getBold()));
        if (bold) {
            style |= Font.BOLD;
        }
        if (Boolean.TRUE.equals(text.getItalic()) || (ofdFont != null && Boolean.TRUE.equals(ofdFont.getItalic()))) {
            style |= Font.ITALIC;
        }
        Font sized = base.deriveFont(style, text.getSize().floatValue());
        Double hScale = text.getHScale();
        if (hScale != null && hScale > 0 && hScale != 1.0) {
            sized = sized.deriveFont(AffineTransform.getScaleInstance(hScale, 1));
        }
        return sized;
    }

    /** The font file embedded in the package, if Java can load it (TrueType or OpenType). */
    private Font embedded(CT_Font ofdFont) {
        ST_Loc file = ofdFont.getFontFile();
        if (file == null) {
            return null;
        }
        String key = ofdFont.getID() + ":" + file;
        if (embeddedFonts.containsKey(key)) {
            return embeddedFonts.get(key);
        }
        Font font = null;
        for (ST_Loc candidate : List.of(file, resolve(new ST_Loc("/" + firstDoc()), file))) {
            byte[] bytes = readBytes(candidate, MAX_RESOURCE_BYTES);
            if (bytes != null) {
                try {
                    font = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes));
                } catch (Exception e) {
                    font = null; // a font Java cannot read (Type 1, CFF-only): fall back to installed fonts
                }
                break;
            }
        }
        embeddedFonts.put(key, font);
        return font;
    }

    private String firstDoc() {
        try {
            String loc = reader.getPageAbsLoc(1).toString();
            String trimmed = loc.startsWith("/") ? loc.substring(1) : loc;
            return trimmed.contains("/") ? trimmed.substring(0, trimmed.indexOf('/')) : "Doc_0";
        } catch (RuntimeException e) {
            return "Doc_0";
        }
    }

    private static Font installed(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Font font = new Font(name, Font.PLAIN, 1);
        // Java substitutes "Dialog" for unknown names: only a real match counts
        boolean real = font.getFamily(Locale.ROOT).equalsIgnoreCase(name)
                || font.getFontName(Locale.ROOT).equalsIgnoreCase(name)
                || font.getFamily().equalsIgnoreCase(name);
        return real ? font : null;
    }

    private void paintPath(Graphics2D g, PathObject path, Style inherited) {
        if (Boolean.FALSE.equals(path.getVisible())) {
            return;
        }
        String data = path.getAbbreviatedData();
        if (data == null || data.isBlank()) {
            return;
        }
        Style style = with(inherited, path.getDrawParam());
        Path2D shape = pathData(data);
        if (path.getRule() == Rule.Even_Odd) {
            shape.setWindingRule(Path2D.WIND_EVEN_ODD);
        }
        Graphics2D o = enter(g, path);
        try {
            boolean doFill = Boolean.TRUE.equals(path.getFill());
            boolean doStroke = !Boolean.FALSE.equals(path.getStroke());
            if (doFill) {
                Color fill = color(path.getFillColor(), style.fill());
                if (fill != null) {
                    o.setColor(fill);
                    o.fill(shape);
                }
            }
            if (doStroke) {
                Color stroke = color(path.getStrokeColor(), style.stroke());
                if (stroke != null) {
                    o.setColor(stroke);
                    o.setStroke(stroke(path, style));
                    o.draw(shape);
                }
            }
        } finally {
            o.dispose();
        }
    }

    private static BasicStroke stroke(CT_GraphicUnit<?> unit, Style style) {
        CT_DrawParam p = style.param();
        double width = unit.getLineWidth() != null ? unit.getLineWidth() : style.lineWidth();
        if (!(width > 0)) {
            width = 0.1; // OFD's zero width means "thinnest visible line"
        }
        LineCapType cap = unit.getCap() != null ? unit.getCap() : p != null ? p.getCap() : null;
        LineJoinType join = unit.getJoin() != null ? unit.getJoin() : p != null ? p.getJoin() : null;
        Double miter = unit.getMiterLimit() != null ? unit.getMiterLimit() : p != null ? p.getMiterLimit() : null;
        ST_Array dash = unit.getDashPattern() != null ? unit.getDashPattern() : p != null ? p.getDashPattern() : null;
        int awtCap = cap == LineCapType.Round
                ? BasicStroke.CAP_ROUND
                : cap == LineCapType.Square ? BasicStroke.CAP_SQUARE : BasicStroke.CAP_BUTT;
        int awtJoin = join == LineJoinType.Round
                ? BasicStroke.JOIN_ROUND
                : join == LineJoinType.Bevel ? BasicStroke.JOIN_BEVEL : BasicStroke.JOIN_MITER;
        float miterLimit = miter != null && miter >= 1 ? miter.floatValue() : 3.528f;
        float[] dashes = null;
        if (dash != null && dash.size() > 0) {
            double[] d = numbers(dash);
            dashes = new float[d.length];
            boolean positive = false;
            for (int i = 0; i < d.length; i++) {
                dashes[i] = (float) Math.max(0, d[i]);
                positive |= dashes[i] > 0;
            }
            if (!positive) {
                dashes = null;
            }
        }
        return new BasicStroke((float) width, awtCap, awtJoin, miterLimit, dashes, 0);
    }

    private void paintImage(Graphics2D g, ImageObject object) {
        if (Boolean.FALSE.equals(object.getVisible()) || object.getResourceID() == null) {
            return;
        }
        BufferedImage image = image(object.getResourceID().toString());
        if (image == null) {
            return;
        }
        Graphics2D o = enter(g, object);
        try {
            // GB/T 33190 §10: an image occupies the unit square of its object space; the CTM sizes it
            o.drawImage(image, AffineTransform.getScaleInstance(1.0 / image.getWidth(), 1.0 / image.getHeight()), null);
        } finally {
            o.dispose();
        }
    }

    private BufferedImage image(String resourceId) {
        if (images.containsKey(resourceId)) {
            return images.get(resourceId);
        }
        BufferedImage image = null;
        try {
            byte[] bytes = resources.getImageByteArray(resourceId);
            if (bytes != null && bytes.length <= MAX_RESOURCE_BYTES) {
                image = decode(bytes);
            }
        } catch (IOException | RuntimeException e) {
            image = null; // an unreadable picture is left out; the rest of the page still shows
        }
        images.put(resourceId, image);
        return image;
    }

    /** Decodes an image after checking its dimensions from the header (no decompression bombs). */
    static BufferedImage decode(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader imageReader = readers.next();
            try {
                imageReader.setInput(in, true, true);
                long pixels = (long) imageReader.getWidth(0) * imageReader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_IMAGE_PIXELS) {
                    return null;
                }
                return imageReader.read(0);
            } finally {
                imageReader.dispose();
            }
        }
    }

    private void paintComposite(Graphics2D g, CompositeObject composite, Style style, int depth) {
        if (Boolean.FALSE.equals(composite.getVisible()) || composite.getResourceID() == null) {
            return;
        }
        CT_VectorG vector =
                resources.getCompositeGraphicUnit(composite.getResourceID().toString());
        if (vector == null || vector.getContent() == null) {
            return;
        }
        Graphics2D o = enter(g, composite);
        try {
            paintBlocks(o, vector.getContent().getPageBlocks(), style, depth + 1);
        } finally {
            o.dispose();
        }
    }

    private Style with(Style inherited, ST_RefID drawParam) {
        if (drawParam == null) {
            return inherited;
        }
        CT_DrawParam p;
        try {
            p = resources.getDrawParamFinal(drawParam.toString());
        } catch (RuntimeException e) {
            p = null;
        }
        if (p == null) {
            return inherited;
        }
        Color fill = p.getFillColor() != null ? color(p.getFillColor(), inherited.fill()) : inherited.fill();
        Color stroke = p.getStrokeColor() != null ? color(p.getStrokeColor(), inherited.stroke()) : inherited.stroke();
        double width = p.getLineWidth() != null ? p.getLineWidth() : inherited.lineWidth();
        return new Style(fill, stroke, width, p);
    }

    /** An OFD colour in RGB, grey or CMYK (by its colour space), with its alpha; {@code fallback} if unreadable. */
    private Color color(CT_Color c, Color fallback) {
        if (c == null) {
            return fallback;
        }
        ST_Array value = c.getValue();
        if (value == null || value.size() == 0) {
            return fallback; // palette index or shading: not covered, use the inherited colour
        }
        double[] v;
        try {
            v = colourComponents(value);
        } catch (RuntimeException e) {
            return fallback;
        }
        double max = 255;
        OFDColorSpaceType type = null;
        if (c.getColorSpace() != null) {
            try {
                CT_ColorSpace space = resources.getColorSpace(c.getColorSpace().toString());
                if (space != null) {
                    type = space.getType();
                    if (space.getBitsPerComponent() != null) {
                        max = (1 << space.getBitsPerComponent().getValue()) - 1;
                    }
                }
            } catch (RuntimeException ignored) {
                // unknown colour space: judge by the number of components
            }
        }
        int alpha = c.getAlpha() != null ? clamp(c.getAlpha()) : 255;
        if (type == OFDColorSpaceType.GRAY || (type == null && v.length == 1)) {
            int l = unit(v[0], max);
            return new Color(l, l, l, alpha);
        }
        if (type == OFDColorSpaceType.CMYK || (type == null && v.length == 4)) {
            if (v.length < 4) {
                return fallback;
            }
            double k = v[3] / max;
            return new Color(
                    clamp((int) Math.round(255 * (1 - v[0] / max) * (1 - k))),
                    clamp((int) Math.round(255 * (1 - v[1] / max) * (1 - k))),
                    clamp((int) Math.round(255 * (1 - v[2] / max) * (1 - k))),
                    alpha);
        }
        if (v.length < 3) {
            return fallback;
        }
        return new Color(unit(v[0], max), unit(v[1], max), unit(v[2], max), alpha);
    }

    /** Components written as decimals or as {@code #FF}-style hexadecimal. */
    private static double[] colourComponents(ST_Array value) {
        List<String> parts = value.getArray();
        double[] v = new double[parts.size()];
        for (int i = 0; i < v.length; i++) {
            String s = parts.get(i).trim();
            v[i] = s.startsWith("#") ? Integer.parseInt(s.substring(1), 16) : Double.parseDouble(s);
        }
        return v;
    }

    private static int unit(double v, double max) {
        return clamp((int) Math.round(v / max * 255));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static double[] numbers(ST_Array array) {
        List<String> parts = array.getArray();
        double[] v = new double[parts.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(parts.get(i));
        }
        return v;
    }

    /** Expands a DeltaX/DeltaY list, including the {@code g count value} repetition shorthand. */
    static double[] deltas(String raw) {
        if (raw == null || raw.isBlank()) {
            return new double[0];
        }
        String[] tokens = raw.trim().split("\\s+");
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < tokens.length && out.size() < 100_000; i++) {
            if (tokens[i].equals("g") && i + 2 < tokens.length) {
                int count = Math.min(Integer.parseInt(tokens[i + 1]), 100_000);
                double value = Double.parseDouble(tokens[i + 2]);
                for (int k = 0; k < count; k++) {
                    out.add(value);
                }
                i += 2;
            } else {
                out.add(Double.parseDouble(tokens[i]));
            }
        }
        double[] result = new double[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    /**
     * GB/T 33190 abbreviated path data: {@code S}/{@code M} move, {@code L} line, {@code Q} quadratic,
     * {@code B} cubic, {@code A} elliptical arc (SVG semantics), {@code C} close.
     */
    static Path2D pathData(String data) {
        String[] t = data.trim().split("\\s+");
        Path2D.Double path = new Path2D.Double();
        double x = 0;
        double y = 0;
        boolean started = false;
        int i = 0;
        while (i < t.length) {
            String op = t[i++];
            switch (op) {
                case "S", "M" -> {
                    x = num(t, i++);
                    y = num(t, i++);
                    path.moveTo(x, y);
                    started = true;
                }
                case "L" -> {
                    double nx = num(t, i++);
                    double ny = num(t, i++);
                    if (!started) {
                        path.moveTo(x, y);
                        started = true;
                    }
                    path.lineTo(x = nx, y = ny);
                }
                case "Q" -> {
                    double x1 = num(t, i++);
                    double y1 = num(t, i++);
                    x = num(t, i++);
                    y = num(t, i++);
                    if (!started) {
                        path.moveTo(0, 0);
                        started = true;
                    }
                    path.quadTo(x1, y1, x, y);
                }
                case "B" -> {
                    double x1 = num(t, i++);
                    double y1 = num(t, i++);
                    double x2 = num(t, i++);
                    double y2 = num(t, i++);
                    x = num(t, i++);
                    y = num(t, i++);
                    if (!started) {
                        path.moveTo(0, 0);
                        started = true;
                    }
                    path.curveTo(x1, y1, x2, y2, x, y);
                }
                case "A" -> {
                    double rx = num(t, i++);
                    double ry = num(t, i++);
                    double angle = num(t, i++);
                    boolean large = num(t, i++) != 0;
                    boolean sweep = num(t, i++) != 0;
                    double nx = num(t, i++);
                    double ny = num(t, i++);
                    if (!started) {
                        path.moveTo(x, y);
                        started = true;
                    }
                    arc(path, x, y, rx, ry, angle, large, sweep, nx, ny);
                    x = nx;
                    y = ny;
                }
                case "C" -> {
                    if (started) {
                        path.closePath();
                    }
                }
                default -> throw new IllegalArgumentException("unknown path operator " + op);
            }
        }
        return path;
    }

    private static double num(String[] t, int i) {
        if (i >= t.length) {
            throw new IllegalArgumentException("path data ends in the middle of an operator");
        }
        return Double.parseDouble(t[i]);
    }

    /** SVG 1.1 F.6.5: endpoint arc to centre parameterisation, appended as an Arc2D. */
    private static void arc(
            Path2D path,
            double x0,
            double y0,
            double rx,
            double ry,
            double angleDeg,
            boolean large,
            boolean sweep,
            double x,
            double y) {
        rx = Math.abs(rx);
        ry = Math.abs(ry);
        if (rx == 0 || ry == 0 || (x0 == x && y0 == y)) {
            path.lineTo(x, y);
            return;
        }
        double phi = Math.toRadians(angleDeg % 360);
        double cos = Math.cos(phi);
        double sin = Math.sin(phi);
        double dx = (x0 - x) / 2;
        double dy = (y0 - y) / 2;
        double x1 = cos * dx + sin * dy;
        double y1 = -sin * dx + cos * dy;
        double lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
        if (lambda > 1) {
            rx *= Math.sqrt(lambda);
            ry *= Math.sqrt(lambda);
        }
        double num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
        double den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
        double coef = (large == sweep ? -1 : 1) * Math.sqrt(Math.max(0, num / den));
        double cx1 = coef * rx * y1 / ry;
        double cy1 = -coef * ry * x1 / rx;
        double cx = cos * cx1 - sin * cy1 + (x0 + x) / 2;
        double cy = sin * cx1 + cos * cy1 + (y0 + y) / 2;
        double start = Math.toDegrees(Math.atan2((y1 - cy1) / ry, (x1 - cx1) / rx));
        double end = Math.toDegrees(Math.atan2((-y1 - cy1) / ry, (-x1 - cx1) / rx));
        double extent = end - start;
        if (sweep && extent < 0) {
            extent += 360;
        } else if (!sweep && extent > 0) {
            extent -= 360;
        }
        // Arc2D angles run counter-clockwise with y up; our y points down, so negate them
        Arc2D arc = new Arc2D.Double(-rx, -ry, 2 * rx, 2 * ry, -start, -extent, Arc2D.OPEN);
        AffineTransform at = AffineTransform.getTranslateInstance(cx, cy);
        at.rotate(phi);
        path.append(at.createTransformedShape(arc), true);
    }

    /** Resolves an OFD location against a base directory (absolute locations start with '/'). */
    static ST_Loc resolve(ST_Loc baseDir, ST_Loc loc) {
        String l = loc.toString();
        if (l.startsWith("/")) {
            return loc;
        }
        String base = baseDir == null ? "/" : baseDir.toString();
        return new ST_Loc((base.endsWith("/") ? base : base + "/") + l);
    }

    /** The bytes at an absolute location inside the unpacked package, never outside it; null if absent. */
    byte[] readBytes(ST_Loc loc, int maxBytes) {
        Path file = file(loc);
        try {
            if (file == null || !Files.isRegularFile(file) || Files.size(file) > maxBytes) {
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses the XML at an absolute location with ofdrw's element type; null if absent or unreadable. */
    <T> T readXml(ST_Loc loc, Function<Element, T> type) {
        byte[] bytes = readBytes(loc, MAX_RESOURCE_BYTES);
        if (bytes == null) {
            return null;
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            SAXReader sax = new SAXReader();
            sax.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return type.apply(sax.read(in).getRootElement());
        } catch (Exception e) {
            return null;
        }
    }

    private Path file(ST_Loc loc) {
        Path root = reader.getWorkDir().toAbsolutePath().normalize();
        String l = loc.toString();
        Path file = root.resolve(l.startsWith("/") ? l.substring(1) : l).normalize();
        return file.startsWith(root) ? file : null;
    }
}
