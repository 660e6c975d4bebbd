package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** {@code POST /api/v1/sign-in}: the CLI's sign-in follows the form sign-in's rules and gets an API token. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ApiSignInIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountStore accounts;

    @Autowired
    TwoFactor twoFactor;

    TestAccounts fixtures;
    String name;
    long accountId;

    @BeforeEach
    void account() {
        fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
        name = "cli-" + System.nanoTime();
        accountId = fixtures.account(name, "ICBC-ZJ", Role.OPERATOR_A);
    }

    /** The Spring context (and its database) is shared with other tests: leave no policy behind. */
    @AfterEach
    void dropPolicy() {
        jdbc.update("DELETE FROM totp_required_role");
    }

    private MockHttpServletResponse signIn(String username, String password, String totp) throws Exception {
        String body = "{\"username\":" + quote(username) + ",\"password\":" + quote(password)
                + (totp == null ? "" : ",\"totp\":" + quote(totp)) + "}";
        return mvc.perform(post("/api/v1/sign-in")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn()
                .getResponse();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String token(MockHttpServletResponse r) throws Exception {
        Matcher m = Pattern.compile("\"token\":\"(spt_[A-Za-z0-9_-]+)\"").matcher(r.getContentAsString());
        assertThat(m.find()).as(r.getContentAsString()).isTrue();
        return m.group(1);
    }

    private MockHttpServletResponse me(String token) throws Exception {
        return mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse();
    }

    private int audited(String event, boolean success) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE actor = ? AND event_type = ? AND success = ?",
                Integer.class,
                name,
                event,
                success);
    }

    private static void assertRefused(MockHttpServletResponse r, int status, String code) throws Exception {
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(status);
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getContentAsString()).contains("\"code\":\"" + code + "\"").doesNotContain("spt_");
    }

    @Test
    void rightPasswordGetsAThirtyDayTokenThatWorksAndCanBeRevoked() throws Exception {
        MockHttpServletResponse r = signIn(name, TestAccounts.PASSWORD, null);
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
        assertThat(r.getHeader("Set-Cookie")).isNull();
        assertThat(r.getContentAsString())
                .contains("\"username\":\"" + name + "\"")
                .contains("\"unit\":\"ICBC-ZJ\"")
                .contains("\"expiresAt\":");
        String token = token(r);
        assertThat(me(token).getContentAsString()).contains("\"username\":\"" + name + "\"");

        var row =
                jdbc.queryForMap("SELECT name, created_at, expires_at FROM api_token WHERE account_id = ?", accountId);
        assertThat((String) row.get("name")).startsWith("CLI 20");
        Instant created = ((OffsetDateTime) jdbc.queryForObject(
                        "SELECT created_at FROM api_token WHERE account_id = ?", OffsetDateTime.class, accountId))
                .toInstant();
        Instant expires = jdbc.queryForObject(
                        "SELECT expires_at FROM api_token WHERE account_id = ?", OffsetDateTime.class, accountId)
                .toInstant();
        assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofDays(30));
        assertThat(audited("API_SIGN_IN", true)).isEqualTo(1);
        assertThat(audited("API_TOKEN_CREATED", true)).isEqualTo(1);

        // sealpost logout: revokes the token it presents
        assertThat(mvc.perform(delete("/api/v1/me/token").header("Authorization", "Bearer " + token))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
        assertThat(me(token).getStatus()).isEqualTo(401);
        assertThat(mvc.perform(delete("/api/v1/me/token"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(401);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswerAndAreAudited() throws Exception {
        MockHttpServletResponse wrong = signIn(name, "Not-The-Password-123", null);
        MockHttpServletResponse unknown = signIn("nobody-" + System.nanoTime(), "Not-The-Password-123", null);
        assertRefused(wrong, 401, "sign-in-failed");
        assertThat(unknown.getStatus()).isEqualTo(wrong.getStatus());
        assertThat(unknown.getContentAsString()).isEqualTo(wrong.getContentAsString());
        assertThat(audited("SIGN_IN", false)).isEqualTo(1);
        assertThat(audited("API_SIGN_IN", false)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_token WHERE account_id = ?", Integer.class, accountId))
                .isZero();
    }

    @Test
    void fiveFailuresLockTheAccountAndThenEvenTheRightPasswordIsRefusedTheSameWay() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertRefused(signIn(name, "Wrong-Password-" + i, null), 401, "sign-in-failed");
        }
        MockHttpServletResponse locked = signIn(name, TestAccounts.PASSWORD, null);
        assertRefused(locked, 401, "sign-in-failed");
        assertThat(locked.getContentAsString())
                .isEqualTo(signIn("nobody-" + System.nanoTime(), TestAccounts.PASSWORD, null)
                        .getContentAsString());
        assertThat(audited("ACCOUNT_LOCKED", true)).isEqualTo(1);
    }

    @Test
    void enrolledAuthenticatorRequiresAValidCodeAndWrongCodesCountAsFailures() throws Exception {
        String secret = Totp.newSecret(new SecureRandom());
        accounts.setTotp(accountId, secret, Instant.now());

        assertRefused(signIn(name, TestAccounts.PASSWORD, null), 401, "totp-required");
        String code = Totp.code(secret, Totp.step(Instant.now()));
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertRefused(signIn(name, TestAccounts.PASSWORD, wrong), 401, "totp-rejected");
        assertThat(jdbc.queryForObject("SELECT failed_logins FROM account WHERE id = ?", Integer.class, accountId))
                .isEqualTo(1);
        assertThat(audited("TOTP_VERIFY", false)).isEqualTo(1);

        MockHttpServletResponse ok = signIn(name, TestAccounts.PASSWORD, code);
        assertThat(ok.getStatus()).as(ok.getContentAsString()).isEqualTo(200);
        assertThat(me(token(ok)).getStatus()).isEqualTo(200);
        // the code is used up: replaying it is refused
        assertRefused(signIn(name, TestAccounts.PASSWORD, code), 401, "totp-rejected");
    }

    @Test
    void wrongCodesAfterTheRightPasswordStillReachTheLockout() throws Exception {
        String secret = Totp.newSecret(new SecureRandom());
        accounts.setTotp(accountId, secret, Instant.now());
        String code = Totp.code(secret, Totp.step(Instant.now()));
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            assertRefused(signIn(name, TestAccounts.PASSWORD, wrong), 401, "totp-rejected");
            // a sign-in without a code in between must not reset the count
            assertRefused(signIn(name, TestAccounts.PASSWORD, null), 401, "totp-required");
        }
        assertThat(jdbc.queryForObject("SELECT failed_logins FROM account WHERE id = ?", Integer.class, accountId))
                .isEqualTo(4);
        assertRefused(signIn(name, TestAccounts.PASSWORD, wrong), 401, "totp-rejected");
        assertRefused(signIn(name, TestAccounts.PASSWORD, code), 401, "sign-in-failed");
        assertThat(jdbc.queryForObject("SELECT locked_until FROM account WHERE id = ?", Object.class, accountId))
                .isNotNull();
    }

    @Test
    void roleThatRequiresTotpWithoutAnAuthenticatorIsSentToTheWebUi() throws Exception {
        long sec = fixtures.account("cli-sec-" + System.nanoTime(), "ZJBRC", Role.SECURITY_ADMIN);
        long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC'", Long.class);
        twoFactor.setRequired(
                new SignedInUser(sec, "sec", "安全", unit, "ZJBRC", Set.of(Role.SECURITY_ADMIN)), Role.OPERATOR_A, true);
        MockHttpServletResponse r = signIn(name, TestAccounts.PASSWORD, null);
        assertRefused(r, 403, "totp-enrolment-required");
        assertThat(r.getContentAsString()).contains("web UI");
        assertThat(audited("API_SIGN_IN", false)).isEqualTo(1);
    }

    @Test
    void expiredOrOneTimePasswordIsRefusedWithAReasonToChangeItInTheWebUi() throws Exception {
        jdbc.update(
                "UPDATE account SET password_changed_at = ? WHERE id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(91),
                accountId);
        MockHttpServletResponse r = signIn(name, TestAccounts.PASSWORD, null);
        assertRefused(r, 403, "password-change-required");
        assertThat(r.getContentAsString()).contains("web UI");

        String fresh = "cli-new-" + System.nanoTime();
        fixtures.account(fresh, "ICBC-ZJ", TestAccounts.PASSWORD, true, Role.OPERATOR_A);
        assertRefused(signIn(fresh, TestAccounts.PASSWORD, null), 403, "password-change-required");
    }

    @Test
    void malformedBodyIsA400AndOpenApiDescribesTheEndpoint() throws Exception {
        MockHttpServletResponse r = mvc.perform(post("/api/v1/sign-in")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andReturn()
                .getResponse();
        assertThat(r.getStatus()).isEqualTo(400);
        // the OpenAPI description needs a token (P02): anonymous 401, signed-in CLI reads it
        assertThat(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getStatus())
                .isEqualTo(401);
        String token = com.jayway.jsonpath.JsonPath.read(
                signIn(name, TestAccounts.PASSWORD, null).getContentAsString(), "$.token");
        String docs = mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(docs)
                .contains("/api/v1/sign-in")
                .contains("password-change-required")
                .contains("/api/v1/me/token");
    }
}
