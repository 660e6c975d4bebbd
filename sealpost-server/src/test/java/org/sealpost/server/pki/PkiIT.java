package org.sealpost.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.KeyPurpose;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The system CA and unit keys (issue 4 item 1): CA created at start and published with its CRL,
 * unit certificates issued with the unit PIN, PIN change, five wrong PINs lock and the security
 * admin resets, renewal supersedes, the office revokes (the CRL lists it), IC cards download once,
 * expiry alerts; each refusal. On H2 and PostgreSQL.
 */
class PkiIT {

    @SpringBootTest
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    @Import(TestClock.Config.class)
    abstract static class Behaviour {

        @Autowired
        MockMvc mvc;

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        UnitKeys unitKeys;

        @Autowired
        SystemCa ca;

        @Autowired
        CertificateAlerts alerts;

        @Autowired
        TestClock clock;

        TestAccounts accounts;

        @BeforeEach
        void units() {
            clock.reset();
            accounts = new TestAccounts(jdbc);
            accounts.standardUnits();
        }

        SignedInUser user(String username, String unitCode, Role... roles) {
            long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
            List<Long> ids = jdbc.queryForList("SELECT id FROM account WHERE username = ?", Long.class, username);
            long id = ids.isEmpty() ? accounts.account(username, unitCode, roles) : ids.get(0);
            return new SignedInUser(id, username, "测试 " + username, unitId, unitCode, Set.of(roles));
        }

        static RequestPostProcessor as(SignedInUser user) {
            var authorities = user.roles().stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                    .toList();
            return SecurityMockMvcRequestPostProcessors.authentication(
                    new UsernamePasswordAuthenticationToken(user, null, authorities));
        }

        X509CRL crl() throws Exception {
            var body = mvc.perform(get("/api/v1/pki/crl"))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            String b64 = body.replaceAll("-----[A-Z0-9 ]+-----", "").replaceAll("\\s", "");
            return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(
                            java.util.Base64.getDecoder().decode(b64)));
        }

        @Test
        void caCertificateAndCrlArePublicPem() throws Exception {
            String pem = mvc.perform(get("/api/v1/pki/ca"))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith("application/x-pem-file"))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            var root = Pem.certificates(pem).get(0);
            assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
            assertThat(root).isEqualTo(ca.certificate());
            X509CRL crl = crl();
            assertThat(crl.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        }

