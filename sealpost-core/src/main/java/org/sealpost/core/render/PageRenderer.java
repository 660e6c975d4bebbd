package org.sealpost.core.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.sealpost.core.seal.CjkFonts;

/**
 * Renders pages of a PDF or OFD to PNG for on-screen viewing: PDF through PDFBox, OFD through our
 * own renderer over ofdrw's page model. Electronic seals are drawn where they were stamped (PDF: the
 * signature widget's appearance; OFD: the picture inside each stamp, at its {@code StampAnnot}
 * boundary). An optional {@link Watermark} is laid over the page as repeated diagonal text.
 *
 * <p>Thread-safe: every call opens its own copy of the document. To render many pages of one
 * document, {@link #open(byte[])} it once.
 */
public final class PageRenderer {

    /** Screen resolution used when none is given. */
    public static final float SCREEN_DPI = 110;
    /** Resolution of print copies made from page images. */
    public static final float PRINT_DPI = 300;
    /** Lowest accepted resolution. */
    public static final float MIN_DPI = 18;
    /** Highest accepted resolution. */
    public static final float MAX_DPI = 600;
    /** A rendered page never exceeds this many pixels a side; larger pages are scaled down. */
    public static final int MAX_SIDE_PX = 7_000;
    /** Nor this many pixels in all (80 MB as RGB): A4 at 600 dpi comes out at about 450 dpi. */
    public static final long MAX_PIXELS = 20_000_000L;

    private final CjkFonts fonts;

    /** @param fonts where fallback fonts for OFD text and the watermark font come from */
    public PageRenderer(CjkFonts fonts) {
        this.fonts = Objects.requireNonNull(fonts);
    }

    /** A renderer using the fonts installed on this machine. */
    public static PageRenderer system() {
        return new PageRenderer(CjkFonts.system());
    }

    /**
     * Opens {@code document} (PDF or OFD, told apart by content) for rendering.
     *
     * @throws RenderException UNSUPPORTED_FORMAT or DOCUMENT_MALFORMED
     */
    public RenderableDocument open(byte[] document) {
        return switch (DocumentFormat.of(document)) {
            case PDF -> PdfRenderable.open(document);
            case OFD -> OfdRenderable.open(document, fonts);
        };
    }

    /** Number of pages of {@code document}. */
    public int pageCount(byte[] document) {
        try (RenderableDocument doc = open(document)) {
            return doc.pageCount();
        }
    }

    /** Page {@code page} (from 1) as PNG at {@link #SCREEN_DPI}, seals as stamped, watermarked. */
    public byte[] renderPng(byte[] document, int page, Watermark watermark) {
        return renderPng(document, page, SCREEN_DPI, watermark);
    }

    /**
     * Page {@code page} (from 1) as PNG at {@code dpi}, seals as stamped.
     *
     * @param watermark drawn over the page; {@code null} for none
     * @throws RenderException UNSUPPORTED_FORMAT, DOCUMENT_MALFORMED, NO_SUCH_PAGE, INVALID_REQUEST
     * @throws org.sealpost.core.seal.SealException NO_CJK_FONT when a watermark or OFD text needs a
     *     Chinese font and none is installed
     */
    public byte[] renderPng(byte[] document, int page, float dpi, Watermark watermark) {
        try (RenderableDocument doc = open(document)) {
            return png(render(doc, page, dpi, watermark));
        }
    }

    /** Renders one page of an open document, seals as stamped, with an optional watermark. */
    public BufferedImage render(RenderableDocument document, int page, float dpi, Watermark watermark) {
        BufferedImage image = document.render(page, dpi, SealStyle.AS_STAMPED);
        if (watermark != null) {
            WatermarkPainter.paint(image, watermark.text(), fonts);
        }
        return image;
    }

    /**
     * Encodes an image as PNG with fast compression: page images are mostly white, so a low deflate
     * level costs a few per cent in size and saves most of the encoding time.
     */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            // JDK's PNG writer: quality 0 = strongest deflate (a page: ~1.4 s), 1 = stored (10× larger);
            // 0.8 took 0.2 s for a page 7% larger than the strongest
            param.setCompressionQuality(0.8f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static void checkDpi(float dpi) {
        if (!(dpi >= MIN_DPI && dpi <= MAX_DPI)) {
            throw new RenderException(
                    RenderException.Problem.INVALID_REQUEST,
                    "The resolution must be " + (int) MIN_DPI + " to " + (int) MAX_DPI + " dpi");
        }
    }

    static void checkPage(int page, int count) {
        if (page < 1 || page > count) {
            throw new RenderException(
                    RenderException.Problem.NO_SUCH_PAGE, "The document has " + count + " page(s); no page " + page);
        }
    }

    /** The scale (pixels per point) for {@code dpi}, reduced so that neither side exceeds the cap. */
    static double pixelsPerPoint(float dpi, double widthPt, double heightPt) {
        double scale = dpi / 72.0;
        double longest = Math.max(widthPt, heightPt) * scale;
        if (longest > MAX_SIDE_PX) {
            scale *= MAX_SIDE_PX / longest;
        }
        double pixels = widthPt * scale * heightPt * scale;
        if (pixels > MAX_PIXELS) {
            scale *= Math.sqrt(MAX_PIXELS / pixels);
        }
        return scale;
    }
}
