package org.sealpost.server.pki;

/**
 * A refused PKI action. {@link #code()} is stable and names the message {@code error.pki.<code>}
 * (i18n/seal); {@link #remainingAttempts()} is set for a wrong PIN.
 */
public class PkiException extends RuntimeException {

    private final String code;
    private final int remainingAttempts;

    public PkiException(String code, String message) {
        this(code, message, -1);
    }

    public PkiException(String code, String message, int remainingAttempts) {
        super(message);
        this.code = code;
        this.remainingAttempts = remainingAttempts;
    }

    public String code() {
        return code;
    }

    public int remainingAttempts() {
        return remainingAttempts;
    }

    /** The caller may not do this (HTTP 403). */
    public static PkiException forbidden() {
        return new PkiException("forbidden", "not allowed");
    }

    /** Nothing with that name (HTTP 404). */
    public static PkiException notFound(String what) {
        return new PkiException("not-found", "not found: " + what);
    }
}
