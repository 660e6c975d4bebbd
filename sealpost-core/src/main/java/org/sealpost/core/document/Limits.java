package org.sealpost.core.document;

/**
 * Bounds on what {@link DocumentInspector} and {@link OfficeConversion} will process. Every bound
 * is enforced by counting what is actually read or inflated, never by trusting a header.
 *
 * @param maxBytes largest upload, in bytes
 * @param maxEntries most entries in a zip (OFD, DOCX, ODT)
 * @param maxUncompressed most bytes a zip may inflate to, all entries together
 * @param maxRatio highest ratio of inflated bytes to archive size, checked once more than
 *     {@link #RATIO_GRACE_BYTES} have been inflated (small XML parts legitimately compress well)
 * @param maxPages most pages in a document
 * @param maxTextChars most characters of extracted text; a document with more is refused rather
 *     than checked only in part
 */
public record Limits(
        long maxBytes, int maxEntries, long maxUncompressed, int maxRatio, int maxPages, long maxTextChars) {

    /** Inflated bytes below which the compression ratio is not checked. */
    public static final long RATIO_GRACE_BYTES = 1024 * 1024;

    public Limits {
        if (maxBytes <= 0
                || maxEntries <= 0
                || maxUncompressed <= 0
                || maxRatio <= 0
                || maxPages <= 0
                || maxTextChars <= 0) {
            throw new IllegalArgumentException("every limit must be positive");
        }
    }

    /**
     * 100 MiB upload, 5,000 zip entries, 512 MiB inflated, ratio 100:1, 2,000 pages, 20 million
     * characters of text.
     */
    public static Limits defaults() {
        return new Limits(100L * 1024 * 1024, 5_000, 512L * 1024 * 1024, 100, 2_000, 20_000_000L);
    }
}
