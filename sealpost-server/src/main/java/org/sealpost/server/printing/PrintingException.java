package org.sealpost.server.printing;

/**
 * A refused printing action: HTTP {@link #status()}, a stable {@link #code()} ({@code
 * printing.<what>}) and a message the operator can act on. Mapped to problem+json in one place
 * ({@code api.PrintingApiExceptionHandler}).
 */
public class PrintingException extends RuntimeException {

    private final int status;
    private final String code;

    public PrintingException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = "printing." + code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Another unit's delivery, or none: the same answer (C02). */
    static PrintingException notFound() {
        return new PrintingException(404, "not-found", "No such delivery.");
    }

    static PrintingException forbidden(String why) {
        return new PrintingException(403, "forbidden", why);
    }

    static PrintingException invalid(String code, String message) {
        return new PrintingException(400, code, message);
    }

    static PrintingException conflict(String code, String message) {
        return new PrintingException(409, code, message);
    }

    static PrintingException unprocessable(String code, String message) {
        return new PrintingException(422, code, message);
    }
}
