package org.sealpost.server.identity;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitRef;

/**
 * Who may administer whom (三权分立, SECURITY.md C05): the system admin creates and maintains
 * accounts but grants no roles; the security admin grants roles and sets security policy; the
 * auditor administers nobody; a unit admin maintains the accounts of its own unit and grants only
 * the unit's operator and leader roles. Nobody administers their own account. Each check returns
 * the reason it refuses, or empty.
 */
final class AdministrationPolicy {

    /** Roles a unit admin may grant in its own (supervised institution) unit. */
    static final Set<Role> UNIT_GRANTABLE = EnumSet.of(Role.OPERATOR_A, Role.OPERATOR_B, Role.UNIT_LEADER);

    /** Roles that belong to a supervised institution; every other role belongs to the regulator. */
    static final Set<Role> INSTITUTION_ROLES =
            EnumSet.of(Role.UNIT_ADMIN, Role.OPERATOR_A, Role.OPERATOR_B, Role.UNIT_LEADER);

    private AdministrationPolicy() {}

    static boolean maySee(SignedInUser actor, long targetUnitId) {
        return actor.hasAny(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
                || (actor.has(Role.UNIT_ADMIN) && actor.unitId() == targetUnitId);
    }

    static Optional<String> mayCreate(SignedInUser actor, UnitRef unit) {
        if (actor.has(Role.SYSTEM_ADMIN) || (actor.has(Role.UNIT_ADMIN) && actor.unitId() == unit.id())) {
            return Optional.empty();
        }
        return Optional.of("create accounts in unit " + unit.code());
    }

    static Optional<String> mayMaintain(SignedInUser actor, Account target) {
        if (actor.accountId() == target.id()) {
            return Optional.of("administer your own account");
        }
        return maySee(actor, target.unitId()) ? Optional.empty() : Optional.of("administer " + target.username());
    }

    static Optional<String> mayGrant(SignedInUser actor, Account target, Role role, UnitRef unit) {
        if (actor.accountId() == target.id()) {
            return Optional.of("change your own roles");
        }
        boolean institution = !unit.category().isRegulator();
        if (institution != INSTITUTION_ROLES.contains(role)) {
            return Optional.of("grant " + role + " in unit " + unit.code());
        }
        if (actor.has(Role.SECURITY_ADMIN)) {
            return Optional.empty();
        }
        if (actor.has(Role.UNIT_ADMIN) && actor.unitId() == target.unitId() && UNIT_GRANTABLE.contains(role)) {
            return Optional.empty();
        }
        return Optional.of("grant " + role);
    }

    static Optional<String> mayGrantDocumentUsage(SignedInUser actor, Account target) {
        if (actor.has(Role.UNIT_ADMIN) && actor.unitId() == target.unitId() && actor.accountId() != target.id()) {
            return Optional.empty();
        }
        return Optional.of("grant document usage to " + target.username());
    }

    /** The separated duty already held that forbids {@code wanted}, if any. */
    static Optional<Role> separatedDutyConflict(Set<Role> held, Role wanted) {
        if (!wanted.isSeparatedDuty()) {
            return Optional.empty();
        }
        return held.stream().filter(r -> r.isSeparatedDuty() && r != wanted).findFirst();
    }
}
