package org.sealpost.core.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/** A PDF held in memory (no scratch file), rendered by PDFBox. */
final class PdfRenderable implements RenderableDocument {

    private final byte[] bytes;
    private final PDDocument doc;
    private PDDocument greyed;

    private PdfRenderable(byte[] bytes, PDDocument doc) {
        this.bytes = bytes;
        this.doc = doc;
    }

    static PdfRenderable open(byte[] bytes) {
        PDDocument doc = load(bytes);
        if (doc.getNumberOfPages() < 1) {
            close(doc);
            throw new RenderException(RenderException.Problem.DOCUMENT_MALFORMED, "The PDF has no pages");
        }
        return new PdfRenderable(bytes, doc);
    }

    /** Loads a PDF entirely in memory. */
    static PDDocument load(byte[] bytes) {
        try {
            return Loader.loadPDF(bytes, "", null, null, IOUtils.createMemoryOnlyStreamCache());
        } catch (InvalidPasswordException e) {
            throw new RenderException(
                    RenderException.Problem.DOCUMENT_MALFORMED, "The PDF is password-protected and cannot be shown", e);
        } catch (IOException | RuntimeException e) {
            throw new RenderException(
                    RenderException.Problem.DOCUMENT_MALFORMED, "The document is not a readable PDF", e);
        }
    }

    @Override
    public DocumentFormat format() {
        return DocumentFormat.PDF;
    }

    @Override
    public int pageCount() {
        return doc.getNumberOfPages();
    }

    @Override
    public float[] pageSizePoints(int page) {
        PageRenderer.checkPage(page, pageCount());
        PDPage p = doc.getPage(page - 1);
        PDRectangle crop = p.getCropBox();
        boolean turned = p.getRotation() % 180 != 0;
        return turned
                ? new float[] {crop.getHeight(), crop.getWidth()}
                : new float[] {crop.getWidth(), crop.getHeight()};
    }

    @Override
    public BufferedImage render(int page, float dpi, SealStyle seals) {
        PageRenderer.checkDpi(dpi);
        float[] size = pageSizePoints(page);
        float scale = (float) PageRenderer.pixelsPerPoint(dpi, size[0], size[1]);
        try {
            PDFRenderer renderer;
            switch (seals) {
                case AS_STAMPED -> renderer = new PDFRenderer(doc);
                case HIDDEN -> {
                    renderer = new PDFRenderer(doc);
                    renderer.setAnnotationsFilter(a -> !PdfSeals.isSignatureWidget(a));
                }
                case GREY -> renderer = new PDFRenderer(greyed());
                default -> throw new IllegalStateException();
            }
            renderer.setSubsamplingAllowed(false);
            return renderer.renderImage(page - 1, scale, ImageType.RGB);
        } catch (IOException | RuntimeException e) {
            throw new RenderException(
                    RenderException.Problem.DOCUMENT_MALFORMED, "Page " + page + " of the PDF could not be drawn", e);
        }
    }

    private PDDocument greyed() throws IOException {
        if (greyed == null) {
            greyed = load(bytes);
            PdfSeals.flatten(greyed, SealStyle.GREY);
        }
        return greyed;
    }

    @Override
    public void close() {
        close(doc);
        if (greyed != null) {
            close(greyed);
        }
    }

    private static void close(PDDocument doc) {
        try {
            doc.close();
        } catch (IOException ignored) {
            // memory only: nothing to release that the garbage collector will not
        }
    }
}
