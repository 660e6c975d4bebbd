package org.sealpost.server.document;

/**
 * A refused document action: HTTP {@link #status()}, a stable {@link #code()} ({@code
 * document.<what>}) and a message the sender can act on. Mapped to problem+json in one place
 * ({@code api.DocumentApiExceptionHandler}).
 */
public class DocumentException extends RuntimeException {

    private final int status;
    private final String code;

    public DocumentException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Another unit's document, or none: the same answer (C02). */
    /**
     * 413 {@code document.too-large} for an upload over Spring's multipart limits
     * ({@code spring.servlet.multipart.max-file-size} / {@code max-request-size}), stating them.
     */
    public static DocumentException uploadTooLarge(
            org.springframework.util.unit.DataSize fileLimit, org.springframework.util.unit.DataSize requestLimit) {
        return new DocumentException(
                413,
                "document.too-large",
                "The upload is larger than the limit of " + human(fileLimit) + " per file (" + human(requestLimit)
                        + " per request).");
    }

    private static String human(org.springframework.util.unit.DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    static DocumentException notFound() {
        return new DocumentException(404, "document.not-found", "No such document.");
    }

    static DocumentException forbidden(String why) {
        return new DocumentException(403, "document.forbidden", why);
    }

    static DocumentException invalid(String code, String message) {
        return new DocumentException(400, "document." + code, message);
    }

    static DocumentException conflict(String code, String message) {
        return new DocumentException(409, "document." + code, message);
    }

    static DocumentException unprocessable(String code, String message) {
        return new DocumentException(422, "document." + code, message);
    }
}
