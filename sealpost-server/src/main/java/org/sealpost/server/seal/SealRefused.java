package org.sealpost.server.seal;

/**
 * A refused seal action. {@link #code()} is stable and names the message {@code error.seal.<code>}
 * (i18n/seal); {@link #remainingAttempts()} is set for a wrong seal PIN.
 */
public class SealRefused extends RuntimeException {

    private final String code;
    private final int remainingAttempts;

    public SealRefused(String code, String message) {
        this(code, message, -1);
    }

    public SealRefused(String code, String message, int remainingAttempts) {
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

    static SealRefused forbidden() {
        return new SealRefused("forbidden", "not allowed");
    }

    /** Another unit's seal looks like no seal at all (C02). */
    static SealRefused notFound() {
        return new SealRefused("not-found", "no such seal");
    }
}
