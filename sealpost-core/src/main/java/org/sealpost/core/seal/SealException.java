package org.sealpost.core.seal;

import java.util.Objects;

/** A refused seal operation, with a stable code and a message a user can act on. */
public class SealException extends RuntimeException {

    private final SealProblem problem;

    public SealException(SealProblem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem);
    }

    public SealException(SealProblem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem);
    }

    public SealProblem problem() {
        return problem;
    }
}
