package org.sealpost.server.supervision;

/** A supervision request that is refused; {@link #code()} is the i18n key suffix. */
public class SupervisionRefused extends RuntimeException {

    public enum Kind {
        NOT_FOUND,
        FORBIDDEN,
        INVALID
    }

    private final Kind kind;
    private final String code;

    SupervisionRefused(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    static SupervisionRefused notFound() {
        return new SupervisionRefused(Kind.NOT_FOUND, "notFound", "no such unit");
    }

    static SupervisionRefused forbidden() {
        return new SupervisionRefused(Kind.FORBIDDEN, "forbidden", "not allowed");
    }

    public static SupervisionRefused invalid(String code, String message) {
        return new SupervisionRefused(Kind.INVALID, code, message);
    }
}
