package org.sealpost.server.audit;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.support.Audits;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * SECURITY.md L01 for the cross-cutting cases and the admin actions found unaudited by the survey.
 * Denials: a signed-in user refused by the URL rules (web and API) or by a use
 * case leaves exactly one ACCESS_DENIED row naming who, from where and what; an anonymous request
 * is sent to sign in and leaves none; the allowed action leaves exactly its own row.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class AuditCoverageIT {

    static final String ACCESS_DENIED = "ACCESS_DENIED";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SystemCa ca;

    SignedInUser operator;
    SignedInUser auditor;
    Audits audits;

    @BeforeEach
    void people() {
        TestAccounts accounts = new TestAccounts(jdbc);
        accounts.standardUnits();
        operator = user(accounts, "denied-op", Role.OPERATOR_B);
        auditor = user(accounts, "denial-auditor", Role.AUDITOR);
        ca.ensureCreated();
        audits = new Audits(jdbc);
    }

    @Test
    void aPageTheRolesDoNotAllowIsAuditedOnce() throws Exception {
        mvc.perform(get("/audit").with(as(operator))).andExpect(status().isForbidden());
        audits.assertOne(ACCESS_DENIED, "denied-op", "GET /audit", false);
    }

    @Test
    void anApiEndpointTheRolesDoNotAllowIsAuditedOnce() throws Exception {
        mvc.perform(get("/actuator/prometheus").with(as(operator))).andExpect(status().isForbidden());
        audits.assertOne(ACCESS_DENIED, "denied-op", "GET /actuator/prometheus", false);
    }

    @Test
    void aUseCaseRefusalIsAuditedOnceAndTheActionNotAtAll() throws Exception {
        mvc.perform(get("/api/v1/audit/verify").with(as(operator))).andExpect(status().isForbidden());
        audits.assertOne(ACCESS_DENIED, "denied-op", "GET /api/v1/audit/verify", false);
        audits.assertNone("AUDIT_VERIFIED");
    }

    @Test
    void theAllowedActionLeavesItsOwnRowAndNoDenial() throws Exception {
        mvc.perform(get("/api/v1/audit/verify").with(as(auditor))).andExpect(status().isOk());
        audits.assertOne("AUDIT_VERIFIED", "denial-auditor", "audit-chain");
        audits.assertNone(ACCESS_DENIED);
    }

    @Test
    void anAnonymousRequestIsSentToSignInNotAuditedAsADenial() throws Exception {
        mvc.perform(get("/audit")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/audit/verify")).andExpect(status().isUnauthorized());
        audits.assertNone(ACCESS_DENIED);
    }

    @Test
    void registeringAndChangingAUnitAreAuditedOnceEach() throws Exception {
        SignedInUser admin = user(new TestAccounts(jdbc), "units-sysadmin", Role.SYSTEM_ADMIN);
        String code = "AUDIT-U" + System.nanoTime() % 100_000;
        mvc.perform(post("/units/new")
                        .with(as(admin))
                        .with(csrf())
                        .param("code", code)
                        .param("name", "审计测试银行")
                        .param("category", "TRUST_COMPANY")
                        .param("active", "true"))
                .andExpect(status().isFound());
        audits.assertOne("UNIT_REGISTERED", "units-sysadmin", "unit:" + code, true);
        audits.assertNone("UNIT_CHANGED");
        audits.assertNone(ACCESS_DENIED);
    }

    private SignedInUser user(TestAccounts accounts, String username, Role role) {
        Long id = jdbc.query(
                "SELECT id FROM account WHERE username = ?", rs -> rs.next() ? rs.getLong(1) : null, username);
        if (id == null) {
            id = accounts.account(username, "ZJBRC", role);
        }
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC'", Long.class);
        return new SignedInUser(id, username, username, unitId, "ZJBRC", Set.of(role));
    }

    private static RequestPostProcessor as(SignedInUser user) {
        var authorities = user.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
        return SecurityMockMvcRequestPostProcessors.authentication(
                new UsernamePasswordAuthenticationToken(user, null, authorities));
    }
}
