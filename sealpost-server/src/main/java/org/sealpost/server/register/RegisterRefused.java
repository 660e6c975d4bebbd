package org.sealpost.server.register;

/**
 * A register request that is refused: {@link Kind#NOT_FOUND} for another unit's register (which
 * does not exist as far as the asker knows), {@link Kind#FORBIDDEN} for a role that reads no
 * register, {@link Kind#INVALID} for a bad search. {@link #code()} is the i18n key suffix.
 */
public class RegisterRefused extends RuntimeException {

    public enum Kind {
        NOT_FOUND,
        FORBIDDEN,
        INVALID
    }

    private final Kind kind;
    private final String code;

    RegisterRefused(Kind kind, String code, String message) {
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

    static RegisterRefused notFound() {
        return new RegisterRefused(Kind.NOT_FOUND, "notFound", "no such register");
    }

    static RegisterRefused forbidden() {
        return new RegisterRefused(Kind.FORBIDDEN, "forbidden", "this role reads no register");
    }

    public static RegisterRefused invalid(String code, String message) {
        return new RegisterRefused(Kind.INVALID, code, message);
    }
}
