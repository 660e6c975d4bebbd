package org.sealpost.server.blob;

/**
 * A blob that cannot be read as stored: missing, shredded, or its content no longer matches its
 * SM3 or its authentication tags (a flipped byte on disk or in the database, K06); or one that
 * could not be written because the disk is full ({@link Reason#NO_SPACE}, R06).
 */
public class BlobException extends RuntimeException {

    public enum Reason {
        NOT_FOUND,
        SHREDDED,
        CORRUPT,
        IO,
        /** The blob directory's file system is full: nothing was stored (R06). */
        NO_SPACE
    }

    private final Reason reason;

    public BlobException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BlobException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
