package org.sealpost.server.unit;

import java.util.List;

/**
 * Every refusal of the units capability. {@link #code()} is stable (clients and tests match on it);
 * {@link #messageKey()} with {@link #arguments()} is the message a user can act on, resolved from
 * the {@code i18n/unit} bundle. The web and API adapters map {@link #kind()} to HTTP in one place.
 */
public abstract class UnitException extends RuntimeException {

    /** How the adapters answer: 404, 403, 400 or 409. */
    public enum Kind {
        NOT_FOUND,
        FORBIDDEN,
        INVALID,
        CONFLICT
    }

    private final Kind kind;
    private final String code;
    private final String messageKey;
    private final transient List<Object> arguments;

    protected UnitException(Kind kind, String code, String messageKey, Object... arguments) {
        super(code + " " + List.of(arguments));
        this.kind = kind;
        this.code = code;
        this.messageKey = messageKey;
        this.arguments = List.of(arguments);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] arguments() {
        return arguments.toArray();
    }

    /** The unit does not exist, or the caller may not know that it does (another bank's unit). */
    public static final class UnitNotFound extends UnitException {
        public UnitNotFound(String unitCode) {
            super(Kind.NOT_FOUND, "unit.not-found", "unit.error.not-found", unitCode);
        }
    }

    /** A roster entry or contact that is not one of this unit's rows. */
    public static final class RowNotFound extends UnitException {
        public RowNotFound(String unitCode, long rowId) {
            super(Kind.NOT_FOUND, "roster.row-not-found", "roster.error.row-not-found", unitCode, rowId);
        }
    }

    /** The caller may see the unit but not do this to it; the reason is a message key. */
    public static final class AccessRefused extends UnitException {
        public AccessRefused(String reasonKey) {
            super(Kind.FORBIDDEN, "unit.access-refused", reasonKey);
        }
    }

    /** A unit, group or category code that names nothing, when resolving a recipient scope. */
    public static final class UnknownRecipient extends UnitException {
        public UnknownRecipient(String code) {
            super(Kind.INVALID, "unit.unknown-recipient", "unit.error.unknown-recipient", code);
        }
    }

    /** A recipient group that does not exist. */
    public static final class GroupNotFound extends UnitException {
        public GroupNotFound(String groupCode) {
            super(Kind.NOT_FOUND, "group.not-found", "group.error.not-found", groupCode);
        }
    }

    /** System (category) groups follow the unit categories and cannot be edited by hand. */
    public static final class SystemGroupReadOnly extends UnitException {
        public SystemGroupReadOnly(String groupCode) {
            super(Kind.CONFLICT, "group.read-only", "group.error.read-only", groupCode);
        }
    }

    /** A new group or unit code that is already taken by a unit, group or category. */
    public static final class CodeTaken extends UnitException {
        public CodeTaken(String code) {
            super(Kind.CONFLICT, "unit.code-taken", "unit.error.code-taken", code);
        }
    }

    /** Input that breaks a field rule; each violation names the field and a message key. */
    public static final class InvalidInput extends UnitException {
        private final transient List<FieldViolation> violations;

        public InvalidInput(List<FieldViolation> violations) {
            super(Kind.INVALID, "unit.invalid-input", "unit.error.invalid-input");
            this.violations = List.copyOf(violations);
        }

        public List<FieldViolation> violations() {
            return violations;
        }
    }

    /** One broken field rule: the field's path (e.g. {@code entries[2].mobile}) and a message key. */
    public record FieldViolation(String field, String messageKey) {}
}