        @Test
        void unitAdminIssuesCertificatesWithSeparateKeysAndOperatorsUseThePin() throws Exception {
            SignedInUser admin = user("pki-icbc-admin", "ICBC-ZJ", Role.UNIT_ADMIN);
            mvc.perform(post("/pki/units/ICBC-ZJ/issue")
                            .param("pin", "24681357")
                            .param("confirm", "24681357")
                            .with(as(admin))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            UnitKeys.UnitCredentials c = unitKeys.current("ICBC-ZJ").orElseThrow();
            assertThat(c.signing().getPublicKey()).isNotEqualTo(c.encryption().getPublicKey());
            var verifier = new CertificateVerifier(List.of(ca.certificate()), List.of(ca.crl()), true, clock);
            verifier.verify(c.signing(), KeyPurpose.SIGNING);
            verifier.verify(c.encryption(), KeyPurpose.ENCRYPTION);

            try (Token token = unitKeys.unlock("ICBC-ZJ", "24681357".toCharArray())) {
                byte[] message = "公文".getBytes(StandardCharsets.UTF_8);
                assertThat(Sm2.verify(c.signing().getPublicKey(), message, token.sign(message)))
                        .isTrue();
            }

            SignedInUser operator = user("pki-cmb-a", "CMB-HZ", Role.OPERATOR_A);
            mvc.perform(get("/api/v1/pki/units/ICBC-ZJ/certificates").with(as(operator)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.unit").value("ICBC-ZJ"))
                    .andExpect(jsonPath("$.signingSerial").value(c.signingSerial()));
            mvc.perform(get("/api/v1/pki/units/ICBC-ZJ/certificates")).andExpect(status().isUnauthorized());
            mvc.perform(get("/api/v1/pki/units/NOPE/certificates").with(as(operator)))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/pki").with(as(admin)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(c.signingSerial())));
        }

        @Test
        void anotherUnitsAdminOrAnOperatorCannotIssueAndWeakPinsAreRefused() throws Exception {
            SignedInUser other = user("pki-cmb-admin", "CMB-HZ", Role.UNIT_ADMIN);
            mvc.perform(post("/pki/units/ICBC-ZJ/issue")
                            .param("pin", "24681357")
                            .param("confirm", "24681357")
                            .with(as(other))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
            SignedInUser operator = user("pki-cmb-b", "CMB-HZ", Role.OPERATOR_B);
            mvc.perform(post("/pki/units/CMB-HZ/issue")
                            .param("pin", "24681357")
                            .param("confirm", "24681357")
                            .with(as(operator))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/pki/units/CMB-HZ/issue")
                            .param("pin", "123")
                            .param("confirm", "123")
                            .with(as(other))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent());
            mvc.perform(post("/pki/units/CMB-HZ/issue")
                            .param("pin", "12345678")
                            .param("confirm", "12345679")
                            .with(as(other))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent());
            assertThat(unitKeys.current("CMB-HZ")).isEmpty();
        }

        @Test
        void fiveWrongPinsLockTheUnitTokenUntilTheSecurityAdminResetsIt() throws Exception {
            unitKeys.issue(unit("CMB-HZ"), "11223344".toCharArray(), "test");
            for (int i = 1; i < 5; i++) {
                int left = 5 - i;
                assertThatThrownBy(() -> unitKeys.unlock("CMB-HZ", "00000000".toCharArray()))
                        .isInstanceOfSatisfying(PkiException.class, e -> {
                            assertThat(e.code()).isEqualTo("wrong-pin");
                            assertThat(e.remainingAttempts()).isEqualTo(left);
                        });
            }
            assertThatThrownBy(() -> unitKeys.unlock("CMB-HZ", "00000000".toCharArray()))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("locked"));
            assertThatThrownBy(() -> unitKeys.unlock("CMB-HZ", "11223344".toCharArray()))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("locked"));
            assertThat(unitKeys.current("CMB-HZ").orElseThrow().locked()).isTrue();

            SignedInUser unitAdmin = user("pki-cmb-admin2", "CMB-HZ", Role.UNIT_ADMIN);
            mvc.perform(post("/pki/units/CMB-HZ/reset").with(as(unitAdmin)).with(csrf()))
                    .andExpect(status().isForbidden());
            SignedInUser secAdmin = user("pki-secadmin", "ZJBRC", Role.SECURITY_ADMIN);
            mvc.perform(post("/pki/units/CMB-HZ/reset").with(as(secAdmin)).with(csrf()))
                    .andExpect(status().is3xxRedirection());
            unitKeys.unlock("CMB-HZ", "11223344".toCharArray()).close();
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM audit_event WHERE event_type = 'PKI_UNIT_TOKEN_RESET'",
                            Integer.class))
                    .isPositive();
        }

