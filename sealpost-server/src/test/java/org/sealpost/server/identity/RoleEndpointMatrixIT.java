package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * SECURITY.md C01: function-level access by role, deny by default, as a data-driven matrix in
 * {@code src/test/resources/security/role-endpoint-matrix.csv}. Each role signs in as an account
 * of a unit where that role belongs (regulator roles at the regulator, others at a bank).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RoleEndpointMatrixIT {

    private static final Set<Role> REGULATOR_ROLES = EnumSet.of(
            Role.SYSTEM_ADMIN,
            Role.SECURITY_ADMIN,
            Role.AUDITOR,
            Role.OFFICE_STAFF,
            Role.OFFICE_DIRECTOR,
            Role.DEPT_STAFF,
            Role.DEPT_HEAD);

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void units() {
        new TestAccounts(jdbc).standardUnits();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvFileSource(resources = "/security/role-endpoint-matrix.csv", numLinesToSkip = 1)
    void roleGetsExpectedStatus(String role, String method, String path, int expected) throws Exception {
        MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path);
        if (!"GET".equals(method)) {
            request.with(csrf());
        }
        if (!"ANONYMOUS".equals(role)) {
            request.with(authentication(signedIn(Role.valueOf(role))));
        }
        int status = mvc.perform(request).andReturn().getResponse().getStatus();
        assertThat(status).as("%s %s %s", role, method, path).isEqualTo(expected);
    }

    private SignInToken signedIn(Role role) {
        String unitCode = REGULATOR_ROLES.contains(role) ? "ZJBRC" : "ICBC-ZJ";
        String username =
                "matrix-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        Long id = jdbc.query(
                "SELECT id FROM account WHERE username = ?", rs -> rs.next() ? rs.getLong(1) : null, username);
        if (id == null) {
            id = new TestAccounts(jdbc).account(username, unitCode, role);
        }
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        SignedInUser user = new SignedInUser(id, username, "矩阵 " + role, unitId, unitCode, Set.of(role));
        return new SignInToken(user, EnumSet.noneOf(PendingStep.class), Instant.now());
    }
}
