package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.Browser;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * SECURITY.md P03: administrators (system admin, security admin, auditor) only from the allowed
 * networks; {@code X-Forwarded-For} believed only from a trusted proxy, so a client cannot claim
 * an allowed address by writing the header itself.
 */
@SpringBootTest(
        properties = {
            "sealpost.security.network.trusted-proxies=10.0.0.1,fd00::/8",
            "sealpost.security.network.admin-allowed=192.168.10.0/24"
        })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class AdminNetworkIT {

    static final String PROXY = "10.0.0.1";
    static final String ADMIN_LAN = "192.168.10.7";
    static final String OUTSIDE = "203.0.113.5";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokens tokens;

    TestAccounts fixtures;
    static int counter;

    @BeforeEach
    void units() {
        jdbc.update("DELETE FROM totp_required_role");
        fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
    }

    String token(String unitCode, Role role) {
        String name = "net-" + role.name().toLowerCase() + "-" + (++counter);
        long id = fixtures.account(name, unitCode, role);
        long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        return tokens.create(new SignedInUser(id, name, "测试", unit, unitCode, Set.of(role)), "t", Duration.ofDays(1))
                .value()
                .reveal();
    }

    static RequestPostProcessor from(String ip) {
        return r -> {
            r.setRemoteAddr(ip);
            return r;
        };
    }

    MockHttpServletResponse me(String token, String ip, String... forwardedFor) throws Exception {
        MockHttpServletRequestBuilder request =
                get("/api/v1/me").header("Authorization", "Bearer " + token).with(from(ip));
        for (String f : forwardedFor) {
            request = request.header("X-Forwarded-For", f);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    @Test
    void systemAdminFromOutsideTheAllowedNetworkGets403() throws Exception {
        String admin = token("ZJBRC", Role.SYSTEM_ADMIN);
        assertThat(me(admin, ADMIN_LAN).getStatus()).isEqualTo(200);
        MockHttpServletResponse outside = me(admin, OUTSIDE);
        assertThat(outside.getStatus()).isEqualTo(403);
        assertThat(outside.getContentAsString()).contains("\"code\":\"address-not-allowed\"");
        // operators work from anywhere: the banks are elsewhere
        assertThat(me(token("ICBC-ZJ", Role.OPERATOR_A), OUTSIDE).getStatus()).isEqualTo(200);
    }

    @Test
    void forgedForwardedForFromAnUntrustedHopIsIgnored() throws Exception {
        String auditor = token("ZJBRC", Role.AUDITOR);
        assertThat(me(auditor, OUTSIDE, ADMIN_LAN).getStatus()).isEqualTo(403);
        assertThat(me(auditor, OUTSIDE, ADMIN_LAN + ", " + PROXY).getStatus()).isEqualTo(403);
    }

    @Test
    void forwardedForFromTheTrustedProxyIsReadFromTheRight() throws Exception {
        String security = token("ZJBRC", Role.SECURITY_ADMIN);
        assertThat(me(security, PROXY, ADMIN_LAN).getStatus()).isEqualTo(200);
        // the client wrote an allowed address itself; the proxy appended the real one
        assertThat(me(security, PROXY, ADMIN_LAN + ", " + OUTSIDE).getStatus()).isEqualTo(403);
        // two headers (two proxies) count as one list; a trusted IPv6 proxy hop is skipped
        assertThat(me(security, PROXY, ADMIN_LAN, "fd00::5").getStatus()).isEqualTo(200);
        // garbage in the header stops at the hop that sent it: the proxy itself, not allowed
        assertThat(me(security, PROXY, "evil.example").getStatus()).isEqualTo(403);
    }

    @Test
    void auditTrailCarriesTheForwardedClientOnlyFromTheTrustedProxy() throws Exception {
        String user = "net-signin-" + (++counter);
        fixtures.account(user, "ICBC-ZJ", Role.OPERATOR_A);
        String body = "{\"username\":\"" + user + "\",\"password\":\"wrong-password-123\"}";
        mvc.perform(post("/api/v1/sign-in")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .header("X-Forwarded-For", "198.51.100.9")
                .with(from(PROXY)));
        mvc.perform(post("/api/v1/sign-in")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .header("X-Forwarded-For", "198.51.100.9")
                .with(from(OUTSIDE)));
        assertThat(jdbc.queryForList(
                        "SELECT ip FROM audit_event WHERE event_type = 'API_SIGN_IN' AND actor = ? ORDER BY seq",
                        String.class,
                        user))
                .containsExactly("198.51.100.9", OUTSIDE);
    }

    @Test
    void auditorPagesFromOutsideAreRefusedToo() {
        String auditor = "net-auditor-web-" + (++counter);
        fixtures.account(auditor, "ZJBRC", Role.AUDITOR);
        Browser lan = new Browser(mvc);
        lan.perform(post("/login")
                .param("username", auditor)
                .param("password", TestAccounts.PASSWORD)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .with(from(ADMIN_LAN)));
        assertThat(lan.perform(get("/audit").with(from(ADMIN_LAN)))
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        assertThat(lan.perform(get("/audit").with(from(OUTSIDE))).getResponse().getStatus())
                .isEqualTo(403);
    }
}
