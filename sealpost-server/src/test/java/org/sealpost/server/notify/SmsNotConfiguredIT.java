package org.sealpost.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.pki.CertificateAlerts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * With {@code sealpost.sms.enabled} false (the default) an expiry alert's SMS is not silently
 * dropped: each contact's row says SKIPPED, "not sent: SMS gateway not configured", and the event
 * completes (nothing to retry).
 */
@SpringBootTest
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class SmsNotConfiguredIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CertificateAlerts alerts;

    @Autowired
    TestClock clock;

    NotifyFixtures fixtures;

    @BeforeEach
    void resetClock() {
        clock.reset();
        fixtures = new NotifyFixtures(jdbc, clock);
    }

    @Test
    void alertIsRecordedAsNotSentWhenNoGatewayIsConfigured() {
        String unit = fixtures.unit();
        String mobile = NotifyFixtures.mobile();
        fixtures.contact(unit, "OPERATOR", "李操作员", mobile, true);
        String serial = fixtures.certificate(unit, "UNIT_ENCRYPTION", Duration.ofDays(10));

        alerts.scan();

        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.completed(serial));
        assertThat(fixtures.rows(serial)).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.SKIPPED);
            assertThat(n.detail()).isEqualTo("not sent: SMS gateway not configured");
            assertThat(n.recipient()).isEqualTo(NotifyFixtures.masked(mobile));
            assertThat(n.subject()).contains("加密证书将于");
            assertThat(n.sentAt()).isNull();
        });
    }
}
