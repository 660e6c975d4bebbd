package org.sealpost.core.render;

import java.util.Objects;

/** A document that cannot be rendered, or a request that makes no sense, with a stable code. */
public class RenderException extends RuntimeException {

    /** Stable codes (they reach problem details): add, never rename. */
    public enum Problem {
        /** Neither a PDF nor an OFD (judged by the first bytes). */
        UNSUPPORTED_FORMAT,
        /** A PDF or OFD that cannot be read, is encrypted, or breaks a safety bound. */
        DOCUMENT_MALFORMED,
        /** The requested page does not exist. */
        NO_SUCH_PAGE,
        /** A bad argument: DPI out of range, malformed copy number, empty unit name. */
        INVALID_REQUEST
    }

    private final Problem problem;

    public RenderException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem);
    }

    public RenderException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem);
    }

    public Problem problem() {
        return problem;
    }
}
