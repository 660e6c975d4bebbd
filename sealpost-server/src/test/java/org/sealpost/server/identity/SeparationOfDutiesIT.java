package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.AccountCommands.CreateAccount;
import org.sealpost.server.identity.AccountCommands.GrantRole;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** SECURITY.md C05 (三权分立), the unit admin's limits, and the document-usage grant (seed 公告 三). */
@SpringBootTest
@ActiveProfiles("test")
class SeparationOfDutiesIT {

    @Autowired
    ManagingAccounts accounts;

    @Autowired
    DocumentUsage documentUsage;

    @Autowired
    JdbcTemplate jdbc;

    static int counter;
    TestAccounts fixtures;
    int n;

    @BeforeEach
    void units() {
        fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
        n = ++counter;
    }

    SignedInUser user(String username, String unitCode, Role role) {
        long id = fixtures.account(username + "-" + n, unitCode, role);
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        return new SignedInUser(id, username + "-" + n, username, unitId, unitCode, Set.of(role));
    }

    @Test
    void securityAdminGrantsRolesButNotASecondSeparatedDuty() {
        SignedInUser secAdmin = user("sec", "ZJBRC", Role.SECURITY_ADMIN);
        SignedInUser sysAdmin = user("sys", "ZJBRC", Role.SYSTEM_ADMIN);
        SignedInUser staff = user("staff", "ZJBRC-OFFICE", Role.OFFICE_STAFF);

        assertThat(accounts.grantRole(secAdmin, new GrantRole(staff.accountId(), Role.OFFICE_DIRECTOR))
                        .roles())
                .contains(Role.OFFICE_DIRECTOR);
        assertThatThrownBy(() -> accounts.grantRole(secAdmin, new GrantRole(sysAdmin.accountId(), Role.AUDITOR)))
                .isInstanceOf(IdentityException.SeparatedDutiesConflict.class);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM account_role WHERE account_id = ?", Integer.class, sysAdmin.accountId()))
                .isEqualTo(1);
    }

    @Test
    void auditorCannotGrantRoles() {
        SignedInUser auditor = user("aud", "ZJBRC", Role.AUDITOR);
        SignedInUser staff = user("staff", "ZJBRC-OFFICE", Role.OFFICE_STAFF);
        assertThatThrownBy(() -> accounts.grantRole(auditor, new GrantRole(staff.accountId(), Role.OFFICE_DIRECTOR)))
                .isInstanceOf(IdentityException.class);
    }

    @Test
    void systemAdminCreatesAccountsButCannotGrantRoles() {
        SignedInUser sysAdmin = user("sys", "ZJBRC", Role.SYSTEM_ADMIN);
        var created = accounts.create(sysAdmin, new CreateAccount("new-person-" + n, "新同事", "CMB-HZ", Set.of()));
        assertThat(created.account().mustChangePassword()).isTrue();
        assertThat(created.oneTimePassword().length()).isEqualTo(20);
        assertThat(created.oneTimePassword().toString()).isEqualTo("[REDACTED]");
        assertThatThrownBy(() -> accounts.grantRole(
                        sysAdmin, new GrantRole(created.account().id(), Role.OPERATOR_A)))
                .isInstanceOf(IdentityException.NotPermitted.class);
    }

    @Test
    void nobodyGrantsRolesToThemselves() {
        SignedInUser secAdmin = user("sec", "ZJBRC", Role.SECURITY_ADMIN);
        assertThatThrownBy(() -> accounts.grantRole(secAdmin, new GrantRole(secAdmin.accountId(), Role.OFFICE_STAFF)))
                .isInstanceOf(IdentityException.NotPermitted.class);
    }

    @Test
    void unitAdminGrantsOnlyOperatorAndLeaderRolesInItsOwnUnit() {
        SignedInUser unitAdmin = user("icbc-admin", "ICBC-ZJ", Role.UNIT_ADMIN);
        var op = accounts.create(
                unitAdmin, new CreateAccount("icbc-new-" + n, "新操作员", "ICBC-ZJ", Set.of(Role.OPERATOR_B)));
        assertThat(op.account().roles()).containsExactly(Role.OPERATOR_B);
        assertThatThrownBy(() ->
                        accounts.grantRole(unitAdmin, new GrantRole(op.account().id(), Role.UNIT_ADMIN)))
                .isInstanceOf(IdentityException.NotPermitted.class);
        assertThatThrownBy(() -> accounts.create(unitAdmin, new CreateAccount("x-" + n, "x", "CMB-HZ", Set.of())))
                .isInstanceOf(IdentityException.NotPermitted.class);
        SignedInUser otherBank = user("cmb-b", "CMB-HZ", Role.OPERATOR_B);
        assertThatThrownBy(() -> accounts.view(unitAdmin, otherBank.accountId()))
                .isInstanceOf(IdentityException.AccountNotFound.class);
    }

    @Test
    void duplicateUsernameIsRefused() {
        SignedInUser sysAdmin = user("sys", "ZJBRC", Role.SYSTEM_ADMIN);
        accounts.create(sysAdmin, new CreateAccount("twin-" + n, "甲", "CMB-HZ", Set.of()));
        assertThatThrownBy(() -> accounts.create(sysAdmin, new CreateAccount("twin-" + n, "乙", "CMB-HZ", Set.of())))
                .isInstanceOf(IdentityException.DuplicateUsername.class);
    }

    @Test
    void nonOperatorUsesDocumentsOnlyAfterTheUnitAdminRecordsConsent() {
        SignedInUser unitAdmin = user("icbc-admin", "ICBC-ZJ", Role.UNIT_ADMIN);
        SignedInUser leader = user("icbc-leader", "ICBC-ZJ", Role.UNIT_LEADER);
        SignedInUser operator = user("icbc-a", "ICBC-ZJ", Role.OPERATOR_A);
        assertThat(documentUsage.mayUseDocuments(operator)).isTrue();
        assertThat(documentUsage.mayUseDocuments(leader)).isFalse();

        AccountView granted = accounts.grantDocumentUsage(unitAdmin, leader.accountId());
        assertThat(granted.documentUsageGrantedBy()).isEqualTo(unitAdmin.username());
        assertThat(granted.documentUsageGrantedAt()).isNotNull();
        assertThat(documentUsage.mayUseDocuments(leader)).isTrue();

        accounts.revokeDocumentUsage(unitAdmin, leader.accountId());
        assertThat(documentUsage.mayUseDocuments(leader)).isFalse();
        SignedInUser otherAdmin = user("cmb-admin", "CMB-HZ", Role.UNIT_ADMIN);
        assertThatThrownBy(() -> accounts.grantDocumentUsage(otherAdmin, leader.accountId()))
                .isInstanceOf(IdentityException.AccountNotFound.class);
    }
}
