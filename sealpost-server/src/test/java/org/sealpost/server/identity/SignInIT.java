package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.Audits;
import org.sealpost.server.support.Browser;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Sign-in, lockout, expiry and session rules (SECURITY.md A01–A04, A07, S01, S03), on H2 and PostgreSQL. */
class SignInIT {

    abstract static class Flows {
        @Autowired
        MockMvc mvc;

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        TestClock clock;

        TestAccounts fixtures;
        static int counter;
        String user;
        String admin;

        @BeforeEach
        void accounts() {
            clock.reset();
            jdbc.update("DELETE FROM totp_required_role");
            fixtures = new TestAccounts(jdbc);
            fixtures.standardUnits();
            user = "icbc-op-" + (++counter);
            admin = "icbc-admin-" + counter;
            fixtures.account(user, "ICBC-ZJ", Role.OPERATOR_B);
            fixtures.account(admin, "ICBC-ZJ", Role.UNIT_ADMIN);
        }

        @Test
        void signInGivesANewSessionIdAndSignOutEndsTheSessionOnTheServer() {
            Browser browser = new Browser(mvc);
            browser.perform(get("/login"));
            String before = browser.session();
            Audits audits = new Audits(jdbc);
            MvcResult signedIn = browser.signIn(user, TestAccounts.PASSWORD);
            assertThat(signedIn.getResponse().getRedirectedUrl()).isEqualTo("/");
            audits.assertOne("SIGN_IN", user, "account:" + user, true);
            String after = browser.session();
            assertThat(after).isNotNull().isNotEqualTo(before);
            assertThat(browser.perform(get("/")).getResponse().getStatus()).isEqualTo(200);

            MvcResult out = browser.perform(post("/logout").with(csrf()));
            assertThat(out.getResponse().getRedirectedUrl()).isEqualTo("/login?logout");
            audits.assertOne("SIGN_OUT", user, "account:" + user, true);
            Browser replay = new Browser(mvc);
            replay.useSession(after);
            MvcResult replayed = replay.perform(get("/"));
            assertThat(replayed.getResponse().getStatus()).isEqualTo(302);
            assertThat(replayed.getResponse().getRedirectedUrl()).endsWith("/login");
        }

