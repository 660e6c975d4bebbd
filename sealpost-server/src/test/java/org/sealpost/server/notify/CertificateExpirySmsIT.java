package org.sealpost.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.pki.CertificateAlerts;
import org.sealpost.server.pki.CertificateExpiryAlertRaised;
import org.sealpost.server.support.TestClock;
import org.sealpost.server.support.TestSmsc;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Certificate expiry alerts reach the unit's SMS contacts (issue 4 item 1) through a real SMPP
 * peer on loopback: one UCS2 submit_sm per SMS contact with the Chinese alert text, rows SENT; a
 * redelivered event sends nothing more; with the SMSC down the rows are FAILED and the event stays
 * incomplete, and a resubmission after the SMSC is back sends them. On H2 and PostgreSQL.
 */
class CertificateExpirySmsIT {

    static final TestSmsc SMSC = new TestSmsc(TestSmsc.freePort());

    @BeforeAll
    static void smscUp() {
        SMSC.start();
    }

    @AfterAll
    static void smscDown() {
        SMSC.stop();
    }

    @SpringBootTest
    @ActiveProfiles("test")
    @Import(TestClock.Config.class)
    abstract static class Behaviour {

        @DynamicPropertySource
        static void smsc(DynamicPropertyRegistry registry) {
            registry.add("sealpost.sms.enabled", () -> "true");
            registry.add("sealpost.sms.host", () -> "127.0.0.1");
            registry.add("sealpost.sms.port", SMSC::port);
            registry.add("sealpost.sms.system-id", () -> TestSmsc.SYSTEM_ID);
            registry.add("sealpost.sms.password", () -> TestSmsc.PASSWORD);
            registry.add("sealpost.sms.source-address", () -> "1069000");
            registry.add("sealpost.sms.timeout", () -> "3s");
        }

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        CertificateAlerts alerts;

        @Autowired
        IncompleteEventPublications incomplete;

        @Autowired
        TestClock clock;

        NotifyFixtures fixtures;
        String unitCode;
        String director;
        String operator;
        String noSms;

        /** A fresh unit with two SMS contacts and one contact who does not receive SMS. */
        @BeforeEach
        void unitWithContacts() {
            clock.reset();
            fixtures = new NotifyFixtures(jdbc, clock);
            unitCode = fixtures.unit();
            director = NotifyFixtures.mobile();
            operator = NotifyFixtures.mobile();
            noSms = NotifyFixtures.mobile();
            fixtures.contact(unitCode, "OFFICE_DIRECTOR", "王主任", director, true);
            fixtures.contact(unitCode, "OPERATOR", "李操作员", operator, true);
            fixtures.contact(unitCode, "CONFIDENTIAL_SECRETARY", "张秘书", noSms, false);
        }

        @Test
        void expiringCertificateIsTextedOnceToEachSmsContact() {
            String serial = certificate("UNIT_SIGNING", Duration.ofDays(90));
            alerts.scan();
            assertThat(rows(serial)).isEmpty();

            clock.advance(Duration.ofDays(31));
            alerts.scan();

            await().atMost(Duration.ofSeconds(10)).until(() -> completed(serial));
            String expected = "【SealPost】您单位（" + NotifyFixtures.unitName(unitCode) + "）的签名证书将于"
                    + NotifyingCertificateExpiry.DATE.format(
                            fixtures.notAfter(serial).atZoneSameInstant(NotifyingCertificateExpiry.CHINA))
                    + "到期，请及时更新。";
            for (String mobile : List.of(director, operator)) {
                List<TestSmsc.Submitted> got = SMSC.receivedBy(mobile);
                assertThat(got).hasSize(1);
                assertThat(got.get(0).dataCoding()).isEqualTo((byte) 0x08);
                assertThat(got.get(0).ucs2Text()).isEqualTo(expected);
            }
            assertThat(SMSC.receivedBy(noSms)).isEmpty();
            assertThat(rows(serial))
                    .extracting(Notification::status, Notification::channel, Notification::subject)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(NotificationStatus.SENT, "SMS", expected));
            assertThat(rows(serial))
                    .extracting(Notification::recipient)
                    .containsExactlyInAnyOrder(NotifyFixtures.masked(director), NotifyFixtures.masked(operator));
            assertThat(rows(serial)).allSatisfy(n -> {
                assertThat(n.providerId()).isNotBlank();
                assertThat(n.sentAt()).isNotNull();
            });
        }