        @Test
        void tenParallelWrongPinsLockExactlyAtFiveWithoutHoldingConnections() throws Exception {
            accounts.unit("PKI-PARALLEL", "并发测试银行", "CITY_COMMERCIAL_BANK");
            unitKeys.issue(unit("PKI-PARALLEL"), "11223344".toCharArray(), "test");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            unitKeys.unlock("PKI-PARALLEL", "00000000".toCharArray())
                                    .close();
                            return "opened";
                        } catch (PkiException e) {
                            return e.code();
                        }
                    }));
                }
                start.countDown();
                java.util.Map<String, Integer> counts = new java.util.HashMap<>();
                for (var r : results) {
                    counts.merge(r.get(), 1, Integer::sum);
                }
                assertThat(counts).containsEntry("wrong-pin", 4).containsEntry("locked", 6);
            } finally {
                pool.shutdownNow();
            }
            UnitKeys.UnitCredentials after = unitKeys.current("PKI-PARALLEL").orElseThrow();
            assertThat(after.failedAttempts()).isEqualTo(5);
            assertThat(after.locked()).isTrue();
            assertThatThrownBy(() -> unitKeys.unlock("PKI-PARALLEL", "11223344".toCharArray()))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("locked"));
        }

        @Test
        void theUnitAdminChangesThePinWithTheOldOne() throws Exception {
            unitKeys.issue(unit("ZJBRC-LAW"), "55667788".toCharArray(), "test");
            SignedInUser head = user("pki-law-admin", "ZJBRC-LAW", Role.UNIT_ADMIN);
            mvc.perform(post("/pki/units/ZJBRC-LAW/pin")
                            .param("oldPin", "99999999")
                            .param("pin", "87654321")
                            .param("confirm", "87654321")
                            .with(as(head))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("4")));
            mvc.perform(post("/pki/units/ZJBRC-LAW/pin")
                            .param("oldPin", "55667788")
                            .param("pin", "87654321")
                            .param("confirm", "87654321")
                            .with(as(head))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            unitKeys.unlock("ZJBRC-LAW", "87654321".toCharArray()).close();
            assertThatThrownBy(() -> unitKeys.unlock("ZJBRC-LAW", "55667788".toCharArray()))
                    .isInstanceOf(PkiException.class);
        }

        @Test
        void renewalSupersedesAndTheOfficeRevokesIntoTheCrl() throws Exception {
            unitKeys.issue(unit("ZJBRC-OFFICE"), "13579246".toCharArray(), "test");
            var first = unitKeys.current("ZJBRC-OFFICE").orElseThrow();
            unitKeys.issue(unit("ZJBRC-OFFICE"), "13579246".toCharArray(), "test");
            var second = unitKeys.current("ZJBRC-OFFICE").orElseThrow();
            assertThat(second.signingSerial()).isNotEqualTo(first.signingSerial());
            X509CRL crl = crl();
            assertThat(crl.getRevokedCertificate(first.signing().getSerialNumber()))
                    .isNotNull();
            assertThat(crl.getRevokedCertificate(first.encryption().getSerialNumber()))
                    .isNotNull();
            assertThat(crl.getRevokedCertificate(second.signing().getSerialNumber()))
                    .isNull();

            SignedInUser unitAdmin = user("pki-office-admin", "ZJBRC-OFFICE", Role.UNIT_ADMIN);
            mvc.perform(post("/pki/units/ZJBRC-OFFICE/revoke")
                            .with(as(unitAdmin))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
            SignedInUser staff = user("pki-office-staff", "ZJBRC-OFFICE", Role.OFFICE_STAFF);
            mvc.perform(post("/pki/units/ZJBRC-OFFICE/revoke")
                            .param("reason", "1")
                            .with(as(staff))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(crl().getRevokedCertificate(second.signing().getSerialNumber()))
                    .isNotNull();
            assertThat(ca.revokedAt(second.signing().getSerialNumber())).isPresent();
            assertThat(unitKeys.current("ZJBRC-OFFICE").orElseThrow().revoked()).isTrue();
            assertThatThrownBy(() -> unitKeys.unlock("ZJBRC-OFFICE", "13579246".toCharArray()))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.code()).isEqualTo("revoked"));
        }

        @Test
        void anIcCardDownloadsOnceForItsHolderOnly() throws Exception {
            SignedInUser secAdmin = user("pki-secadmin2", "ZJBRC", Role.SECURITY_ADMIN);
            SignedInUser holder = user("pki-card-holder", "ICBC-ZJ", Role.OPERATOR_A);
            SignedInUser someoneElse = user("pki-card-other", "ICBC-ZJ", Role.OPERATOR_B);
            String page = mvc.perform(post("/pki/cards")
                            .param("username", "pki-card-holder")
                            .with(as(secAdmin))
                            .with(csrf()))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/pki/cards/([A-Za-z0-9_-]{20,})")
                    .matcher(page);
            assertThat(m.find()).isTrue();
            String link = "/pki/cards/" + m.group(1);

            mvc.perform(get(link).with(as(someoneElse))).andExpect(status().isNotFound());
            mvc.perform(get(link).with(as(holder))).andExpect(status().isOk());
            byte[] p12 = mvc.perform(post(link)
                            .param("pin", "card-pin-1")
                            .param("confirm", "card-pin-1")
                            .with(as(holder))
                            .with(csrf()))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("application/x-pkcs12"))
                    .andReturn()
                    .getResponse()
                    .getContentAsByteArray();
            try (Token card = Pkcs12Token.open(
                    new ByteArrayInputStream(p12), "card-pin-1".toCharArray(), "card", new SecureRandom())) {
                new CertificateVerifier(List.of(ca.certificate()), List.of(ca.crl()), true, clock)
                        .verify(card.signingCertificate(), KeyPurpose.SIGNING);
                assertThat(card.signingCertificate().getSubjectX500Principal().getName())
                        .contains("pki-card-holder");
            }
            mvc.perform(post(link)
                            .param("pin", "card-pin-1")
                            .param("confirm", "card-pin-1")
                            .with(as(holder))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent());
            mvc.perform(get(link).with(as(holder))).andExpect(status().isUnprocessableContent());
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM audit_event WHERE event_type = 'PKI_CARD_DOWNLOADED' AND success"
                                    + " AND actor = 'pki-card-holder'",
                            Integer.class))
                    .isEqualTo(1);

            SignedInUser unitAdmin = user("pki-icbc-admin3", "ICBC-ZJ", Role.UNIT_ADMIN);
            mvc.perform(post("/pki/cards")
                            .param("username", "pki-card-holder")
                            .with(as(unitAdmin))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
        }

        @Test
        void alertsSixtyDaysBeforeExpiryAndAtExpiry() throws Exception {
            unitKeys.issue(unit("CMB-HZ"), "10203040".toCharArray(), "test");
            String serial = unitKeys.current("CMB-HZ").orElseThrow().signingSerial();
            alerts.scan();
            assertThat(alerts.open("CMB-HZ")).noneMatch(a -> a.serial().equals(serial));

            clock.advance(Duration.ofDays(730 - 59));
            alerts.scan();
            assertThat(alerts.open("CMB-HZ"))
                    .anyMatch(a -> a.serial().equals(serial) && a.kind().equals("EXPIRING"));
            SignedInUser cmbAdmin = user("pki-cmb-admin9", "CMB-HZ", Role.UNIT_ADMIN);
            mvc.perform(get("/").with(as(cmbAdmin)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(serial)));
            int again = alerts.scan();
            assertThat(alerts.open("CMB-HZ").stream()
                            .filter(a -> a.serial().equals(serial))
                            .count())
                    .isEqualTo(1);

            clock.advance(Duration.ofDays(60));
            alerts.scan();
            assertThat(alerts.open("CMB-HZ"))
                    .anyMatch(a -> a.serial().equals(serial) && a.kind().equals("EXPIRED"));
            assertThat(again).isGreaterThanOrEqualTo(0);
        }

        org.sealpost.server.unit.UnitRef unit(String code) {
            return new org.sealpost.server.unit.UnitRef(
                    jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, code),
                    code,
                    code,
                    org.sealpost.server.unit.UnitCategory.JOINT_STOCK_BANK);
        }

        static BigInteger serial(String hex) {
            return new BigInteger(hex, 16);
        }
    }

    @Nested
    class OnH2 extends Behaviour {}

    @Nested
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
