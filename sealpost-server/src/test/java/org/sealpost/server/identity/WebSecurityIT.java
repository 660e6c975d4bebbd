package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.Browser;
import org.sealpost.server.support.TestAccounts;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Headers (V03), CSRF (V04), cookies (S02), errors and logs (V06), no default accounts (A07). */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class WebSecurityIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    static int counter;
    String user;

    @BeforeEach
    void accounts() {
        TestAccounts fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
        user = "cmb-op-" + (++counter);
        fixtures.account(user, "CMB-HZ", Role.OPERATOR_A);
    }

    @Test
    void everyKindOfRouteSendsStrictHeaders() {
        Browser browser = new Browser(mvc);
        List<MockHttpServletResponse> responses = new java.util.ArrayList<>();
        responses.add(browser.perform(get("/login")).getResponse());
        responses.add(browser.perform(get("/api/v1/me")).getResponse());
        responses.add(browser.perform(get("/identity/tokens")).getResponse());
        browser.signIn(user, TestAccounts.PASSWORD);
        responses.add(browser.perform(get("/")).getResponse());
        responses.add(browser.perform(get("/no-such-page")).getResponse());
        for (MockHttpServletResponse r : responses) {
            String csp = r.getHeader("Content-Security-Policy");
            assertThat(csp)
                    .contains("default-src 'self'")
                    .contains("object-src 'none'")
                    .contains("base-uri 'none'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.getHeader("Referrer-Policy")).isEqualTo("same-origin");
            assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.getHeader("Cache-Control")).contains("no-store");
        }
        MockHttpServletResponse overTls = browser.perform(get("/").secure(true)).getResponse();
        assertThat(overTls.getHeader("Strict-Transport-Security")).contains("max-age=31536000");
    }

    @Test
    void pagesCarryNoInlineScript() throws Exception {
        Browser browser = new Browser(mvc);
        browser.signIn(user, TestAccounts.PASSWORD);
        String home = browser.perform(get("/")).getResponse().getContentAsString();
        assertThat(home).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
        assertThat(home).doesNotContain(" onclick=").doesNotContain(" style=\"");
    }

    @Test
    void storedScriptIsRenderedEscaped() throws Exception {
        jdbc.update("UPDATE account SET display_name = '<script>alert(1)</script>' WHERE username = ?", user);
        Browser browser = new Browser(mvc);
        browser.signIn(user, TestAccounts.PASSWORD);
        String home = browser.perform(get("/")).getResponse().getContentAsString();
        assertThat(home).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void postWithoutCsrfTokenIsForbidden() {
        Browser browser = new Browser(mvc);
        browser.signIn(user, TestAccounts.PASSWORD);
        assertThat(browser.perform(post("/identity/tokens").param("name", "cli"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(browser.perform(post("/logout")).getResponse().getStatus()).isEqualTo(403);
        assertThat(new Browser(mvc)
                        .perform(post("/login").param("username", user).param("password", TestAccounts.PASSWORD))
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void stateChangingGetIsNotAllowed() {
        Browser browser = new Browser(mvc);
        browser.signIn(user, TestAccounts.PASSWORD);
        assertThat(browser.perform(get("/identity/tokens/1/revoke"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(405);
    }

    @Test
    void sessionCookieIsHttpOnlySameSiteStrictAndNeverInUrls() {
        MvcResult result = new Browser(mvc).signIn(user, TestAccounts.PASSWORD);
        String setCookie = String.join("\n", result.getResponse().getHeaders("Set-Cookie"));
        assertThat(setCookie)
                .contains("SESSION=")
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/");
        assertThat(result.getResponse().getRedirectedUrl())
                .doesNotContainIgnoringCase("jsessionid")
                .doesNotContain("SESSION");
    }

    @Test
    void errorPagesAndProblemsShowNoInternals() throws Exception {
        Browser browser = new Browser(mvc);
        browser.signIn(user, TestAccounts.PASSWORD);
        MockHttpServletResponse page = browser.perform(get("/no-such-page")).getResponse();
        assertThat(page.getStatus()).isEqualTo(404);
        assertThat(page.getContentAsString()).doesNotContain("Exception").doesNotContain("at org.");
        MockHttpServletResponse api = browser.perform(get("/api/v1/me")).getResponse();
        assertThat(api.getStatus()).isEqualTo(401);
        assertThat(api.getContentType()).startsWith("application/problem+json");
        assertThat(api.getContentAsString())
                .contains("\"code\":\"unauthenticated\"")
                .doesNotContain("trace");
    }

    @Test
    void passwordsAndSessionIdsNeverReachTheLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        ch.qos.logback.classic.Level before = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            Browser browser = new Browser(mvc);
            browser.signIn(user, "Wrong-But-Secret-Guess-77");
            browser.signIn(user, TestAccounts.PASSWORD);
            browser.perform(get("/"));
            String session = browser.session();
            assertThat(captured.list).isNotEmpty();
            for (ILoggingEvent event : captured.list) {
                String line = event.getFormattedMessage()
                        + (event.getThrowableProxy() == null
                                ? ""
                                : event.getThrowableProxy().getMessage());
                assertThat(line)
                        .doesNotContain(TestAccounts.PASSWORD)
                        .doesNotContain("Wrong-But-Secret-Guess-77")
                        .doesNotContain(session)
                        .doesNotContain(new String(java.util.Base64.getDecoder().decode(session)));
            }
        } finally {
            root.setLevel(before);
            root.detachAppender(captured);
        }
    }

    @Test
    void thereAreNoDefaultAccounts() {
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM account WHERE username IN ('admin', 'root', 'administrator', 'sa', 'user')",
                        Integer.class))
                .isZero();
        assertThat(new Browser(mvc).signIn("admin", "admin").getResponse().getRedirectedUrl())
                .isEqualTo("/login?error");
    }
}
