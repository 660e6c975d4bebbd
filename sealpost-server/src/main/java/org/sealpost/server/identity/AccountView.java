package org.sealpost.server.identity;

import java.time.Instant;
import java.util.Set;
import org.sealpost.server.access.Role;

/**
 * An account as administrators and other capabilities see it. No password hash, no TOTP secret.
 *
 * @param passwordExpiresAt when the password must be changed; null when expiry is off
 * @param documentUsageGrantedBy who allowed this non-operator to use documents; null if nobody
 */
public record AccountView(
        long id,
        String username,
        String displayName,
        long unitId,
        String unitCode,
        String unitName,
        boolean enabled,
        boolean locked,
        boolean mustChangePassword,
        Set<Role> roles,
        boolean totpEnrolled,
        Instant passwordChangedAt,
        Instant passwordExpiresAt,
        String documentUsageGrantedBy,
        Instant documentUsageGrantedAt) {

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
