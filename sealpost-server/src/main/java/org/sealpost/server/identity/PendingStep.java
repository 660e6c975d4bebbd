package org.sealpost.server.identity;

/**
 * What a person who gave the right password must still do before using SealPost, in this order.
 * Until then every page redirects to the step's page.
 */
public enum PendingStep {
    /** Enter a code from the enrolled authenticator app. */
    VERIFY_TOTP("/login/totp"),
    /** The password is a one-time password or has expired (SECURITY.md A02). */
    CHANGE_PASSWORD("/password/change"),
    /** A role of this person requires TOTP and no authenticator is enrolled yet. */
    ENROL_TOTP("/totp/enrol");

    private final String path;

    PendingStep(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
