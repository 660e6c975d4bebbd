/**
 * Rendering documents for people: page images for on-screen viewing with a watermark ({@link
 * org.sealpost.core.render.PageRenderer}), numbered print copies (份号), de-sealed grey print copies
 * (脱密打印) and the de-sealed export (脱密下载) ({@link org.sealpost.core.render.PrintCopies}).
 *
 * <p>PDF pages are drawn by PDFBox; OFD pages by our own Java2D renderer over ofdrw's page model
 * (ofdrw-converter is not used: it needs AGPL iText). Everything happens in memory, except that
 * ofdrw can only read an unpacked OFD from disk: that copy lives in a private temporary directory
 * that is overwritten with zeros and deleted when the document is closed (SECURITY.md D01).
 * Refusals are {@link org.sealpost.core.render.RenderException}s with a stable {@link
 * org.sealpost.core.render.RenderException.Problem} code.
 */
package org.sealpost.core.render;
