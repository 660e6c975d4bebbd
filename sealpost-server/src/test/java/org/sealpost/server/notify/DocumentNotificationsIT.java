package org.sealpost.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.delivery.DeliveryReturned;
import org.sealpost.server.delivery.DeliverySigned;
import org.sealpost.server.document.DeliveriesReminded;
import org.sealpost.server.document.DocumentClosed;
import org.sealpost.server.document.DocumentSent;
import org.sealpost.server.document.Urgency;
import org.sealpost.server.support.TestClock;
import org.sealpost.server.support.TestSmsc;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Document notifications (issue 6 item 8) over a real SMPP peer (jSMPP) and a real SMTP server
 * (GreenMail) on loopback: an in-app notice to every recipient unit, an e-mail to each contact with
 * an address, an SMS to each SMS contact only for urgent and extra-urgent documents and reminders of
 * them; nothing twice on redelivery; an SMSC that is down does not hold anything up and the SMS goes
 * once it is back; a row claimed SENDING is not sent again. Plus the notices API and page. On H2 and
 * PostgreSQL.
 */
class DocumentNotificationsIT {

    static final TestSmsc SMSC = new TestSmsc(TestSmsc.freePort());
    static final GreenMail SMTP = new GreenMail(new ServerSetup(TestSmsc.freePort(), "127.0.0.1", "smtp"));

    @BeforeAll
    static void up() {
        SMSC.start();
        SMTP.start();
    }

    @AfterAll
    static void down() {
        SMSC.stop();
        SMTP.stop();
    }

    @SpringBootTest
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    @Import(TestClock.Config.class)
    abstract static class Behaviour {

        @DynamicPropertySource
        static void gateways(DynamicPropertyRegistry registry) {
            registry.add("sealpost.sms.enabled", () -> "true");
            // the check-in reminder job texts the test's new units too (whenever its tick falls
            // inside a test), which is not what these tests count; CheckInIT tests it
            registry.add("sealpost.checkin.reminders-enabled", () -> "false");
            registry.add("sealpost.sms.host", () -> "127.0.0.1");
            registry.add("sealpost.sms.port", SMSC::port);
            registry.add("sealpost.sms.system-id", () -> TestSmsc.SYSTEM_ID);
            registry.add("sealpost.sms.password", () -> TestSmsc.PASSWORD);
            registry.add("sealpost.sms.timeout", () -> "3s");
            registry.add("sealpost.sms.retry-failed-after", () -> "0s");
            registry.add("spring.mail.host", () -> "127.0.0.1");
            registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
            registry.add("sealpost.mail.from", () -> "SealPost <noreply@sealpost.test>");
            registry.add("sealpost.mail.site-url", () -> "https://sealpost.example.cn");
        }

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        ApplicationEventPublisher events;

        @Autowired
        TransactionTemplate tx;

        @Autowired
        IncompleteEventPublications incomplete;

        @Autowired
        RetryingFailedNotifications retrying;

        @Autowired
        NotificationLog log;

        @Autowired
        Notices notices;

        @Autowired
        MockMvc mvc;

        @Autowired
        TestClock clock;

        NotifyFixtures fixtures;
        String sender;
        String bankA;
        String bankB;
        String mobileA;
        String mobileB;
        String mailA;
        String mailB;

        /** A sender and two recipient units, each with one SMS contact and one e-mail contact. */
        @BeforeEach
        void units() {
            clock.reset();
            fixtures = new NotifyFixtures(jdbc, clock);
            sender = fixtures.unit();
            bankA = fixtures.unit();
            bankB = fixtures.unit();
            mobileA = NotifyFixtures.mobile();
            mobileB = NotifyFixtures.mobile();
            mailA = "office-" + bankA.toLowerCase() + "@bank-a.test";
            mailB = "director-" + bankB.toLowerCase() + "@bank-b.test";
            fixtures.contact(bankA, "OPERATOR", "李操作员", mobileA, true);
            fixtures.contact(bankA, "OFFICE_DIRECTOR", "王主任", null, false, mailA);
            fixtures.contact(bankB, "OFFICE_DIRECTOR", "赵主任", mobileB, true, mailB);
        }

