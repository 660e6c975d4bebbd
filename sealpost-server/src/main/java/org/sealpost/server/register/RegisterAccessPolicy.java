package org.sealpost.server.register;

import java.util.Set;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;

/**
 * Whose register a person may read (第十七条, SECURITY.md C02): the regulator office every unit's
 * (and all units at once), document roles their own unit's, nobody else's — another unit's
 * register is "not found". The three separated duties and the unit admin read no register.
 */
public final class RegisterAccessPolicy {

    static final Set<Role> READERS = Set.of(
            Role.OFFICE_STAFF,
            Role.OFFICE_DIRECTOR,
            Role.DEPT_STAFF,
            Role.DEPT_HEAD,
            Role.OPERATOR_A,
            Role.OPERATOR_B,
            Role.UNIT_LEADER);

    private RegisterAccessPolicy() {}

    public static boolean seesAllUnits(SignedInUser user) {
        return user.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR);
    }

    public static boolean readsRegisters(SignedInUser user) {
        return user.roles().stream().anyMatch(READERS::contains);
    }

    /**
     * The unit code the search runs on: the requested one if allowed, the user's own if none was
     * requested.
     *
     * @throws RegisterRefused FORBIDDEN for a role that reads no register, NOT_FOUND for another
     *     unit's register
     */
    static String unitFor(SignedInUser user, String requested) {
        if (!readsRegisters(user)) {
            throw RegisterRefused.forbidden();
        }
        if (requested == null || requested.isBlank() || requested.equals(user.unitCode())) {
            return user.unitCode();
        }
        if (seesAllUnits(user)) {
            return requested.strip();
        }
        throw RegisterRefused.notFound();
    }
}
