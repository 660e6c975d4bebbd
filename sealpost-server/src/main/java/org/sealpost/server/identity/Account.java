package org.sealpost.server.identity;

import java.time.Instant;
import java.util.Set;
import org.sealpost.server.access.Role;

/** An account row as the identity capability sees it internally; never leaves the package. */
record Account(
        long id,
        String username,
        String displayName,
        long unitId,
        String passwordHash,
        Instant passwordChangedAt,
        boolean mustChangePassword,
        boolean enabled,
        int failedSignIns,
        Instant lockedUntil,
        String totpSecret,
        Long totpLastStep,
        boolean demo,
        Set<Role> roles) {

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    boolean totpEnrolled() {
        return totpSecret != null;
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + username + "]";
    }
}
