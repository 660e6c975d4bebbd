package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * SECURITY.md R08: sign-in limited per client address and per username, the API per token; over a
 * limit the answer is 429 with Retry-After, before any password is checked (so the lockout count
 * does not move), and the limit frees up as the injected clock moves on.
 */
@SpringBootTest(
        properties = {
            "sealpost.security.rate-limits.period=1m",
            "sealpost.security.rate-limits.sign-in-per-address=4",
            "sealpost.security.rate-limits.sign-in-per-account=2",
            "sealpost.security.rate-limits.api-per-token=3"
        })
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class AntiAutomationIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestClock clock;

    @Autowired
    ApiTokens tokens;

    TestAccounts fixtures;
    static int counter;
    static int address = 10;

    @BeforeEach
    void accounts() {
        clock.reset();
        fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
    }

    /** Each test signs in from its own addresses, so their buckets never meet. */
    static String nextAddress() {
        return "198.51.100." + (++address);
    }

    static RequestPostProcessor from(String ip) {
        return r -> {
            r.setRemoteAddr(ip);
            return r;
        };
    }

    MockHttpServletResponse form(String user, String password, String ip) throws Exception {
        return mvc.perform(post("/login")
                        .param("username", user)
                        .param("password", password)
                        .with(csrf())
                        .with(from(ip)))
                .andReturn()
                .getResponse();
    }

    @Test
    void thirdSignInForOneAccountWithinTheMinuteGets429AndDoesNotCountTowardsTheLockout() throws Exception {
        String user = "rl-user-" + (++counter);
        fixtures.account(user, "ICBC-ZJ", Role.OPERATOR_A);
        assertThat(form(user, "wrong-password-123", nextAddress()).getRedirectedUrl())
                .endsWith("/login?error");
        assertThat(form(user, "wrong-password-123", nextAddress()).getRedirectedUrl())
                .endsWith("/login?error");

        MockHttpServletResponse third = form(user, TestAccounts.PASSWORD, nextAddress());
        assertThat(third.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(third.getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(third.getContentAsString()).contains("Too many sign-in attempts");
        // the username in another case is the same account
        assertThat(form(user.toUpperCase(), TestAccounts.PASSWORD, nextAddress())
                        .getStatus())
                .isEqualTo(429);
        assertThat(jdbc.queryForObject("SELECT failed_logins FROM account WHERE username = ?", Integer.class, user))
                .isEqualTo(2);

        clock.advance(Duration.ofSeconds(31)); // one permit back (2 per minute)
        MockHttpServletResponse later = form(user, TestAccounts.PASSWORD, nextAddress());
        assertThat(later.getStatus()).isEqualTo(302);
        assertThat(later.getRedirectedUrl()).doesNotContain("error");
    }

    @Test
    void oneAddressTryingManyAccountsIsSlowedDownOtherAddressesAreNot() throws Exception {
        String ip = nextAddress();
        for (int i = 0; i < 4; i++) {
            assertThat(form("nobody-" + (++counter), "wrong-password-123", ip).getStatus())
                    .isEqualTo(302);
        }
        MockHttpServletResponse fifth = form("nobody-" + (++counter), "wrong-password-123", ip);
        assertThat(fifth.getStatus()).isEqualTo(429);
        assertThat(fifth.getHeader("Retry-After")).isEqualTo("15");
        assertThat(form("nobody-" + (++counter), "wrong-password-123", nextAddress())
                        .getStatus())
                .isEqualTo(302);
    }

    @Test
    void apiSignInIsLimitedPerAccountWithAProblemAndRetryAfter() throws Exception {
        String user = "rl-api-" + (++counter);
        fixtures.account(user, "ICBC-ZJ", Role.OPERATOR_A);
        String body = "{\"username\":\"" + user + "\",\"password\":\"wrong-password-123\"}";
        for (int i = 0; i < 2; i++) {
            assertThat(mvc.perform(post("/api/v1/sign-in")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body)
                                    .with(from(nextAddress())))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(401);
        }
        MockHttpServletResponse r = mvc.perform(post("/api/v1/sign-in")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(from(nextAddress())))
                .andReturn()
                .getResponse();
        assertThat(r.getStatus()).isEqualTo(429);
        assertThat(r.getHeader("Retry-After")).isEqualTo("30");
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getContentAsString()).contains("\"code\":\"rate-limited\"");
    }

    @Test
    void apiIsLimitedPerTokenAndFreesUpWithTime() throws Exception {
        String name = "rl-token-" + (++counter);
        long id = fixtures.account(name, "ICBC-ZJ", Role.OPERATOR_A);
        long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ICBC-ZJ'", Long.class);
        SignedInUser owner = new SignedInUser(id, name, "测试", unit, "ICBC-ZJ", Set.of(Role.OPERATOR_A));
        String token = tokens.create(owner, "a", Duration.ofDays(1)).value().reveal();
        String other = tokens.create(owner, "b", Duration.ofDays(1)).value().reveal();
        for (int i = 0; i < 3; i++) {
            assertThat(me(token).getStatus()).isEqualTo(200);
        }
        MockHttpServletResponse over = me(token);
        assertThat(over.getStatus()).isEqualTo(429);
        assertThat(over.getHeader("Retry-After")).isEqualTo("20");
        assertThat(over.getContentAsString()).contains("\"code\":\"rate-limited\"");
        assertThat(me(other).getStatus()).isEqualTo(200);
        // made-up tokens are counted too: guessing is throttled like using
        String guess = "spt_" + "A".repeat(43);
        for (int i = 0; i < 3; i++) {
            assertThat(me(guess).getStatus()).isEqualTo(401);
        }
        assertThat(me(guess).getStatus()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(20));
        assertThat(me(token).getStatus()).isEqualTo(200);
        assertThat(me(token).getStatus()).isEqualTo(429);
    }

    private MockHttpServletResponse me(String token) throws Exception {
        return mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse();
    }
}
