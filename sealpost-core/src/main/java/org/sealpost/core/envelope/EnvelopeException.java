package org.sealpost.core.envelope;

/**
 * The one exception of the envelope format: every way an envelope can be refused has a stable
 * {@link Reason}, so callers (server, CLI) can map it to a message a user can act on. I/O errors of
 * the caller's own streams stay {@link java.io.IOException}.
 */
public final class EnvelopeException extends Exception {

    public enum Reason {
        /** Not a SealPost envelope, or a length or field outside the format's bounds. */
        MALFORMED,
        /** A format version this reader does not implement. */
        UNSUPPORTED_VERSION,
        /** The input ends before the envelope does. */
        TRUNCATED,
        /** Bytes follow the last chunk. */
        TRAILING_DATA,
        /** The sender's signature does not verify over the header and manifest. */
        BAD_SIGNATURE,
        /** The signed manifest contradicts the header or the enclosed sender certificate. */
        TAMPERED_MANIFEST,
        SENDER_CERT_UNTRUSTED,
        SENDER_CERT_REVOKED,
        /** The sender certificate (or its CA) is outside its validity period: expired or not yet valid. */
        SENDER_CERT_EXPIRED,
        /** The opening token's encryption certificate is not among the recipients. */
        NOT_A_RECIPIENT,
        /** The recipient entry exists but the token could not unwrap the content key. */
        KEY_UNWRAP_FAILED,
        /** A chunk failed authentication: altered, reordered, duplicated or from another envelope. */
        CHUNK_AUTH_FAILED,
        /** Decrypted content differs from the SM3 digest the sender signed. */
        PAYLOAD_DIGEST_MISMATCH
    }

    private final Reason reason;

    public EnvelopeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public EnvelopeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
