package org.sealpost.core.render;

import java.awt.image.BufferedImage;

/**
 * A PDF or OFD opened for rendering, so that several pages can be drawn without parsing the
 * document again. Not thread-safe. Close it: for an OFD, closing wipes the unpacked copy.
 */
public interface RenderableDocument extends AutoCloseable {

    /** PDF or OFD. */
    DocumentFormat format();

    /** Number of pages (at least 1). */
    int pageCount();

    /**
     * Draws page {@code page} (from 1) at {@code dpi} on white, RGB. The image is scaled down if it
     * would exceed {@link PageRenderer#MAX_SIDE_PX} pixels a side or {@link PageRenderer#MAX_PIXELS}
     * in all.
     *
     * @throws RenderException NO_SUCH_PAGE, INVALID_REQUEST (DPI out of range) or DOCUMENT_MALFORMED
     */
    BufferedImage render(int page, float dpi, SealStyle seals);

    /** Page {@code page}'s size in PDF points (1/72 inch): width and height. */
    float[] pageSizePoints(int page);

    @Override
    void close();
}
