package org.sealpost.server.access;

import java.io.Serializable;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The principal of every authenticated request: who, in which unit, with which roles. Other
 * capabilities authorise on this (a unit admin edits only {@link #unitId()}'s data).
 */
public record SignedInUser(
        long accountId, String username, String displayName, long unitId, String unitCode, Set<Role> roles)
        implements Serializable, Principal {

    public SignedInUser {
        roles = Set.copyOf(roles);
    }

    /** The username: sessions are indexed by it, so an admin can find and end them. */
    @Override
    public String getName() {
        return username;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... wanted) {
        for (Role role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** The user of the current request, if it is authenticated as a SealPost account. */
    public static Optional<SignedInUser> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof SignedInUser user ? Optional.of(user) : Optional.empty();
    }
}
