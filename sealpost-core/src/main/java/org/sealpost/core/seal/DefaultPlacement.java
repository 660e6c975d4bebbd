package org.sealpost.core.seal;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.ofdrw.core.basicType.ST_Box;
import org.ofdrw.reader.OFDReader;

/**
 * Where a seal goes when the user names only a page: bottom right, its right edge {@value
 * #RIGHT_MARGIN_MM} mm from the page's right edge and its bottom edge {@value #BOTTOM_MARGIN_MM} mm
 * above the page's bottom edge — over the signing-date line of a GB/T 9704 layout on A4. A page too
 * small for that gets the seal at its left or top edge, and the stamper decides whether it fits.
 */
public final class DefaultPlacement {

    public static final double RIGHT_MARGIN_MM = 25;
    public static final double BOTTOM_MARGIN_MM = 50;

    private DefaultPlacement() {}

    /** The default placement on {@code page} of a page {@code widthMm} × {@code heightMm}. */
    public static PdfStamper.Placement bottomRight(int page, double widthMm, double heightMm, SealImage image) {
        double x = Math.max(0, widthMm - RIGHT_MARGIN_MM - image.widthMm());
        double y = Math.max(0, heightMm - BOTTOM_MARGIN_MM - image.heightMm());
        return new PdfStamper.Placement(page, x, y);
    }

    /**
     * The default placement on a PDF page (size from its crop box).
     *
     * @throws SealException NO_SUCH_PAGE or DOCUMENT_MALFORMED
     */
    public static PdfStamper.Placement forPdf(Path pdf, int page, SealImage image) {
        try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBufferedFile(pdf.toFile()))) {
            checkPage(page, doc.getNumberOfPages());
            PDRectangle crop = doc.getPage(page - 1).getCropBox();
            return bottomRight(
                    page,
                    crop.getWidth() / PdfStamper.POINTS_PER_MM,
                    crop.getHeight() / PdfStamper.POINTS_PER_MM,
                    image);
        } catch (IOException e) {
            throw new SealException(SealProblem.DOCUMENT_MALFORMED, "The document is not a readable PDF", e);
        }
    }

    /**
     * The default placement on an OFD page (size from its physical box). The package is checked by
     * {@link OfdPackage} first.
     *
     * @throws SealException NO_SUCH_PAGE or DOCUMENT_MALFORMED
     */
    public static PdfStamper.Placement forOfd(Path ofd, int page, SealImage image) {
        OfdPackage.check(ofd);
        try (OFDReader reader = new OFDReader(ofd)) {
            checkPage(page, reader.getNumberOfPages());
            ST_Box box = reader.getPageSize(page);
            return bottomRight(page, box.getWidth(), box.getHeight(), image);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SealException sealException) {
                throw sealException;
            }
            throw new SealException(SealProblem.DOCUMENT_MALFORMED, "The document is not a readable OFD", e);
        }
    }

    private static void checkPage(int page, int pages) {
        if (page < 1 || page > pages) {
            throw new SealException(
                    SealProblem.NO_SUCH_PAGE, "The document has " + pages + " page(s); no page " + page);
        }
    }
}
