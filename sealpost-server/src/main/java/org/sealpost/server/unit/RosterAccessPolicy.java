package org.sealpost.server.unit;

import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;

/**
 * Who may do what with a unit's roster and contacts (C02, D02). The unit itself and the regulator
 * office see phones and e-mail addresses in full; the regulator's departments and the system admin
 * see the roster with them masked; every other unit does not see it at all (answered as "not found").
 */
public final class RosterAccessPolicy {

    public enum Activity {
        VIEW,
        EDIT,
        CONFIRM,
        VIEW_CHANGES
    }

    /** The policy's answer: allowed (with or without full phones), or refused with a reason. */
    public sealed interface Verdict {
        record Allowed(boolean fullPhones) implements Verdict {}

        /** {@code hidden}: the caller may not even learn that the unit's roster exists. */
        record Refused(boolean hidden, String reasonKey) implements Verdict {}
    }

    public Verdict decide(SignedInUser user, UnitRef unit, Activity activity) {
        boolean own = user.unitId() == unit.id();
        boolean office = user.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR);
        boolean regulatorReader = user.hasAny(Role.DEPT_STAFF, Role.DEPT_HEAD, Role.SYSTEM_ADMIN);
        if (!own && !office && !regulatorReader) {
            return new Verdict.Refused(true, "unit.error.not-found");
        }
        boolean fullPhones = own || office;
        return switch (activity) {
            case VIEW -> new Verdict.Allowed(fullPhones);
            case EDIT ->
                office || (own && user.has(Role.UNIT_ADMIN))
                        ? new Verdict.Allowed(true)
                        : new Verdict.Refused(false, "roster.refused.edit");
            case CONFIRM ->
                own && user.has(Role.UNIT_ADMIN)
                        ? new Verdict.Allowed(true)
                        : new Verdict.Refused(false, "roster.refused.confirm");
            case VIEW_CHANGES ->
                fullPhones ? new Verdict.Allowed(true) : new Verdict.Refused(false, "roster.refused.changes");
        };
    }

    /** Throws the matching {@link UnitException} unless allowed; returns whether phones show in full. */
    public boolean require(SignedInUser user, UnitRef unit, Activity activity) {
        Verdict verdict = decide(user, unit, activity);
        if (verdict instanceof Verdict.Allowed allowed) {
            return allowed.fullPhones();
        }
        Verdict.Refused refused = (Verdict.Refused) verdict;
        if (refused.hidden()) {
            throw new UnitException.UnitNotFound(unit.code());
        }
        throw new UnitException.AccessRefused(refused.reasonKey());
    }

    public boolean allows(SignedInUser user, UnitRef unit, Activity activity) {
        return decide(user, unit, activity) instanceof Verdict.Allowed;
    }
}
