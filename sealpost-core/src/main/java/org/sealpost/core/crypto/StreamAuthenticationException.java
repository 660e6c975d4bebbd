package org.sealpost.core.crypto;

import java.security.GeneralSecurityException;

/** A chunked ciphertext failed: a chunk did not authenticate, or the stream ended early. */
public final class StreamAuthenticationException extends GeneralSecurityException {

    public enum Kind {
        /** The chunk's tag did not verify: altered, reordered, duplicated or from another stream. */
        CHUNK_AUTH_FAILED,
        /** The input ended before the last chunk. */
        TRUNCATED
    }

    private final Kind kind;
    private final long chunkIndex;

    public StreamAuthenticationException(Kind kind, long chunkIndex, String message) {
        super(message);
        this.kind = kind;
        this.chunkIndex = chunkIndex;
    }

    public Kind kind() {
        return kind;
    }

    /** Index of the failing chunk, counting from 0. */
    public long chunkIndex() {
        return chunkIndex;
    }
}
