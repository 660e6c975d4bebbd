package org.sealpost.core.document;

import java.util.Objects;

/**
 * An upload SealPost refuses to carry. {@link #reason()} is stable (the server maps it to a
 * translated message); {@link #getMessage()} is one English sentence a sender can act on.
 */
public final class DocumentRejected extends Exception {

    /** Why a document was refused. */
    public enum Reason {
        /** Neither a PDF nor an OFD by its content (or, for conversion, not a word-processing file). */
        UNKNOWN_FORMAT,
        /** A PDF with any encryption, even with an empty user password. */
        ENCRYPTED,
        /** The file cannot be parsed as the format its content claims. */
        CORRUPT,
        /** Larger than {@link Limits#maxBytes()} or its text exceeds {@link Limits#maxTextChars()}. */
        TOO_LARGE,
        /** An OFD package holding more than one document (only one would be checked and shown). */
        MULTIPLE_DOCUMENTS,
        /** More pages than {@link Limits#maxPages()}. */
        TOO_MANY_PAGES,
        /** A zip (OFD, DOCX, ODT) unpacking to more than allowed in size or compression ratio. */
        ZIP_BOMB,
        /** A zip with more entries than {@link Limits#maxEntries()}. */
        TOO_MANY_ENTRIES,
        /** A zip entry name that could escape the unpacking directory. */
        PATH_TRAVERSAL,
        /** An XML part declaring a DTD or entity (XXE, entity expansion). */
        XML_EXTERNAL_ENTITY,
        /** Office conversion asked for, but LibreOffice is not installed. */
        CONVERTER_UNAVAILABLE,
        /** LibreOffice could not convert the file. */
        CONVERSION_FAILED
    }

    private final Reason reason;

    public DocumentRejected(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public DocumentRejected(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