        @Test
        void sixthSignInWithCorrectPasswordIsRefusedAfterFiveFailures() {
            Browser browser = new Browser(mvc);
            Audits audits = new Audits(jdbc);
            for (int i = 0; i < 5; i++) {
                assertThat(browser.signIn(user, "wrong-password-" + i)
                                .getResponse()
                                .getRedirectedUrl())
                        .isEqualTo("/login?error");
            }
            assertThat(browser.signIn(user, TestAccounts.PASSWORD).getResponse().getRedirectedUrl())
                    .isEqualTo("/login?error");
            audits.assertOne("ACCOUNT_LOCKED", user, "account:" + user, true);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM audit_event WHERE event_type = 'ACCOUNT_LOCKED' AND actor = ?",
                            Integer.class,
                            user))
                    .isEqualTo(1);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM audit_event WHERE event_type = 'SIGN_IN' AND NOT success AND actor = ?",
                            Integer.class,
                            user))
                    .isEqualTo(6);

            clock.advance(Duration.ofMinutes(31));
            assertThat(browser.signIn(user, TestAccounts.PASSWORD).getResponse().getRedirectedUrl())
                    .isEqualTo("/");
        }

        @Test
        void unknownUserAndWrongPasswordGetTheSameAnswer() {
            MvcResult unknown = new Browser(mvc).signIn("no-such-person", "Whatever-Password-123");
            MvcResult wrong = new Browser(mvc).signIn(user, "Whatever-Password-123");
            assertThat(unknown.getResponse().getStatus())
                    .isEqualTo(wrong.getResponse().getStatus());
            assertThat(unknown.getResponse().getRedirectedUrl())
                    .isEqualTo(wrong.getResponse().getRedirectedUrl());
            assertThat(unknown.getResponse().getContentAsByteArray())
                    .isEqualTo(wrong.getResponse().getContentAsByteArray());
        }

        @Test
        void passwordOlderThanTheMaximumAgeMustBeChangedBeforeAnythingElse() throws Exception {
            clock.advance(Duration.ofDays(91));
            Browser browser = new Browser(mvc);
            browser.signIn(user, TestAccounts.PASSWORD);
            assertThat(browser.perform(get("/")).getResponse().getRedirectedUrl())
                    .isEqualTo("/password/change");
            assertThat(browser.perform(get("/identity/tokens")).getResponse().getRedirectedUrl())
                    .isEqualTo("/password/change");

            MvcResult tooShort = browser.perform(post("/password/change")
                    .param("current", TestAccounts.PASSWORD)
                    .param("next", "Short-pw-11")
                    .param("confirm", "Short-pw-11")
                    .with(csrf()));
            assertThat(tooShort.getResponse().getStatus()).isEqualTo(400);

            String next = "Quiet-Meadow-Copper-Kite-91";
            MvcResult changed = browser.perform(post("/password/change")
                    .param("current", TestAccounts.PASSWORD)
                    .param("next", next)
                    .param("confirm", next)
                    .with(csrf()));
            assertThat(changed.getResponse().getRedirectedUrl()).isEqualTo("/?passwordChanged");
            assertThat(browser.perform(get("/")).getResponse().getStatus()).isEqualTo(200);
        }

        @Test
        void sessionEndsAtItsAbsoluteLifetimeHoweverActive() {
            Browser browser = new Browser(mvc);
            browser.signIn(user, TestAccounts.PASSWORD);
            for (int hour = 0; hour < 11; hour++) {
                clock.advance(Duration.ofHours(1));
                assertThat(browser.perform(get("/")).getResponse().getStatus()).isEqualTo(200);
            }
            clock.advance(Duration.ofHours(1).plusSeconds(1));
            assertThat(browser.perform(get("/")).getResponse().getRedirectedUrl())
                    .isEqualTo("/login?expired");
            assertThat(browser.perform(get("/")).getResponse().getRedirectedUrl())
                    .endsWith("/login");
        }

        @Test
        void disablingAnAccountEndsItsSessions() {
            Browser person = new Browser(mvc);
            person.signIn(user, TestAccounts.PASSWORD);
            assertThat(person.perform(get("/")).getResponse().getStatus()).isEqualTo(200);

            Browser unitAdmin = new Browser(mvc);
            unitAdmin.signIn(admin, TestAccounts.PASSWORD);
            long id = jdbc.queryForObject("SELECT id FROM account WHERE username = ?", Long.class, user);
            unitAdmin.perform(post("/identity/people/" + id + "/disable").with(csrf()));

            assertThat(person.perform(get("/")).getResponse().getRedirectedUrl())
                    .endsWith("/login");
            assertThat(new Browser(mvc)
                            .signIn(user, TestAccounts.PASSWORD)
                            .getResponse()
                            .getRedirectedUrl())
                    .isEqualTo("/login?error");
        }

        @Test
        void secondSignInEndsTheFirstSession() {
            Browser first = new Browser(mvc);
            first.signIn(user, TestAccounts.PASSWORD);
            Browser second = new Browser(mvc);
            second.signIn(user, TestAccounts.PASSWORD);
            assertThat(second.perform(get("/")).getResponse().getStatus()).isEqualTo(200);
            assertThat(first.perform(get("/")).getResponse().getRedirectedUrl()).startsWith("/login");
        }

        @Test
        void adminCanEndAPersonsSessions() {
            Browser person = new Browser(mvc);
            person.signIn(user, TestAccounts.PASSWORD);
            Browser unitAdmin = new Browser(mvc);
            unitAdmin.signIn(admin, TestAccounts.PASSWORD);
            long id = jdbc.queryForObject("SELECT id FROM account WHERE username = ?", Long.class, user);
            unitAdmin.perform(
                    post("/identity/people/" + id + "/sessions/terminate").with(csrf()));
            assertThat(person.perform(get("/")).getResponse().getRedirectedUrl())
                    .endsWith("/login");
            assertThat(unitAdmin.perform(get("/")).getResponse().getStatus()).isEqualTo(200);
        }

        @Test
        void passwordOf128CharactersSignsInExactlyAndNoPrefixDoes() {
            String longPassword = "Lantern-".repeat(16);
            assertThat(longPassword).hasSize(128);
            fixtures.account(user + "-long", "ICBC-ZJ", longPassword, false, Role.OPERATOR_A);
            assertThat(new Browser(mvc)
                            .signIn(user + "-long", longPassword.substring(0, 127))
                            .getResponse()
                            .getRedirectedUrl())
                    .isEqualTo("/login?error");
            assertThat(new Browser(mvc)
                            .signIn(user + "-long", longPassword)
                            .getResponse()
                            .getRedirectedUrl())
                    .isEqualTo("/");
        }
    }

    @Nested
    @SpringBootTest
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    @Import(TestClock.Config.class)
    class OnH2 extends Flows {}

    @Nested
    @SpringBootTest
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    @Import(TestClock.Config.class)
    @UsePostgres
    class OnPostgres extends Flows {}
}
