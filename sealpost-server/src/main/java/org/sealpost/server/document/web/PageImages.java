package org.sealpost.server.document.web;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Clock;
import org.sealpost.core.render.PageRenderer;
import org.sealpost.core.render.RenderException;
import org.sealpost.core.render.RenderableDocument;
import org.sealpost.core.render.Watermark;
import org.springframework.stereotype.Component;

/**
 * Page images for the sending pages (approval, seal placement, preview): pages of the document's
 * body — sealed where it was sealed — rendered by the core {@link PageRenderer} with the viewer's
 * watermark, optionally with the outline of where a seal will go. Callers check rights first (the
 * bytes come from {@code SealingDocuments.preview}, which answers only the sending unit).
 */
@Component
class PageImages {

    /** The seal size assumed for the placement outline (the demo and most 公章: 42 mm). */
    static final double SEAL_MM = 42;

    static final float DPI = 96;

    private static final double POINTS_PER_MM = 72 / 25.4;

    private final PageRenderer renderer = PageRenderer.system();
    private final Clock clock;

    PageImages(Clock clock) {
        this.clock = clock;
    }

    /** A page's size in millimetres, and the page count. */
    record Layout(int pages, double lastWidthMm, double lastHeightMm) {

        /** Lower right of the last page, clear of the margins (top-left corner of the seal, y downwards). */
        double defaultX() {
            return Math.max(0, Math.round(lastWidthMm - SEAL_MM - 26));
        }

        double defaultY() {
            return Math.max(0, Math.round(lastHeightMm - SEAL_MM - 60));
        }
    }

    Layout layout(byte[] document) {
        try (RenderableDocument doc = renderer.open(document)) {
            int pages = doc.pageCount();
            float[] size = doc.pageSizePoints(pages);
            return new Layout(pages, size[0] / POINTS_PER_MM, size[1] / POINTS_PER_MM);
        }
    }

    /**
     * Page {@code page} as PNG with the watermark; with {@code markX}/{@code markY} (mm from the
     * top-left corner) a dashed red circle where the seal will go.
     *
     * @throws RenderException NO_SUCH_PAGE, DOCUMENT_MALFORMED …
     */
    byte[] png(byte[] document, int page, String unitName, String user, Double markX, Double markY) {
        try (RenderableDocument doc = renderer.open(document)) {
            BufferedImage image = renderer.render(doc, page, DPI, new Watermark(unitName, user, clock.instant()));
            if (markX != null && markY != null) {
                float[] size = doc.pageSizePoints(page);
                double pxPerMm = image.getWidth() / (size[0] / POINTS_PER_MM);
                Graphics2D g = image.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    g.setColor(new Color(220, 0, 0, 200));
                    g.setStroke(new BasicStroke(
                            2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {8, 6}, 0));
                    int d = (int) Math.round(SEAL_MM * pxPerMm);
                    g.drawOval((int) Math.round(markX * pxPerMm), (int) Math.round(markY * pxPerMm), d, d);
                } finally {
                    g.dispose();
                }
            }
            return PageRenderer.png(image);
        }
    }
}