        @Test
        void expiredCertificateIsTextedAsExpired() {
            String serial = certificate("UNIT_ENCRYPTION", Duration.ofDays(1));
            clock.advance(Duration.ofDays(2));
            alerts.scan();

            await().atMost(Duration.ofSeconds(10)).until(() -> rows(serial).size() == 4 && completed(serial));
            assertThat(SMSC.receivedBy(director))
                    .extracting(TestSmsc.Submitted::ucs2Text)
                    .anyMatch(t -> t.contains("的加密证书已于") && t.endsWith("到期，请尽快更新。"))
                    .anyMatch(t -> t.contains("的加密证书将于"));
        }

        @Test
        void redeliveredAlertSendsNoSecondSms() {
            String serial = certificate("SEAL", Duration.ofDays(30));
            alerts.scan();
            await().atMost(Duration.ofSeconds(10)).until(() -> completed(serial));
            assertThat(SMSC.receivedBy(director)).hasSize(1);

            // as if the node died after sending but before the publication was marked complete
            jdbc.update(
                    "UPDATE event_publication SET completion_date = NULL, status = 'FAILED' WHERE serialized_event LIKE ?",
                    "%" + serial + "%");
            incomplete.resubmitIncompletePublications(p -> p.getEvent() instanceof CertificateExpiryAlertRaised e
                    && e.serial().equals(serial));

            await().atMost(Duration.ofSeconds(10)).until(() -> completed(serial));
            assertThat(SMSC.receivedBy(director)).hasSize(1);
            assertThat(SMSC.receivedBy(operator)).hasSize(1);
            assertThat(rows(serial)).hasSize(2).allMatch(n -> n.attempts() == 1);
        }

        @Test
        void smscDownLeavesAlertFailedAndPendingThenSendsOnceItIsBack() {
            SMSC.stop();
            String serial;
            try {
                serial = certificate("UNIT_SIGNING", Duration.ofDays(30));
                alerts.scan();
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> rows(serial).size() == 2
                                && rows(serial).stream().allMatch(n -> n.status() == NotificationStatus.FAILED)
                                && fixtures.publicationFailed(serial));
                assertThat(completed(serial)).isFalse();
                assertThat(rows(serial)).allSatisfy(n -> assertThat(n.detail()).startsWith("SMSC unavailable"));
            } finally {
                SMSC.start();
            }

            incomplete.resubmitIncompletePublications(p -> p.getEvent() instanceof CertificateExpiryAlertRaised e
                    && e.serial().equals(serial));

            await().atMost(Duration.ofSeconds(15)).until(() -> completed(serial));
            assertThat(SMSC.receivedBy(director)).hasSize(1);
            assertThat(SMSC.receivedBy(operator)).hasSize(1);
            assertThat(rows(serial)).hasSize(2).allSatisfy(n -> {
                assertThat(n.status()).isEqualTo(NotificationStatus.SENT);
                assertThat(n.attempts()).isEqualTo(2);
            });
        }

        List<Notification> rows(String serial) {
            return fixtures.rows(serial);
        }

        boolean completed(String serial) {
            return fixtures.completed(serial);
        }

        String certificate(String kind, Duration validFor) {
            return fixtures.certificate(unitCode, kind, validFor);
        }
    }

    @Nested
    class OnH2 extends Behaviour {}

    @Nested
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