        @Test
        void urgentDocumentIsPostedMailedAndTextedOnceToEachRecipientUnit() throws Exception {
            DocumentSent sent = send(Urgency.URGENT, "关于开展2027年度风险排查的通知");

            await().atMost(Duration.ofSeconds(15)).until(() -> completed(sent.documentId()));

            assertThat(fixtures.rowsLike(sent.key()))
                    .extracting(Notification::channel, Notification::unitCode, Notification::status)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("EMAIL", bankA, NotificationStatus.SENT),
                            org.assertj.core.groups.Tuple.tuple("SMS", bankA, NotificationStatus.SENT),
                            org.assertj.core.groups.Tuple.tuple("EMAIL", bankB, NotificationStatus.SENT),
                            org.assertj.core.groups.Tuple.tuple("SMS", bankB, NotificationStatus.SENT));
            String expectedSms = "【SealPost】您单位（" + NotifyFixtures.unitName(bankA) + "）收到"
                    + NotifyFixtures.unitName(sender) + "的急件公文《关于开展2027年度风险排查的通知》，请及时登录系统查看并签收。";
            assertThat(texts(mobileA)).hasSize(1);
            assertThat(SMSC.receivedBy(mobileA)).allMatch(part -> part.dataCoding() == (byte) 0x08);
            assertThat(texts(mobileA)).containsExactly(expectedSms);
            assertThat(texts(mobileB)).hasSize(1);

            List<MimeMessage> toA = mailsTo(mailA);
            assertThat(toA).hasSize(1);
            assertThat(toA.get(0).getSubject()).isEqualTo("【SealPost】来文通知：[急件]《关于开展2027年度风险排查的通知》");
            String body = (String) toA.get(0).getContent();
            assertThat(body)
                    .contains("标题：关于开展2027年度风险排查的通知")
                    .contains("文号：" + sent.docNo())
                    .contains("紧急程度：急件")
                    .contains("发文单位：" + NotifyFixtures.unitName(sender))
                    .contains("https://sealpost.example.cn")
                    .contains("本邮件不含公文内容")
                    .doesNotContain(sent.documentId())
                    .doesNotContainIgnoringCase("pin")
                    .doesNotContain("/api/");
            assertThat(toA.get(0).getFrom()[0].toString()).contains("noreply@sealpost.test");
            assertThat(mailsTo(mailB)).hasSize(1);

            assertThat(fixtures.rowsLike(sent.key()))
                    .filteredOn(n -> n.channel().equals("EMAIL"))
                    .extracting(Notification::recipient)
                    .containsExactlyInAnyOrder("o***@bank-a.test", "d***@bank-b.test");

            for (String unit : List.of(bankA, bankB)) {
                List<Notice> got = notices.list(operatorOf(unit));
                assertThat(got).hasSize(1);
                assertThat(got.get(0).kind()).isEqualTo(NoticeKind.DOCUMENT_RECEIVED);
                assertThat(got.get(0).title()).isEqualTo("关于开展2027年度风险排查的通知");
                assertThat(got.get(0).urgent()).isTrue();
                assertThat(got.get(0).documentId()).isEqualTo(sent.documentId());
            }
            assertThat(notices.list(operatorOf(sender))).isEmpty();
        }

        @Test
        void normalDocumentIsPostedAndMailedButNeverTexted() throws Exception {
            DocumentSent sent = send(Urgency.NORMAL, "关于报送季度统计数据的通知");

            await().atMost(Duration.ofSeconds(15)).until(() -> completed(sent.documentId()));

            assertThat(fixtures.rowsLike(sent.key()))
                    .extracting(Notification::channel)
                    .containsOnly("EMAIL");
            assertThat(SMSC.receivedBy(mobileA)).isEmpty();
            assertThat(SMSC.receivedBy(mobileB)).isEmpty();
            assertThat(mailsTo(mailA)).hasSize(1);
            assertThat(mailsTo(mailA).get(0).getSubject()).isEqualTo("【SealPost】来文通知：《关于报送季度统计数据的通知》");
            assertThat(notices.unreadCount(operatorOf(bankA))).isEqualTo(1);
        }

