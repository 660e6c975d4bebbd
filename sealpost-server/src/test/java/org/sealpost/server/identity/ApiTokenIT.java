package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** API tokens: shown once, stored hashed, revocable; the stateless API answers 401 problems. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ApiTokenIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    SignedInUser owner;

    @BeforeEach
    void account() {
        TestAccounts fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
        String name = "icbc-cli-" + System.nanoTime();
        long id = fixtures.account(name, "ICBC-ZJ", Role.OPERATOR_A);
        long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ICBC-ZJ'", Long.class);
        owner = new SignedInUser(id, name, "测试", unit, "ICBC-ZJ", Set.of(Role.OPERATOR_A));
    }

    private MockHttpServletResponse me(String token) throws Exception {
        return mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse();
    }

    @Test
    void tokenSignsTheCliInStatelesslyAndOnlyItsDigestIsStored() throws Exception {
        String token =
                tokens.create(owner, "laptop", Duration.ofDays(30)).value().reveal();
        assertThat(token).startsWith("spt_").hasSizeGreaterThanOrEqualTo(4 + 43);

        MockHttpServletResponse r = me(token);
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString())
                .contains("\"username\":\"" + owner.username() + "\"")
                .contains("\"unit\":\"ICBC-ZJ\"")
                .contains("\"unitName\":\"中国工商银行浙江省分行\"")
                .contains("\"roles\":[\"OPERATOR_A\"]");
        assertThat(r.getHeader("Set-Cookie")).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_token WHERE token_hash = ?", Integer.class, token))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT last_used_at FROM api_token WHERE account_id = ?", Object.class, owner.accountId()))
                .isNotNull();
    }

    @Test
    void lastUsedAtIsRewrittenAtMostOnceAMinute() throws Exception {
        var created = tokens.create(owner, "busy client", Duration.ofDays(1));
        String token = created.value().reveal();
        long id = created.token().id();
        OffsetDateTime recent =
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("UPDATE api_token SET last_used_at = ? WHERE id = ?", recent, id);

        assertThat(me(token).getStatus()).isEqualTo(200);
        assertThat(lastUsed(id)).isEqualTo(recent.toInstant());

        OffsetDateTime old = recent.minusMinutes(2);
        jdbc.update("UPDATE api_token SET last_used_at = ? WHERE id = ?", old, id);
        assertThat(me(token).getStatus()).isEqualTo(200);
        assertThat(lastUsed(id)).isAfter(recent.toInstant());

        // a time in the future (a clock that was set back) is corrected too
        jdbc.update("UPDATE api_token SET last_used_at = ? WHERE id = ?", recent.plusHours(1), id);
        assertThat(me(token).getStatus()).isEqualTo(200);
        assertThat(lastUsed(id)).isBefore(recent.plusHours(1).toInstant());
    }

    private Instant lastUsed(long tokenId) {
        return jdbc.queryForObject("SELECT last_used_at FROM api_token WHERE id = ?", OffsetDateTime.class, tokenId)
                .toInstant();
    }

    @Test
    void revokedUnknownOrMissingTokensGet401ProblemDetails() throws Exception {
        var created = tokens.create(owner, "old", null);
        String token = created.value().reveal();
        tokens.revoke(owner, created.token().id());
        for (MockHttpServletResponse r : new MockHttpServletResponse[] {
            me(token),
            me("spt_not-a-real-token"),
            mvc.perform(get("/api/v1/me")).andReturn().getResponse()
        }) {
            assertThat(r.getStatus()).isEqualTo(401);
            assertThat(r.getContentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void disabledAccountsTokenStopsWorking() throws Exception {
        String token = tokens.create(owner, "x", null).value().reveal();
        jdbc.update("UPDATE account SET enabled = FALSE WHERE id = ?", owner.accountId());
        assertThat(me(token).getStatus()).isEqualTo(401);
    }

    @Test
    void openApiDescribesTheMeEndpoint() throws Exception {
        assertThat(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getStatus())
                .isEqualTo(401);
        String token = tokens.create(owner, "docs", Duration.ofDays(1)).value().reveal();
        String docs = mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(docs).contains("/api/v1/me").contains("bearer");
    }
}
