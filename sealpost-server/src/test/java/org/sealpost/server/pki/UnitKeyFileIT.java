package org.sealpost.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.CertificateRejectedException;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.KeyPurpose;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.DemoPeople;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.ObjectMapper;

/**
 * The unit-held copy of the unit key (end-to-end mode): the unit admin takes it as a PKCS#12 under
 * the unit PIN when the keys are issued or renewed, over the API and the web page; it opens with the
 * PIN, holds exactly the unit's current certificates and working keys, is audited, and nobody else
 * gets one. Runs on H2 and PostgreSQL (the two Failsafe executions).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class UnitKeyFileIT {

    private static final String PIN = "86420975";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UnitKeys unitKeys;

    @Autowired
    SystemCa ca;

    @Autowired
    TestClock clock;

    TestAccounts accounts;

    @BeforeEach
    void units() {
        clock.reset();
        accounts = new TestAccounts(jdbc);
        accounts.standardUnits();
        // units of this test only: PkiIT shares the cached context (and database) and expects
        // ICBC-ZJ and CMB-HZ as it left them (as PkiIT's own PKI-PARALLEL, city commercial banks)
        accounts.unit("KFA-ZJ", "测试甲银行", "CITY_COMMERCIAL_BANK");
        accounts.unit("KFB-HZ", "测试乙银行", "CITY_COMMERCIAL_BANK");
        accounts.unit("KFC-ZJ", "测试丙银行", "CITY_COMMERCIAL_BANK");
    }

    SignedInUser user(String username, String unitCode, Role... roles) {
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        List<Long> ids = jdbc.queryForList("SELECT id FROM account WHERE username = ?", Long.class, username);
        long id = ids.isEmpty() ? accounts.account(username, unitCode, roles) : ids.get(0);
        return new SignedInUser(id, username, "测试 " + username, unitId, unitCode, Set.of(roles));
    }

    ResultActions apiIssue(SignedInUser who, String unit, String body) throws Exception {
        return mvc.perform(post("/api/v1/pki/units/" + unit + "/keys")
                .with(DemoPeople.as(who))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    int audits(String actor, boolean success) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE event_type = 'PKI_UNIT_KEY_FILE_ISSUED' AND actor = ?"
                        + " AND success = ?",
                Integer.class,
                actor,
                success);
    }

    static Token open(byte[] p12, String pin) throws TokenException {
        return Pkcs12Token.open(new ByteArrayInputStream(p12), pin.toCharArray(), "unit.p12", new SecureRandom());
    }

    /** The file's keys are the unit's current ones: they sign for its certificate and open what is wrapped for it. */
    void assertHoldsTheCurrentKeys(byte[] p12, String unit) throws Exception {
        UnitKeys.UnitCredentials current = unitKeys.current(unit).orElseThrow();
        try (Token token = open(p12, PIN)) {
            assertThat(token.signingCertificate()).isEqualTo(current.signing());
            assertThat(token.encryptionCertificate()).contains(current.encryption());
            byte[] message = "签收回执".getBytes(StandardCharsets.UTF_8);
            assertThat(Sm2.verify(current.signing().getPublicKey(), message, token.sign(message)))
                    .isTrue();
            byte[] contentKey = new byte[16];
            new SecureRandom().nextBytes(contentKey);
            assertThat(token.decrypt(Sm2.encrypt(current.encryption().getPublicKey(), contentKey, new SecureRandom())))
                    .isEqualTo(contentKey);
        }
    }

    @Test
    void unitAdminTakesTheKeyFileAtIssueOverTheApiAndItOpensOnlyWithThePin() throws Exception {
        SignedInUser admin = user("kf-a-admin", "KFA-ZJ", Role.UNIT_ADMIN);
        String body = apiIssue(
                        admin, "KFA-ZJ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\",\"keyFile\":true}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.unit").value("KFA-ZJ"))
                .andExpect(jsonPath("$.keyFileName").value("KFA-ZJ.p12"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var json = new ObjectMapper().readTree(body);
        byte[] p12 = Base64.getDecoder().decode(json.path("keyFile").asString());
        UnitKeys.UnitCredentials current = unitKeys.current("KFA-ZJ").orElseThrow();
        assertThat(json.path("signingSerial").asString()).isEqualTo(current.signingSerial());
        assertHoldsTheCurrentKeys(p12, "KFA-ZJ");
        // the same keys as the server-held token (what the CLI's --key and the server do must agree)
        try (Token file = open(p12, PIN);
                Token server = unitKeys.unlock("KFA-ZJ", PIN.toCharArray())) {
            byte[] wrapped = Sm2.encrypt(current.encryption().getPublicKey(), new byte[] {1, 2, 3}, new SecureRandom());
            assertThat(file.decrypt(wrapped)).isEqualTo(server.decrypt(wrapped));
        }
        assertThatThrownBy(() -> open(p12, "86420976"))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN));
        assertThat(audits("kf-a-admin", true)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT object_ref FROM audit_event WHERE event_type = 'PKI_UNIT_KEY_FILE_ISSUED' AND actor = ?",
                        String.class,
                        "kf-a-admin"))
                .isEqualTo(current.tokenId());
        assertThat(jdbc.queryForObject(
                        "SELECT detail FROM audit_event WHERE event_type = 'PKI_UNIT_KEY_FILE_ISSUED' AND actor = ?",
                        String.class,
                        "kf-a-admin"))
                .contains(current.signingSerial())
                .contains(current.encryptionSerial());
    }

    @Test
    void renewalOnTheWebPageDownloadsTheNewKeysOnceAndTheOldFileIsSuperseded() throws Exception {
        SignedInUser admin = user("kf-b-admin", "KFB-HZ", Role.UNIT_ADMIN);
        byte[] first = apiIssue(
                        admin, "KFB-HZ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\",\"keyFile\":true}")
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString()
                .transform(s -> Base64.getDecoder()
                        .decode(new ObjectMapper().readTree(s).path("keyFile").asString()));
        UnitKeys.UnitCredentials before = unitKeys.current("KFB-HZ").orElseThrow();

        byte[] renewed = mvc.perform(post("/pki/units/KFB-HZ/issue")
                        .param("pin", PIN)
                        .param("confirm", PIN)
                        .param("keyFile", "true")
                        .with(DemoPeople.as(admin))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/x-pkcs12"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"KFB-HZ.p12\""))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        UnitKeys.UnitCredentials after = unitKeys.current("KFB-HZ").orElseThrow();
        assertThat(after.signingSerial()).isNotEqualTo(before.signingSerial());
        assertHoldsTheCurrentKeys(renewed, "KFB-HZ");
        assertThat(audits("kf-b-admin", true)).isEqualTo(2);

        // the first file's certificates are superseded: the CA's CRL lists them
        var verifier = new CertificateVerifier(List.of(ca.certificate()), List.of(ca.crl()), true, clock);
        try (Token old = open(first, PIN)) {
            assertThatThrownBy(() -> verifier.verify(old.signingCertificate(), KeyPurpose.SIGNING))
                    .isInstanceOf(CertificateRejectedException.class);
        }

        // renewing without the box gives no file and writes no key-file audit row
        mvc.perform(post("/pki/units/KFB-HZ/issue")
                        .param("pin", PIN)
                        .param("confirm", PIN)
                        .with(DemoPeople.as(admin))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        apiIssue(admin, "KFB-HZ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.keyFile").doesNotExist());
        assertThat(audits("kf-b-admin", true)).isEqualTo(2);
    }

    @Test
    void otherUnitsAdminsOperatorsAndWeakPinsGetNoKeyFile() throws Exception {
        SignedInUser owner = user("kf-c-admin", "KFC-ZJ", Role.UNIT_ADMIN);
        apiIssue(owner, "KFC-ZJ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\"}")
                .andExpect(status().isCreated());
        UnitKeys.UnitCredentials before = unitKeys.current("KFC-ZJ").orElseThrow();

        SignedInUser otherAdmin = user("kf-other-admin", "KFB-HZ", Role.UNIT_ADMIN);
        apiIssue(otherAdmin, "KFC-ZJ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\",\"keyFile\":true}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("pki.forbidden"))
                .andExpect(jsonPath("$.keyFile").doesNotExist());
        mvc.perform(post("/pki/units/KFC-ZJ/issue")
                        .param("pin", PIN)
                        .param("confirm", PIN)
                        .param("keyFile", "true")
                        .with(DemoPeople.as(otherAdmin))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        SignedInUser operator = user("kf-c-a", "KFC-ZJ", Role.OPERATOR_A);
        apiIssue(operator, "KFC-ZJ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\",\"keyFile\":true}")
                .andExpect(status().isForbidden());
        SignedInUser securityAdmin = user("kf-secadmin", "ZJBRC", Role.SECURITY_ADMIN);
        apiIssue(securityAdmin, "KFC-ZJ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\",\"keyFile\":true}")
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/pki/units/KFC-ZJ/keys")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"pin\":\"" + PIN + "\",\"confirm\":\"" + PIN + "\",\"keyFile\":true}"))
                .andExpect(status().isUnauthorized());

        // bad input from the owner: clear error, nothing issued
        apiIssue(owner, "KFC-ZJ", "{\"pin\":\"123\",\"confirm\":\"123\",\"keyFile\":true}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("pki.pin-policy"));
        apiIssue(owner, "KFC-ZJ", "{\"pin\":\"" + PIN + "\",\"confirm\":\"86420976\",\"keyFile\":true}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("pki.pin-mismatch"));
        apiIssue(owner, "KFC-ZJ", "{\"keyFile\":true}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("pki.pin-policy"));

        // the unit's keys are unchanged, and only the refusals of the file were written
        assertThat(unitKeys.current("KFC-ZJ").orElseThrow().signingSerial()).isEqualTo(before.signingSerial());
        assertThat(audits("kf-other-admin", false)).isEqualTo(2);
        assertThat(audits("kf-c-a", false)).isEqualTo(1);
        assertThat(audits("kf-secadmin", false)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'PKI_UNIT_KEY_FILE_ISSUED' AND success"
                                + " AND unit_code = 'KFC-ZJ'",
                        Integer.class))
                .isZero();
    }
}
