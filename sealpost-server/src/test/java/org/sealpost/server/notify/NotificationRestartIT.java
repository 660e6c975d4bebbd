package org.sealpost.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.SealPostApplication;
import org.sealpost.server.document.DocumentSent;
import org.sealpost.server.document.Urgency;
import org.sealpost.server.support.EmbeddedPostgres;
import org.sealpost.server.support.TestSmsc;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * No notification lost or duplicated across a restart (issue 6 item 8). Three application contexts
 * in turn on one database (H2, or PostgreSQL in the second Failsafe run), as three lives of one
 * server: the first publishes an urgent {@link DocumentSent} while the SMSC and the SMTP server are
 * down, so its listener fails and the publication stays incomplete when the server stops; the second
 * starts with both gateways up and {@code spring.modulith.events.republish-outstanding-events-on-restart}
 * (on in application.yml), which completes it; the publication is then made incomplete again, as if
 * the node had died after sending but before marking it complete, and the third start sends nothing
 * more. Each life: exactly one notice per unit, one SMS per SMS contact, one e-mail per address.
 */
class NotificationRestartIT {

    final TestSmsc smsc = new TestSmsc(TestSmsc.freePort());
    final int smtpPort = TestSmsc.freePort();
    final GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    ConfigurableApplicationContext running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
        smsc.stop();
        smtp.stop();
    }

    @Test
    void outstandingNotificationsCompleteOnRestartExactlyOnce() {
        String url = database();
        String documentId = NotifyFixtures.hex(8);
        String mobile = NotifyFixtures.mobile();
        String mail = "duty-" + documentId.toLowerCase() + "@bank.test";

        // first life: both gateways down
        running = start(url);
        JdbcTemplate jdbc = running.getBean(JdbcTemplate.class);
        NotifyFixtures fixtures = new NotifyFixtures(jdbc, java.time.Clock.systemUTC());
        String sender = fixtures.unit();
        String bank = fixtures.unit();
        fixtures.contact(bank, "OPERATOR", "李操作员", mobile, true, mail);
        DocumentSent sent =
                new DocumentSent(documentId, sender, Urgency.EXTRA_URGENT, "重启测试", "测〔2027〕9号", List.of(bank), false);
        ApplicationEventPublisher events = running;
        running.getBean(TransactionTemplate.class).executeWithoutResult(s -> events.publishEvent(sent));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixtures.rowsLike(sent.key()).size() == 2
                        && fixtures.rowsLike(sent.key()).stream()
                                .allMatch(n -> n.status() == NotificationStatus.FAILED));
        assertThat(notices(jdbc, sent)).isEqualTo(1);
        assertThat(fixtures.completed(documentId, "NotifyingDocuments")).isFalse();
        running.close();

        // second life: the gateways are back; the restart republishes the outstanding event
        smsc.start();
        smtp.start();
        running = start(url);
        JdbcTemplate jdbc2 = running.getBean(JdbcTemplate.class);
        NotifyFixtures fixtures2 = new NotifyFixtures(jdbc2, java.time.Clock.systemUTC());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixtures2.completed(documentId, "NotifyingDocuments"));
        assertExactlyOnce(jdbc2, fixtures2, sent, mobile, mail);

        // as if this node died after sending but before the publication was marked complete
        jdbc2.update(
                "UPDATE event_publication SET completion_date = NULL, status = 'PUBLISHED' WHERE serialized_event LIKE ?",
                "%" + documentId + "%");
        running.close();

        // third life: the republished event finds everything done and sends nothing
        running = start(url);
        JdbcTemplate jdbc3 = running.getBean(JdbcTemplate.class);
        NotifyFixtures fixtures3 = new NotifyFixtures(jdbc3, java.time.Clock.systemUTC());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixtures3.completed(documentId, "NotifyingDocuments"));
        assertExactlyOnce(jdbc3, fixtures3, sent, mobile, mail);
    }

    private void assertExactlyOnce(
            JdbcTemplate jdbc, NotifyFixtures fixtures, DocumentSent sent, String mobile, String mail) {
        assertThat(notices(jdbc, sent)).isEqualTo(1);
        assertThat(smsc.textsTo(mobile)).hasSize(1);
        assertThat(Arrays.stream(smtp.getReceivedMessages())).hasSize(1);
        assertThat(fixtures.rowsLike(sent.key())).hasSize(2).allSatisfy(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.SENT);
            assertThat(n.attempts()).isEqualTo(2);
        });
    }

    private static int notices(JdbcTemplate jdbc, DocumentSent sent) {
        return jdbc.queryForObject("SELECT count(*) FROM notice WHERE notice_key = ?", Integer.class, sent.key());
    }

    private ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(SealPostApplication.class)
                .profiles("test")
                .run(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + (url.startsWith("jdbc:postgresql") ? "postgres" : "sa"),
                        "--spring.datasource.password=",
                        "--server.port=0",
                        "--sealpost.sms.enabled=true",
                        "--sealpost.sms.host=127.0.0.1",
                        "--sealpost.sms.port=" + smsc.port(),
                        "--sealpost.sms.system-id=" + TestSmsc.SYSTEM_ID,
                        "--sealpost.sms.password=" + TestSmsc.PASSWORD,
                        "--sealpost.sms.timeout=3s",
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + smtpPort,
                        "--spring.mail.properties.mail.smtp.connectiontimeout=3000",
                        "--sealpost.checkin.reminders-enabled=false");
    }

    /** One database for the three lives: H2 in memory kept open, or a fresh PostgreSQL database. */
    private static String database() {
        if ("postgres".equals(System.getProperty("sealpost.test.database"))) {
            String name = "restart_" + UUID.randomUUID().toString().replace("-", "");
            var pg = EmbeddedPostgres.server();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return pg.getJdbcUrl("postgres", name);
        }
        return "jdbc:h2:mem:restart-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }
}
