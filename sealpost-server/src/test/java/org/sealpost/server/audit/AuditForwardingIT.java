package org.sealpost.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sealpost.server.support.SyslogReceiver;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SECURITY.md L05: every audit entry reaches a syslog receiver on loopback (a real TCP server that
 * parses RFC 6587 octet-counted RFC 5424 messages), after commit and in seq order; across an outage
 * of the receiver and a restart of the forwarder nothing is lost and nothing is sent twice; a
 * rolled-back action sends nothing; the business action never waits for or fails with the receiver.
 * Runs on H2 and on PostgreSQL.
 */
@SpringBootTest
@ActiveProfiles("test")
@Import(TestClock.Config.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditForwardingIT {

    static final SyslogReceiver RECEIVER = SyslogReceiver.tcp();

    @DynamicPropertySource
    static void syslog(DynamicPropertyRegistry registry) {
        registry.add("sealpost.audit.syslog.host", () -> "127.0.0.1");
        registry.add("sealpost.audit.syslog.port", RECEIVER::port);
        registry.add("sealpost.audit.syslog.hostname", () -> "node-1");
        registry.add("sealpost.audit.syslog.interval", () -> "PT0.2S");
        registry.add("sealpost.audit.syslog.batch-size", () -> "7");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Autowired
    AuditLog audit;

    @Autowired
    AuditForwarding forwarding;

    @Autowired
    AuditProperties props;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    @Order(1)
    void everyEntryArrivesParsedWithAllItsFields() {
        clock.reset();
        for (int i = 0; i < 20; i++) {
            audit.record(new AuditEntry(
                    "fwd-user",
                    "ZJBRC",
                    i % 2 == 0 ? "SIGN_IN" : "ACCESS_DENIED",
                    i % 2 == 0,
                    "10.1.2.3",
                    "account:fwd-user",
                    "detail \"" + i + "\" ] \\ 中文"));
        }
        long head = head();
        awaitForwardedUpTo(head);
        assertThat(RECEIVER.errors()).isEmpty();

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_event WHERE seq = ?", head);
        SyslogReceiver.Message m = bySeq(head);
        assertThat(m.facility()).isEqualTo(13);
        assertThat(m.severity()).isEqualTo(4); // the 20th entry (i = 19) is a failure: warning
        assertThat(m.hostname()).isEqualTo("node-1");
        assertThat(m.appName()).isEqualTo("sealpost");
        assertThat(m.msgId()).isEqualTo("ACCESS_DENIED");
        assertThat(m.timestamp())
                .isEqualTo(((OffsetDateTime) jdbc.queryForObject(
                                "SELECT occurred_at FROM audit_event WHERE seq = ?", OffsetDateTime.class, head))
                        .toInstant());
        assertThat(m.param(SyslogMessages.SD_ID, "actor")).isEqualTo("fwd-user");
        assertThat(m.param(SyslogMessages.SD_ID, "unit")).isEqualTo("ZJBRC");
        assertThat(m.param(SyslogMessages.SD_ID, "success")).isEqualTo("false");
        assertThat(m.param(SyslogMessages.SD_ID, "ip")).isEqualTo("10.1.2.3");
        assertThat(m.param(SyslogMessages.SD_ID, "object")).isEqualTo("account:fwd-user");
        assertThat(m.param(SyslogMessages.SD_ID, "hash"))
                .isEqualTo(HexFormat.of().formatHex((byte[]) row.get("hash")));
        assertThat(m.msg())
                .isEqualTo("ACCESS_DENIED FAILED by fwd-user@ZJBRC on account:fwd-user: detail \"19\" ] \\ 中文");
        assertThat(bySeq(head - 1).severity()).isEqualTo(5);
        assertReceivedExactlyOnce(1, head);
    }

    @Test
    @Order(2)
    void aRolledBackActionSendsNothing() {
        long before = head();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            audit.record(new AuditEntry("fwd-rollback", "ZJBRC", "SIGN_IN", true, null, null, null));
            s.setRollbackOnly();
        });
        audit.record(new AuditEntry("fwd-after", "ZJBRC", "SIGN_IN", true, null, null, null));
        awaitForwardedUpTo(before + 1);
        assertThat(RECEIVER.params(SyslogMessages.SD_ID, "actor"))
                .doesNotContain("fwd-rollback")
                .contains("fwd-after");
        assertReceivedExactlyOnce(1, head());
    }

    @Test
    @Order(3)
    void anOutageOfTheReceiverLosesAndDuplicatesNothingAndNeverFailsTheAction() {
        long before = head();
        awaitForwardedUpTo(before);
        RECEIVER.stop();
        for (int i = 0; i < 15; i++) {
            // the action commits with its audit while nobody listens
            audit.record(new AuditEntry("fwd-outage", "ZJBRC", "SIGN_IN", true, null, null, "during outage " + i));
        }
        assertThat(head()).isEqualTo(before + 15);
        assertThat(forwarding.forwardPending()).isZero();
        assertThat(forwarding.forwardedUpTo()).isEqualTo(before);

        RECEIVER.start();
        awaitForwardedUpTo(before + 15);
        assertThat(RECEIVER.errors()).isEmpty();
        assertReceivedExactlyOnce(1, head());
    }

    @Test
    @Order(4)
    void afterARestartForwardingResumesAtTheStoredCursor() {
        long before = head();
        awaitForwardedUpTo(before);
        RECEIVER.stop();
        audit.record(new AuditEntry("fwd-restart", "ZJBRC", "SIGN_IN", true, null, null, "before restart"));
        // the node goes down with an entry not yet forwarded
        forwarding.destroy();
        audit.record(new AuditEntry("fwd-restart", "ZJBRC", "SIGN_IN", true, null, null, "while down"));
        RECEIVER.start();
        // a new node starts: no memory of its own, only the cursor in the database
        AuditForwarding restarted = new AuditForwarding(jdbc, clock, props, transactions);
        try {
            assertThat(restarted.forwardPending()).isEqualTo(2);
            assertThat(restarted.forwardedUpTo()).isEqualTo(before + 2);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> RECEIVER.params(SyslogMessages.SD_ID, "seq").contains(String.valueOf(before + 2)));
            assertReceivedExactlyOnce(1, before + 2);
        } finally {
            restarted.destroy();
        }
    }

    @Test
    @Order(5)
    void udpCarriesOneMessagePerDatagram() {
        // the context's own forwarder was stopped by the restart test: this one is alone
        try (SyslogReceiver udp = SyslogReceiver.udp()) {
            AuditProperties.Syslog s = props.syslog();
            AuditProperties udpProps = new AuditProperties(
                    props.checkpointEvery(),
                    props.checkpointInterval(),
                    props.checkpointCheck(),
                    props.retention(),
                    props.retentionCheck(),
                    props.archiveDir(),
                    new AuditProperties.Syslog(
                            "127.0.0.1",
                            udp.port(),
                            AuditProperties.Syslog.Protocol.UDP,
                            4,
                            "node-2",
                            s.batchSize(),
                            s.interval(),
                            s.timeout()));
            AuditForwarding viaUdp = new AuditForwarding(jdbc, clock, udpProps, transactions);
            try {
                long before = head();
                audit.record(new AuditEntry("fwd-udp", "ZJBRC", "SIGN_OUT", true, null, null, null));
                assertThat(viaUdp.forwardPending()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !udp.messages().isEmpty());
                SyslogReceiver.Message m = udp.messages().get(0);
                assertThat(udp.errors()).isEmpty();
                assertThat(m.facility()).isEqualTo(4);
                assertThat(m.hostname()).isEqualTo("node-2");
                assertThat(m.param(SyslogMessages.SD_ID, "seq")).isEqualTo(String.valueOf(before + 1));
                assertThat(m.msg()).isEqualTo("SIGN_OUT ok by fwd-udp@ZJBRC on -");
            } finally {
                viaUdp.destroy();
            }
        }
    }

    private void awaitForwardedUpTo(long seq) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> forwarding.forwardedUpTo() >= seq
                        && RECEIVER.params(SyslogMessages.SD_ID, "seq").contains(String.valueOf(seq)));
    }

    private long head() {
        return jdbc.queryForObject("SELECT seq FROM audit_chain_head WHERE id = 1", Long.class);
    }

    private SyslogReceiver.Message bySeq(long seq) {
        return RECEIVER.messages().stream()
                .filter(m -> String.valueOf(seq).equals(m.param(SyslogMessages.SD_ID, "seq")))
                .findFirst()
                .orElseThrow();
    }

    /** Every seq in from..to arrived once; none twice; in seq order. */
    private static void assertReceivedExactlyOnce(long from, long to) {
        List<Long> seqs = RECEIVER.params(SyslogMessages.SD_ID, "seq").stream()
                .map(Long::parseLong)
                .toList();
        assertThat(seqs).doesNotHaveDuplicates().isSorted();
        assertThat(seqs).containsAll(LongStream.rangeClosed(from, to).boxed().toList());
    }
}
