package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.RosterAccessPolicy.Activity;
import org.sealpost.server.unit.RosterAccessPolicy.Verdict;

class RosterAccessPolicyTest {

    private final RosterAccessPolicy policy = new RosterAccessPolicy();
    private final UnitRef bankA = new UnitRef(10, "HZB", "杭州银行", UnitCategory.CITY_COMMERCIAL_BANK);
    private final UnitRef bankB = new UnitRef(11, "WZB", "温州银行", UnitCategory.CITY_COMMERCIAL_BANK);

    private static SignedInUser in(UnitRef unit, Role... roles) {
        return new SignedInUser(1, "u", "u", unit.id(), unit.code(), Set.of(roles));
    }

    private static SignedInUser regulator(Role... roles) {
        return new SignedInUser(2, "r", "r", 2, "ZJBRC-OFFICE", Set.of(roles));
    }

    @Test
    void unitAdminEditsAndConfirmsOwnUnitWithFullPhones() {
        SignedInUser admin = in(bankA, Role.UNIT_ADMIN);
        for (Activity activity : Activity.values()) {
            assertThat(policy.decide(admin, bankA, activity)).isEqualTo(new Verdict.Allowed(true));
        }
    }

    @Test
    void anotherUnitsAdminDoesNotEvenSeeTheRoster() {
        SignedInUser admin = in(bankA, Role.UNIT_ADMIN);
        for (Activity activity : Activity.values()) {
            assertThat(policy.decide(admin, bankB, activity))
                    .isInstanceOfSatisfying(
                            Verdict.Refused.class, r -> assertThat(r.hidden()).isTrue());
        }
    }

    @Test
    void operatorsAndLeadersSeeOwnRosterInFullButCannotEditIt() {
        for (Role role : new Role[] {Role.OPERATOR_A, Role.OPERATOR_B, Role.UNIT_LEADER}) {
            SignedInUser user = in(bankA, role);
            assertThat(policy.decide(user, bankA, Activity.VIEW)).isEqualTo(new Verdict.Allowed(true));
            assertThat(policy.decide(user, bankA, Activity.EDIT))
                    .isEqualTo(new Verdict.Refused(false, "roster.refused.edit"));
        }
    }

    @Test
    void officeEditsAnyUnitButDoesNotConfirmForIt() {
        SignedInUser office = regulator(Role.OFFICE_STAFF);
        assertThat(policy.decide(office, bankB, Activity.EDIT)).isEqualTo(new Verdict.Allowed(true));
        assertThat(policy.decide(office, bankB, Activity.VIEW_CHANGES)).isEqualTo(new Verdict.Allowed(true));
        assertThat(policy.decide(office, bankB, Activity.CONFIRM))
                .isEqualTo(new Verdict.Refused(false, "roster.refused.confirm"));
    }

    @Test
    void regulatorDepartmentsAndSystemAdminSeeMaskedPhonesOnly() {
        for (Role role : new Role[] {Role.DEPT_STAFF, Role.DEPT_HEAD, Role.SYSTEM_ADMIN}) {
            SignedInUser user = regulator(role);
            assertThat(policy.decide(user, bankA, Activity.VIEW)).isEqualTo(new Verdict.Allowed(false));
            assertThat(policy.decide(user, bankA, Activity.EDIT)).isInstanceOf(Verdict.Refused.class);
            assertThat(policy.decide(user, bankA, Activity.VIEW_CHANGES)).isInstanceOf(Verdict.Refused.class);
        }
    }

    @Test
    void securityAdminAndAuditorDoNotSeeOtherUnitsRosters() {
        for (Role role : new Role[] {Role.SECURITY_ADMIN, Role.AUDITOR}) {
            assertThat(policy.decide(regulator(role), bankA, Activity.VIEW))
                    .isEqualTo(new Verdict.Refused(true, "unit.error.not-found"));
        }
    }
}
