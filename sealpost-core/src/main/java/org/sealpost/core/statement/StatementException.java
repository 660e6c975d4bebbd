package org.sealpost.core.statement;

/** A signed statement is refused; the reason is stable. */
public final class StatementException extends Exception {

    public enum Reason {
        /** Not a CMS SignedData statement of this format, or outside its bounds. */
        MALFORMED,
        BAD_SIGNATURE,
        SIGNER_UNTRUSTED,
        SIGNER_REVOKED,
        SIGNER_EXPIRED,
        /** The signing certificate belongs to another unit than the statement names. */
        UNIT_MISMATCH,
        /** The statement is valid but not about what the caller expected (document, digest, type, unit). */
        CONTENT_MISMATCH
    }

    private final Reason reason;

    public StatementException(Reason reason, String message) {
        this(reason, message, null);
    }

    public StatementException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
