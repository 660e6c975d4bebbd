package org.sealpost.core.token;

import java.security.GeneralSecurityException;

/** A token could not be unlocked or could not perform an operation. The reason is stable. */
public final class TokenException extends GeneralSecurityException {

    public enum Reason {
        WRONG_PIN,
        /** Too many wrong PINs: an administrator must reset the token. */
        LOCKED,
        NOT_FOUND,
        /** The token file or record is damaged, or was not made with the expected master key. */
        CORRUPT,
        NO_SUCH_KEY,
        DECRYPTION_FAILED,
        CLOSED
    }

    private final Reason reason;
    private final int remainingAttempts;

    public TokenException(Reason reason, String message) {
        this(reason, message, -1, null);
    }

    public TokenException(Reason reason, String message, Throwable cause) {
        this(reason, message, -1, cause);
    }

    public TokenException(Reason reason, String message, int remainingAttempts, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.remainingAttempts = remainingAttempts;
    }

    public Reason reason() {
        return reason;
    }

    /** PIN attempts left before the token locks, or -1 when the token does not count them. */
    public int remainingAttempts() {
        return remainingAttempts;
    }
}
