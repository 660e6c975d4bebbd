package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.Browser;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** The security admin requires TOTP for a role; its people enrol at next sign-in; codes are single-use. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class TotpSignInIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TwoFactor twoFactor;

    @Autowired
    TestClock clock;

    /** The Spring context (and its database) is shared with other tests: leave no policy behind. */
    @org.junit.jupiter.api.AfterEach
    void dropPolicy() {
        jdbc.update("DELETE FROM totp_required_role");
    }

    @Test
    void requiredRoleEnrolsAtNextSignInAndReplayedCodeIsRefused() throws Exception {
        clock.reset();
        TestAccounts fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
        long secId = fixtures.account("totp-sec", "ZJBRC", Role.SECURITY_ADMIN);
        fixtures.account("totp-op", "ICBC-ZJ", Role.OPERATOR_B);
        long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC'", Long.class);
        twoFactor.setRequired(
                new SignedInUser(secId, "totp-sec", "安全", unit, "ZJBRC", Set.of(Role.SECURITY_ADMIN)),
                Role.OPERATOR_B,
                true);

        Browser browser = new Browser(mvc);
        browser.signIn("totp-op", TestAccounts.PASSWORD);
        assertThat(browser.perform(get("/")).getResponse().getRedirectedUrl()).isEqualTo("/totp/enrol");
        String page = browser.perform(get("/totp/enrol")).getResponse().getContentAsString();
        Matcher m = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<").matcher(page);
        assertThat(m.find()).isTrue();
        String secret = m.group(1);
        assertThat(browser.perform(get("/totp/enrol/qr.svg")).getResponse().getContentAsString())
                .startsWith("<svg");

        String code = Totp.code(secret, Totp.step(clock.instant()));
        assertThat(browser.perform(post("/totp/enrol").param("code", code).with(csrf()))
                        .getResponse()
                        .getRedirectedUrl())
                .isEqualTo("/?totpEnrolled");
        assertThat(browser.perform(get("/")).getResponse().getStatus()).isEqualTo(200);

        Browser again = new Browser(mvc);
        again.signIn("totp-op", TestAccounts.PASSWORD);
        assertThat(again.perform(get("/")).getResponse().getRedirectedUrl()).isEqualTo("/login/totp");
        assertThat(again.perform(post("/login/totp").param("code", code).with(csrf()))
                        .getResponse()
                        .getStatus())
                .isEqualTo(400);
        clock.advance(Duration.ofSeconds(30));
        String fresh = Totp.code(secret, Totp.step(clock.instant()));
        assertThat(again.perform(post("/login/totp").param("code", fresh).with(csrf()))
                        .getResponse()
                        .getRedirectedUrl())
                .isEqualTo("/");
        assertThat(again.perform(get("/")).getResponse().getStatus()).isEqualTo(200);
    }
}
