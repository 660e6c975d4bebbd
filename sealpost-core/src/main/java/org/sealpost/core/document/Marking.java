package org.sealpost.core.document;

/**
 * A classification marking found by the {@link ClassificationGuard}.
 *
 * @param found the marking as found (NFKC-normalised), e.g. {@code 秘密★1年}
 * @param where {@code body} for the document text, otherwise the metadata field it was found in
 *     (e.g. {@code title}, {@code keywords}, {@code xmp}, {@code outline})
 * @param page 1-based page for the body, 0 for metadata
 * @param line 1-based line on the page (blank lines not counted) for the body, 0 for metadata
 */
public record Marking(String found, String where, int page, int line) {

    /** Where the marking is, in English, e.g. "page 2, line 3" or "metadata field title". */
    public String location() {
        return page > 0 ? "page " + page + ", line " + line : "metadata field " + where;
    }
}