        @Test
        void extraUrgentIsTextedAndRemindersOfUrgentOnesAreTextedButNotOfNormalOnes() throws Exception {
            DocumentSent extra = send(Urgency.EXTRA_URGENT, "特急：关于防范电信诈骗的紧急通知");
            await().atMost(Duration.ofSeconds(15)).until(() -> completed(extra.documentId()));
            assertThat(texts(mobileA)).singleElement().asString().contains("的特急公文《特急：关于防范电信诈骗的紧急通知》");

            DeliveriesReminded urgentReminder = new DeliveriesReminded(
                    extra.documentId(), sender, Urgency.EXTRA_URGENT, extra.title(), List.of(bankA), clock.instant());
            DeliveriesReminded normalReminder = new DeliveriesReminded(
                    NotifyFixtures.hex(8), sender, Urgency.NORMAL, "平件催办", List.of(bankA), clock.instant());
            publish(urgentReminder);
            publish(normalReminder);

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> completed(extra.documentId()) && completed(normalReminder.documentId()));
            assertThat(texts(mobileA))
                    .hasSize(2)
                    .last()
                    .isEqualTo("【SealPost】" + NotifyFixtures.unitName(sender) + "催办：您单位（"
                            + NotifyFixtures.unitName(bankA)
                            + "）尚未签收特急公文《特急：关于防范电信诈骗的紧急通知》，请尽快登录系统签收。");
            assertThat(fixtures.rowsLike(normalReminder.key()))
                    .extracting(Notification::channel)
                    .containsOnly("EMAIL");
            assertThat(notices.list(operatorOf(bankA)))
                    .extracting(Notice::kind)
                    .containsExactlyInAnyOrder(
                            NoticeKind.DOCUMENT_RECEIVED, NoticeKind.DOCUMENT_REMINDED, NoticeKind.DOCUMENT_REMINDED);
            assertThat(mailsTo(mailA))
                    .extracting(MimeMessage::getSubject)
                    .contains("【SealPost】催办：[特急]《特急：关于防范电信诈骗的紧急通知》");
        }

        @Test
        void voidedDocumentIsPostedAndMailedWithoutSms() throws Exception {
            DocumentClosed closed =
                    new DocumentClosed(NotifyFixtures.hex(8), sender, "VOIDED", "作废的通知", "文号错误", List.of(bankA));
            publish(closed);

            await().atMost(Duration.ofSeconds(15)).until(() -> completed(closed.documentId()));
            List<Notice> got = notices.list(operatorOf(bankA));
            assertThat(got).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(NoticeKind.DOCUMENT_VOIDED);
                assertThat(n.detail()).isEqualTo("文号错误");
            });
            assertThat(mailsTo(mailA))
                    .singleElement()
                    .satisfies(m -> assertThat(m.getSubject()).isEqualTo("【SealPost】公文作废：《作废的通知》"));
            assertThat(SMSC.receivedBy(mobileA)).isEmpty();
        }

        @Test
        void senderIsToldOfASignedReceiptAndOfAReturnWithoutSms() throws Exception {
            String senderMail = "dispatch-" + sender.toLowerCase() + "@regulator.test";
            String senderMobile = NotifyFixtures.mobile();
            fixtures.contact(sender, "OPERATOR", "发文员", senderMobile, true, senderMail);
            String documentId = NotifyFixtures.hex(8);
            DeliverySigned signed = new DeliverySigned(
                    NotifyFixtures.RANDOM.nextInt(Integer.MAX_VALUE),
                    documentId,
                    bankA,
                    sender,
                    "op-a",
                    clock.instant(),
                    false);
            DeliveryReturned returned = new DeliveryReturned(
                    NotifyFixtures.RANDOM.nextInt(Integer.MAX_VALUE),
                    documentId,
                    bankB,
                    sender,
                    "op-b",
                    clock.instant(),
                    "附件缺页");
            publish(signed);
            publish(returned);

            await().atMost(Duration.ofSeconds(15)).until(() -> fixtures.completed(documentId, "NotifyingDeliveries"));
            List<Notice> got = notices.list(operatorOf(sender));
            assertThat(got)
                    .extracting(Notice::kind)
                    .containsExactlyInAnyOrder(NoticeKind.RECEIPT_SIGNED, NoticeKind.DELIVERY_RETURNED);
            assertThat(got)
                    .filteredOn(n -> n.kind() == NoticeKind.DELIVERY_RETURNED)
                    .singleElement()
                    .satisfies(n -> assertThat(n.detail()).isEqualTo(NotifyFixtures.unitName(bankB) + "：附件缺页"));
            assertThat(mailsTo(senderMail))
                    .extracting(MimeMessage::getSubject)
                    .containsExactlyInAnyOrder(
                            "【SealPost】签收回执：《" + documentId + "》", "【SealPost】公文退回：《" + documentId + "》");
            assertThat(SMSC.receivedBy(senderMobile)).isEmpty();
            assertThat(notices.list(operatorOf(bankA))).isEmpty();
        }

        @Test
        void redeliveredEventPostsMailsAndTextsNothingTwice() throws Exception {
            DocumentSent sent = send(Urgency.URGENT, "重复投递测试");
            await().atMost(Duration.ofSeconds(15)).until(() -> completed(sent.documentId()));

            // as if the node died after notifying but before the publication was marked complete
            jdbc.update(
                    "UPDATE event_publication SET completion_date = NULL, status = 'FAILED' WHERE serialized_event LIKE ?",
                    "%" + sent.documentId() + "%");
            incomplete.resubmitIncompletePublications(p ->
                    p.getEvent() instanceof DocumentSent e && e.documentId().equals(sent.documentId()));

            await().atMost(Duration.ofSeconds(15)).until(() -> completed(sent.documentId()));
            assertThat(texts(mobileA)).hasSize(1);
            assertThat(texts(mobileB)).hasSize(1);
            assertThat(mailsTo(mailA)).hasSize(1);
            assertThat(mailsTo(mailB)).hasSize(1);
            assertThat(fixtures.rowsLike(sent.key())).hasSize(4).allMatch(n -> n.attempts() == 1);
            assertThat(notices.list(operatorOf(bankA))).hasSize(1);
        }

        @Test
        void smscDownDoesNotHoldTheSendAndTheSmsGoesOnceWhenItIsBack() throws Exception {
            DocumentSent sent;
            SMSC.stop();
            try {
                sent = send(Urgency.URGENT, "短信网关中断测试");
                // the send committed; the notice and the e-mail went; each SMS is FAILED and the event pending
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> fixtures.rowsLike(sent.key()).stream()
                                        .filter(n ->
                                                n.channel().equals("SMS") && n.status() == NotificationStatus.FAILED)
                                        .count()
                                == 2);
                assertThat(notices.list(operatorOf(bankA))).hasSize(1);
                assertThat(mailsTo(mailA)).hasSize(1);
                assertThat(completed(sent.documentId())).isFalse();
                assertThat(fixtures.rowsLike(sent.key()))
                        .filteredOn(n -> n.channel().equals("SMS"))
                        .allSatisfy(n -> assertThat(n.detail()).startsWith("SMSC unavailable"));
            } finally {
                SMSC.start();
            }

            clock.advance(Duration.ofMinutes(1)); // the failed publication is now older than retry-failed-after
            retrying.retry(); // what the five-minute schedule does
            retrying.retry(); // a second pass (or a second node) sends nothing more

            await().atMost(Duration.ofSeconds(20)).until(() -> completed(sent.documentId()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(texts(mobileA)).hasSize(1);
            assertThat(texts(mobileB)).hasSize(1);
            assertThat(mailsTo(mailA)).hasSize(1);
            assertThat(fixtures.rowsLike(sent.key()))
                    .filteredOn(n -> n.channel().equals("SMS"))
                    .hasSize(2)
                    .allSatisfy(n -> {
                        assertThat(n.status()).isEqualTo(NotificationStatus.SENT);
                        assertThat(n.attempts()).isEqualTo(2);
                    });
            assertThat(notices.list(operatorOf(bankA))).hasSize(1);
        }

        @Test
        void messageLeftClaimedByADeadNodeIsNotResentButListedForTheOperator() throws Exception {
            String documentId = NotifyFixtures.hex(8);
            DocumentSent sent =
                    new DocumentSent(documentId, sender, Urgency.URGENT, "认领测试", "测〔2027〕1号", List.of(bankA), false);
            // a node claimed bank A's SMS and died before recording whether the SMSC took it
            assertThat(log.claim(sent.key(), Notifier.SMS, mobileA, bankA, "…")).isTrue();
            assertThat(log.claim(sent.key(), Notifier.SMS, mobileA, bankA, "…")).isFalse();

            publish(sent);
            await().atMost(Duration.ofSeconds(15)).until(() -> completed(documentId));

            assertThat(SMSC.receivedBy(mobileA)).isEmpty();
            assertThat(mailsTo(mailA)).hasSize(1);
            clock.advance(Duration.ofMinutes(30));
            assertThat(log.stuckSending(Duration.ofMinutes(10)))
                    .filteredOn(n -> n.eventKey().equals(sent.key()))
                    .singleElement()
                    .satisfies(n -> assertThat(n.recipient()).isEqualTo(NotifyFixtures.masked(mobileA)));
        }

        @Test
        void noticesAreTheUnitsAndMarkedReadForIt() throws Exception {
            DocumentSent first = send(Urgency.NORMAL, "第一份");
            DocumentSent second = send(Urgency.URGENT, "第二份");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> completed(first.documentId()) && completed(second.documentId()));

            SignedInUser operatorA = operatorOf(bankA);
            SignedInUser operatorB = operatorOf(bankB);
            assertThat(notices.unreadCount(operatorA)).isEqualTo(2);
            long id = notices.list(operatorA).get(0).id();

            // another unit's notice is unknown to them (C02), and people without document use see none
            assertThatThrownBy(() -> notices.markRead(operatorB, id)).isInstanceOf(Notices.NoticeNotFound.class);
            SignedInUser auditor =
                    new SignedInUser(0, "auditor-" + bankA, "审计", fixtures.unitId(bankA), bankA, Set.of(Role.AUDITOR));
            assertThat(notices.unreadCount(auditor)).isZero();
            assertThat(notices.list(auditor)).isEmpty();

            notices.markRead(operatorA, id);
            assertThat(notices.unreadCount(operatorA)).isEqualTo(1);
            assertThat(notices.list(operatorA).get(0).readBy()).isEqualTo(operatorA.username());
            assertThat(notices.unreadCount(operatorB)).isEqualTo(2);

            // the page, the bell and mark-all-read
            String page = mvc.perform(get("/notices").with(as(operatorA)))
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("第一份", "第二份", "收到来文", "id=\"notice-count\"", "id=\"notice-bell\"");
            assertThat(page).doesNotContain("<script>");
            String badge = mvc.perform(get("/notices/badge").with(as(operatorA)))
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(badge).contains(">1</span>");
            assertThat(mvc.perform(post("/notices/" + id + "/read")
                                    .with(as(operatorB))
                                    .with(csrf()))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(404);
            assertThat(mvc.perform(post("/notices/read-all").with(as(operatorA)).with(csrf()))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(302);
            assertThat(notices.unreadCount(operatorA)).isZero();
            assertThat(notices.unreadCount(operatorB)).isEqualTo(2);
        }

        DocumentSent send(Urgency urgency, String title) {
            DocumentSent sent = new DocumentSent(
                    NotifyFixtures.hex(8),
                    sender,
                    urgency,
                    title,
                    "测〔2027〕" + NotifyFixtures.RANDOM.nextInt(1000) + "号",
                    List.of(bankA, bankB),
                    false);
            publish(sent);
            return sent;
        }

        void publish(Object event) {
            tx.executeWithoutResult(s -> events.publishEvent(event));
        }

        boolean completed(String documentId) {
            return fixtures.completed(documentId, "NotifyingDocuments");
        }

        List<String> texts(String mobile) {
            return SMSC.textsTo(mobile);
        }

        static List<MimeMessage> mailsTo(String address) {
            return Arrays.stream(SMTP.getReceivedMessages())
                    .filter(m -> {
                        try {
                            return Arrays.stream(m.getAllRecipients())
                                    .anyMatch(r -> r.toString().equals(address));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }

        SignedInUser operatorOf(String unitCode) {
            return new SignedInUser(
                    0, "op-" + unitCode, "操作员", fixtures.unitId(unitCode), unitCode, Set.of(Role.OPERATOR_A));
        }

        static RequestPostProcessor as(SignedInUser user) {
            var authorities = user.roles().stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                    .toList();
            return authentication(new UsernamePasswordAuthenticationToken(user, null, authorities));
        }
    }

    @Nested
    class OnH2 extends Behaviour {}

    @Nested
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
