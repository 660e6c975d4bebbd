package org.sealpost.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.core.token.Token;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.SendingDocuments;
import org.sealpost.server.identity.ApiTokens;
import org.sealpost.server.identity.ManagingAccounts;
import org.sealpost.server.pki.KeysProperties;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.UnitKeySessions;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.support.TestClock;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Unit key sessions over HTTP with real bearer tokens: one unlock signs for two deliveries, the
 * session ends after the idle time, on DELETE, on web sign-out, on revocation, when its API token is
 * revoked and when an administrator ends the account's sign-ins, is not shared
 * with another user of the unit or another sign-in, a PIN-less act without a session is a 400
 * naming the PIN, and with sessions off the PIN is needed every time. On H2 and PostgreSQL.
 */
// its own context (and database): other ITs importing TestClock expect units without keys
@SpringBootTest(properties = "sealpost.keys.unit-session-max=PT8H")
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class UnitKeySessionIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UnitKeys unitKeys;

    @Autowired
    UnitKeySessions sessions;

    @Autowired
    UnitDirectory units;

    @Autowired
    ComposingDocuments composing;

    @Autowired
    SendingDocuments sending;

    @Autowired
    ApiTokens apiTokens;

    @Autowired
    ManagingAccounts accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    TestClock clock;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    DeliveryFixtures fixtures;
    SignedInUser icbcA;
    SignedInUser icbcB;

    @BeforeEach
    void setUp() {
        clock.reset();
        fixtures = new DeliveryFixtures(jdbc, unitKeys, units, composing, sending);
        fixtures.units("NBCB-KS");
        icbcA = fixtures.user("ks-icbc-a", "ICBC-ZJ", Role.OPERATOR_A);
        icbcB = fixtures.user("ks-icbc-b", "ICBC-ZJ", Role.OPERATOR_B);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    String bearer(SignedInUser user) {
        return "Bearer "
                + apiTokens.create(user, "ks", Duration.ofDays(1)).value().reveal();
    }

    ResultActions unlock(String bearer, String pin) throws Exception {
        return mvc.perform(post("/api/v1/unit-key/unlock")
                .header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"pin\":\"" + pin + "\"}"));
    }

    ResultActions sign(String bearer, long delivery, String body) throws Exception {
        return mvc.perform(post("/api/v1/deliveries/" + delivery + "/sign")
                .header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    int audits(String type, String actor) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE event_type = ? AND actor = ?", Integer.class, type, actor);
    }

    @Test
    void oneUnlockSignsForTwoDeliveriesWithoutThePin() throws Exception {
        long first = fixtures.send("ICBC-ZJ", "会话签收一", "NORMAL");
        long second = fixtures.send("ICBC-ZJ", "会话签收二", "NORMAL");
        String a = bearer(icbcA);
        int unlocked = audits("UNIT_KEY_UNLOCKED", "ks-icbc-a");
        int locked = audits("UNIT_KEY_LOCKED", "ks-icbc-a");
        unlock(a, DeliveryFixtures.PIN)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unit").value("ICBC-ZJ"));
        sign(a, first, "{}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.receipt").exists());
        sign(a, second, "{}").andExpect(status().isOk());
        assertThat(audits("UNIT_KEY_UNLOCKED", "ks-icbc-a")).isEqualTo(unlocked + 1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'DELIVERY_SIGNED' AND success = TRUE"
                                + " AND object_ref IN (?, ?)",
                        Integer.class,
                        "delivery:" + first,
                        "delivery:" + second))
                .isEqualTo(2);

        mvc.perform(delete("/api/v1/unit-key").header("Authorization", a)).andExpect(status().isNoContent());
        assertThat(audits("UNIT_KEY_LOCKED", "ks-icbc-a")).isEqualTo(locked + 1);
        long third = fixtures.send("ICBC-ZJ", "会话签收三", "NORMAL");
        sign(a, third, "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.unit-pin-required"));
    }

    @Test
    void aPinLessActWithoutASessionAsksForThePin() throws Exception {
        long d = fixtures.send("ICBC-ZJ", "无会话", "NORMAL");
        sign(bearer(icbcA), d, "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.unit-pin-required"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("locked")));
        assertThat(jdbc.queryForObject("SELECT state FROM delivery WHERE id = ?", String.class, d))
                .isNotEqualTo("SIGNED");
    }

    @Test
    void theSessionEndsAfterTheIdleTime() throws Exception {
        long d = fixtures.send("ICBC-ZJ", "空闲超时", "NORMAL");
        String a = bearer(icbcA);
        unlock(a, DeliveryFixtures.PIN).andExpect(status().isOk());
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        sign(a, d, "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.unit-pin-required"));
        // a PIN on the act still works and opens a new session
        sign(a, d, "{\"pin\":\"" + DeliveryFixtures.PIN + "\"}").andExpect(status().isOk());
    }

    @Test
    void anotherUserOrAnotherSignInOfTheUnitDoesNotGetTheSession() throws Exception {
        long d = fixtures.send("ICBC-ZJ", "他人会话", "NORMAL");
        unlock(bearer(icbcA), DeliveryFixtures.PIN).andExpect(status().isOk());
        sign(bearer(icbcB), d, "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.unit-pin-required"));
        sign(bearer(icbcA), d, "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.unit-pin-required"));
    }

    @Test
    void aWrongPinOnUnlockCountsAndOpensNothing() throws Exception {
        String a = bearer(icbcA);
        int unlocked = audits("UNIT_KEY_UNLOCKED", "ks-icbc-a");
        unlock(a, "00000000")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("pki.wrong-pin"))
                .andExpect(jsonPath("$.remainingAttempts").value(4));
        assertThat(audits("UNIT_KEY_UNLOCKED", "ks-icbc-a")).isEqualTo(unlocked);
        unlock(a, DeliveryFixtures.PIN).andExpect(status().isOk());
        assertThat(unitKeys.current("ICBC-ZJ").orElseThrow().failedAttempts()).isZero();
    }

    @Test
    void signingOutOfTheWebEndsTheSession() {
        // the web UI's forms reach the key through the web session; the sign-out event ends it
        MockHttpSession web = new MockHttpSession();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(web);
        request.setRequestedSessionId(web.getId());
        var auth = new UsernamePasswordAuthenticationToken(icbcA, null, java.util.List.of());
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            int lockedBefore = audits("UNIT_KEY_LOCKED", "ks-icbc-a");
            sessions.acquire("ICBC-ZJ", DeliveryFixtures.PIN.toCharArray()).close();
            sessions.acquire("ICBC-ZJ", null).close();
            events.publishEvent(new org.springframework.security.authentication.event.LogoutSuccessEvent(auth));
            assertThat(audits("UNIT_KEY_LOCKED", "ks-icbc-a")).isEqualTo(lockedBefore + 1);
            assertThatThrownBy(() -> sessions.acquire("ICBC-ZJ", null))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("unit-key-locked"));
        } finally {
            RequestContextHolder.resetRequestAttributes();
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void sendingWithAnOpenSessionChecksThePinAgainstItAndAWrongPinStillCountsAndEndsIt() {
        // the office's operator has the office key open (web sign-in); a send still needs the PIN,
        // but checks it against the session instead of deriving it again (no new unlock)
        SignedInUser office = fixtures.office();
        MockHttpSession web = new MockHttpSession();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(web);
        request.setRequestedSessionId(web.getId());
        var auth = new UsernamePasswordAuthenticationToken(office, null, java.util.List.of());
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            sessions.acquire(DeliveryFixtures.SENDER, DeliveryFixtures.PIN.toCharArray())
                    .close();
            int unlocked = audits("UNIT_KEY_UNLOCKED", "office1");
            int locked = audits("UNIT_KEY_LOCKED", "office1");

            long d = fixtures.send("ICBC-ZJ", "会话发文", "NORMAL");

            assertThat(d).isPositive();
            assertThat(audits("UNIT_KEY_UNLOCKED", "office1"))
                    .as("the session's key was used: no second unlock")
                    .isEqualTo(unlocked);
            assertThat(audits("UNIT_KEY_LOCKED", "office1")).isEqualTo(locked);

            // the PIN is still required, and still checked
            assertThatThrownBy(
                            () -> fixtures.send("ICBC-ZJ", "会话发文错误口令", "NORMAL", DeliveryFixtures.pdf("x"), "13579246"))
                    .isInstanceOfSatisfying(
                            org.sealpost.server.document.DocumentException.class,
                            e -> assertThat(e.code()).isEqualTo("document.unit-key.wrong-pin"));
            assertThat(unitKeys.current(DeliveryFixtures.SENDER).orElseThrow().failedAttempts())
                    .as("a wrong PIN at send counts even with a session open")
                    .isEqualTo(1);
            assertThat(audits("UNIT_KEY_LOCKED", "office1"))
                    .as("and ends the session")
                    .isEqualTo(locked + 1);
            assertThatThrownBy(() -> sessions.acquire(DeliveryFixtures.SENDER, null))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("unit-key-locked"));

            // the right PIN again: a full unlock, which resets the counter and opens a new session
            fixtures.send("ICBC-ZJ", "会话发文再开", "NORMAL");
            assertThat(unitKeys.current(DeliveryFixtures.SENDER).orElseThrow().failedAttempts())
                    .isZero();
            assertThat(audits("UNIT_KEY_UNLOCKED", "office1")).isEqualTo(unlocked + 1);
        } finally {
            sessions.lock(office);
            RequestContextHolder.resetRequestAttributes();
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void revokingTheUnitsCertificatesEndsItsSessions() throws Exception {
        SignedInUser nbcb = fixtures.user("ks-nbcb-a", "NBCB-KS", Role.OPERATOR_A);
        long d = fixtures.send("NBCB-KS", "吊销", "NORMAL");
        String n = bearer(nbcb);
        unlock(n, DeliveryFixtures.PIN).andExpect(status().isOk());
        int open = sessions.openSessions();
        unitKeys.revoke(fixtures.user("ks-sec", "ZJBRC-OFFICE", Role.SECURITY_ADMIN), "NBCB-KS", 1);
        assertThat(sessions.openSessions()).isEqualTo(open - 1);
        sign(n, d, "{}").andExpect(status().isBadRequest());
    }

    @Test
    void revokingTheApiTokenEndsOnlyItsSession() throws Exception {
        long d = fixtures.send("ICBC-ZJ", "注销令牌", "NORMAL");
        String revoked = bearer(icbcA);
        String other = bearer(icbcA);
        unlock(revoked, DeliveryFixtures.PIN).andExpect(status().isOk());
        unlock(other, DeliveryFixtures.PIN).andExpect(status().isOk());
        int open = sessions.openSessions();

        assertThat(apiTokens.revokePresented(icbcA, revoked.substring("Bearer ".length())))
                .isTrue();

        assertThat(sessions.openSessions()).isEqualTo(open - 1);
        sign(other, d, "{}").andExpect(status().isOk());
    }

    @Test
    void anAdministratorEndingTheAccountsSignInsEndsItsKeySessionsAtOnce() throws Exception {
        SignedInUser admin = fixtures.user("ks-icbc-admin", "ICBC-ZJ", Role.UNIT_ADMIN);
        unlock(bearer(icbcA), DeliveryFixtures.PIN).andExpect(status().isOk());
        int open = sessions.openSessions();
        int locked = audits("UNIT_KEY_LOCKED", "ks-icbc-a");
        try {
            accounts.setEnabled(admin, icbcA.accountId(), false);

            // every key session of the account (this test's and any earlier test left open) ends
            int ended = audits("UNIT_KEY_LOCKED", "ks-icbc-a") - locked;
            assertThat(ended).isPositive();
            assertThat(sessions.openSessions()).isEqualTo(open - ended);
            assertThat(jdbc.queryForList(
                            "SELECT detail FROM audit_event WHERE event_type = 'UNIT_KEY_LOCKED' AND actor = 'ks-icbc-a'"
                                    + " ORDER BY id DESC FETCH FIRST " + ended + " ROWS ONLY",
                            String.class))
                    .containsOnly("sign-in ended");
        } finally {
            accounts.setEnabled(admin, icbcA.accountId(), true);
        }
    }

    @Test
    void withSessionsOffThePinIsNeededForEveryAct() {
        KeysProperties off =
                new KeysProperties(null, null, null, null, null, null, null, null, null, null, Duration.ZERO, null);
        UnitKeySessions none = newSessions(off);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer spt_offline-test");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        SecurityContextHolder.getContext()
                .setAuthentication(new UsernamePasswordAuthenticationToken(icbcA, null, java.util.List.of()));
        try {
            assertThat(none.enabled()).isFalse();
            assertThatThrownBy(() -> none.unlock(icbcA, DeliveryFixtures.PIN.toCharArray()))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("unit-session-off"));
            Token token = none.acquire("ICBC-ZJ", DeliveryFixtures.PIN.toCharArray());
            token.close();
            assertThat(none.openSessions()).isZero();
            assertThatThrownBy(() -> none.acquire("ICBC-ZJ", null))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("unit-key-locked"));
            // the closed token is really closed: its keys are gone
            assertThatThrownBy(() -> token.sign(new byte[] {1})).isInstanceOf(Exception.class);
        } finally {
            RequestContextHolder.resetRequestAttributes();
            SecurityContextHolder.clearContext();
        }
    }

    UnitKeySessions newSessions(KeysProperties props) {
        try {
            var constructor = UnitKeySessions.class.getDeclaredConstructor(
                    UnitKeys.class,
                    AuditLog.class,
                    java.time.Clock.class,
                    java.security.SecureRandom.class,
                    KeysProperties.class);
            constructor.setAccessible(true);
            return constructor.newInstance(unitKeys, audit, clock, new java.security.SecureRandom(), props);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
