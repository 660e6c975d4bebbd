package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestSmsc;
import org.sealpost.server.unit.SmsContact;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 6 bad input "an SMS gateway that is down": an urgent document sent through the sending API
 * (demo units, keys and seal) while the SMSC is down — the send succeeds, the recipient's SMS rows
 * are FAILED and the event pending; once the SMSC is back and the event is resubmitted, each SMS
 * contact of the recipient gets exactly one SMS.
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class UrgentSendNotificationIT {

    static final TestSmsc SMSC = new TestSmsc(TestSmsc.freePort());

    @DynamicPropertySource
    static void smsc(DynamicPropertyRegistry registry) {
        registry.add("sealpost.sms.enabled", () -> "true");
        registry.add("sealpost.sms.host", () -> "127.0.0.1");
        registry.add("sealpost.sms.port", SMSC::port);
        registry.add("sealpost.sms.system-id", () -> TestSmsc.SYSTEM_ID);
        registry.add("sealpost.sms.password", () -> TestSmsc.PASSWORD);
        registry.add("sealpost.sms.timeout", () -> "3s");
        registry.add("sealpost.checkin.reminders-enabled", () -> "false");
    }

    @BeforeAll
    static void smscDown() {
        // not started: the gateway is down when the document is sent
    }

    @AfterAll
    static void stop() {
        SMSC.stop();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UnitDirectory units;

    @Autowired
    IncompleteEventPublications incomplete;

    @Test
    void sendSucceedsWhileTheSmscIsDownAndEachSmsGoesOnceWhenItIsBack() throws Exception {
        DocumentFixtures f = new DocumentFixtures(mvc, jdbc);
        SignedInUser office = f.user("zjbrc-office-staff");
        List<SmsContact> contacts = units.smsContacts("ICBC-ZJ");
        assertThat(contacts).isNotEmpty();

        String id = f.draft(
                office,
                "{\"type\":\"局发文\",\"title\":\"关于短信网关中断时的急件通知\",\"urgency\":\"URGENT\",\"signer\":\"张局长\","
                        + "\"to\":[\"ICBC-ZJ\"],\"cc\":[]}");
        f.body(office, id, DocumentFixtures.pdf("urgent notice"));
        assertThat(f.seal(office, id, "ZJBRC-OFFICE").status()).isEqualTo(200);
        var sent = f.send(office, id, UUID.randomUUID().toString());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);

        String key = "document-sent:" + id + ":first";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "SELECT count(*) FROM notification WHERE event_key = ? AND channel = 'SMS'"
                                        + " AND status = 'FAILED'",
                                key)
                        == contacts.size());
        assertThat(count("SELECT count(*) FROM notice WHERE notice_key = ? AND unit_code = 'ICBC-ZJ'", key))
                .isEqualTo(1);

        SMSC.start();
        incomplete.resubmitIncompletePublications(
                p -> p.getEvent() instanceof DocumentSent e && e.documentId().equals(id));
        incomplete.resubmitIncompletePublications(
                p -> p.getEvent() instanceof DocumentSent e && e.documentId().equals(id));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "SELECT count(*) FROM notification WHERE event_key = ? AND channel = 'SMS'"
                                        + " AND status = 'SENT'",
                                key)
                        == contacts.size());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        for (SmsContact contact : contacts) {
            assertThat(SMSC.textsTo(contact.mobile()))
                    .singleElement()
                    .asString()
                    .contains("急件公文《关于短信网关中断时的急件通知》");
        }
        assertThat(count("SELECT count(*) FROM notice WHERE notice_key = ? AND unit_code = 'ICBC-ZJ'", key))
                .isEqualTo(1);
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }
}
