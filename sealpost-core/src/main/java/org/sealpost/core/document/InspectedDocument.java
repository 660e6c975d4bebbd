package org.sealpost.core.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link DocumentInspector} found in an upload: its format, page count, extracted text per page
 * and its metadata fields (PDF document information and XMP, OFD {@code DocInfo}).
 *
 * @param metadata field name (e.g. {@code title}, {@code keywords}, {@code xmp}) to its text, in
 *     document order; empty fields are left out
 */
public record InspectedDocument(
        DocumentFormat format, int pageCount, List<PageText> text, Map<String, String> metadata) {

    public InspectedDocument {
        Objects.requireNonNull(format);
        text = List.copyOf(text);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A document without metadata. */
    public InspectedDocument(DocumentFormat format, int pageCount, List<PageText> text) {
        this(format, pageCount, text, Map.of());
    }

    /**
     * Whether any page has a non-blank line. A document without text (typically a scan) cannot be
     * checked for classification markings, so the sender must confirm it carries none.
     */
    public boolean hasText() {
        return text.stream().flatMap(page -> page.lines().stream()).anyMatch(line -> !line.isBlank());
    }
}
