package org.sealpost.server.identity;

/**
 * Sign-ins of an account ended by someone other than the person signing out: an administrator
 * ended its sessions, disabled it, reset its password or revoked a role ({@code apiTokenHash}
 * null: every sign-in of the account), or one API token was revoked ({@code apiTokenHash}: the
 * token's SHA-256, hex). Whatever the sign-ins held in memory (the unit key sessions) ends with them.
 */
public record SignInsEnded(String username, String apiTokenHash) {

    public boolean coversEverySignIn() {
        return apiTokenHash == null;
    }
}
