package org.sealpost.server.identity;

import org.sealpost.server.access.Role;

/**
 * Every refusal of the identity capability, each with a stable error code and an HTTP status.
 * The web layer maps these to RFC 9457 problem details in one place; the message key under
 * {@code error.<code>} is the text a user can act on.
 */
public abstract sealed class IdentityException extends RuntimeException {

    private final String code;
    private final int status;

    IdentityException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    /** Stable, documented error code, e.g. {@code password-too-short}. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Over a sign-in or API rate limit (SECURITY.md R08): answered 429 with Retry-After. */
    public static final class RateLimited extends IdentityException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super("rate-limited", 429, "Too many attempts; retry after " + retryAfterSeconds + " s.");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The password does not meet the policy (SECURITY.md A01); {@code code} says which rule. */
    public static final class PasswordRejected extends IdentityException {
        PasswordRejected(String code) {
            super(code, 400, "password rejected: " + code);
        }
    }

    /** The current password given to confirm a change is wrong. */
    public static final class WrongPassword extends IdentityException {
        WrongPassword() {
            super("wrong-current-password", 400, "the current password is wrong");
        }
    }

    /** One account may not hold two of system admin, security admin and auditor (C05). */
    public static final class SeparatedDutiesConflict extends IdentityException {
        SeparatedDutiesConflict(Role wanted, Role held) {
            super("separated-duties", 409, "cannot combine " + wanted + " with " + held);
        }
    }

    /** The signed-in user may not do this. */
    public static final class NotPermitted extends IdentityException {
        NotPermitted(String what) {
            super("not-permitted", 403, "not permitted: " + what);
        }
    }

    public static final class AccountNotFound extends IdentityException {
        AccountNotFound() {
            super("account-not-found", 404, "no such account");
        }
    }

    public static final class DuplicateUsername extends IdentityException {
        DuplicateUsername(String username) {
            super("duplicate-username", 409, "username already taken: " + username);
        }
    }

    /** Input that is not acceptable, e.g. an unknown unit or a malformed username. */
    public static final class InvalidInput extends IdentityException {
        InvalidInput(String code) {
            super(code, 400, "invalid input: " + code);
        }
    }

    /** A TOTP code that is wrong, outside its window or already used. */
    public static final class TotpRejected extends IdentityException {
        TotpRejected() {
            super("totp-rejected", 400, "one-time code rejected");
        }
    }

    /**
     * A sign-in over the API ({@code POST /api/v1/sign-in}) that is refused; {@code code} says
     * why: {@code sign-in-failed} (wrong username or password, locked or disabled: all the same),
     * {@code totp-required}, {@code totp-rejected}, {@code password-change-required} or
     * {@code totp-enrolment-required}. The last two are done in the web UI.
     */
    public static final class SignInRefused extends IdentityException {
        SignInRefused(String code, int status, String message) {
            super(code, status, message);
        }
    }
}
