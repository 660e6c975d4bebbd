package org.sealpost.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sealpost.core.audit.AuditArchive;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.audit.AuditChain.Kind;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SECURITY.md L05, retention: with a clock moved through two years, the purge archives and removes
 * only entries older than the retention, up to a signed checkpoint; an entry younger than 180 days
 * is never removed; every archive verifies on its own (file signature and chain); the chain left in
 * the database verifies from the checkpoint the purge stopped at, and edits, deletions and
 * reorders in it are still found. On PostgreSQL the application role still cannot DELETE, and the
 * database function refuses young entries by the database's own clock. Runs on H2 and PostgreSQL.
 */
@SpringBootTest(
        properties = {
            "sealpost.audit.retention=200d",
            "sealpost.audit.checkpoint-every=1000000",
            "sealpost.audit.checkpoint-interval=PT1S",
            "sealpost.audit.archive-dir=target/test-audit-archive/${random.uuid}"
        })
@ActiveProfiles("test")
@Import(AuditRetentionIT.PastClock.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditRetentionIT {

    /** Real time when the class was loaded: the clock starts 700 days before it and never passes it. */
    static final Instant NOW = Instant.now();

    static final String APP_PASSWORD = "app-role-test-password";

    /** The context starts 700 days ago, so even the rows written while starting are old by the end. */
    @TestConfiguration(proxyBeanMethods = false)
    static class PastClock {
        @Bean
        @Primary
        TestClock testClock() {
            TestClock clock = new TestClock();
            clock.set(NOW.minus(Duration.ofDays(700)));
            return clock;
        }
    }

    @Autowired
    AuditLog audit;

    @Autowired
    AuditRetention retention;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    VerifyingAuditChain verifying;

    @Autowired
    AuditProperties props;

    @Autowired
    SystemCa ca;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Flyway flyway;

    @Value("${spring.datasource.url}")
    String url;

    @Test
    @Order(1)
    void purgeFollowsTheClockKeepsYoungEntriesAndLeavesAVerifiableChainAndArchive() throws Exception {
        ca.ensureCreated();
        SignedInUser auditor = auditor();
        assertThat(retention.purgeDue()).as("nothing is old yet").isEmpty();

        // two years of audit, a signed checkpoint after each group
        group("a", NOW.minus(Duration.ofDays(600)));
        group("b", NOW.minus(Duration.ofDays(450)));
        group("c", NOW.minus(Duration.ofDays(300)));

        // 300 days ago: with 200 days' retention only what is older than 500 days goes
        Optional<AuditRetention.Purge> first = retention.purgeDue();
        assertThat(first).isPresent();
        assertThat(first.get().fromSeq()).isEqualTo(1);
        assertNothingYoungerThanRetentionRemoved();
        assertThat(actors()).doesNotContain("old-a").contains("old-b", "old-c");
        assertArchiveVerifies(first.get());
        assertChainVerifies(auditor, first.get().toSeq());
        assertThat(retention.purgeDue())
                .as("nothing more is due at the same time")
                .isEmpty();

        group("d", NOW.minus(Duration.ofDays(150)));
        group("e", NOW.minus(Duration.ofDays(20)));

        // today: b and c are older than 200 days; d (150 days) is inside the 180-day floor
        clock.set(NOW);
        Optional<AuditRetention.Purge> second = retention.purgeDue();
        assertThat(second).isPresent();
        assertThat(second.get().fromSeq()).isEqualTo(first.get().toSeq() + 1);
        assertNothingYoungerThanRetentionRemoved();
        assertThat(actors()).doesNotContain("old-a", "old-b", "old-c").contains("old-d", "old-e");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE occurred_at >= ?",
                        Long.class,
                        OffsetDateTime.ofInstant(NOW.minus(Duration.ofDays(180)), ZoneOffset.UTC)))
                .as("every entry younger than 180 days is still there")
                .isEqualTo(countOf("old-d") + countOf("old-e") + 1); // and the second purge's own entry
        assertArchiveVerifies(second.get());
        assertChainVerifies(auditor, second.get().toSeq());
        assertThat(jdbc.queryForList("SELECT event_type FROM audit_event WHERE actor = 'system'", String.class))
                .containsExactly(AuditRetention.PURGED, AuditRetention.PURGED);

        // the remaining chain still exposes tampering
        long firstKept = second.get().toSeq() + 1;
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET actor = 'nobody' WHERE seq = ?", firstKept + 2));
        assertBroken(auditor, firstKept + 2, Kind.EDITED);
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET actor = 'old-d' WHERE seq = ?", firstKept + 2));
        behindTheBack(
                () -> jdbc.update("UPDATE audit_event SET seq = -seq WHERE seq IN (?, ?)", firstKept, firstKept + 1));
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET seq = ? WHERE seq = ?", firstKept + 1, -firstKept));
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET seq = ? WHERE seq = ?", firstKept, -(firstKept + 1)));
        assertBroken(auditor, firstKept, Kind.REORDERED);
        behindTheBack(
                () -> jdbc.update("UPDATE audit_event SET seq = -seq WHERE seq IN (?, ?)", firstKept, firstKept + 1));
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET seq = ? WHERE seq = ?", firstKept + 1, -firstKept));
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET seq = ? WHERE seq = ?", firstKept, -(firstKept + 1)));
        assertChainVerifies(auditor, second.get().toSeq());
        behindTheBack(() -> jdbc.update("DELETE FROM audit_event WHERE seq = ?", firstKept));
        assertBroken(auditor, firstKept, Kind.DELETED);
    }

    @Test
    @Order(2)
    void theDatabaseRefusesToPurgeYoungEntriesAndTheAppRoleCannotDelete() throws Exception {
        assumeThat(onPostgres()).as("PostgreSQL only").isTrue();
        clock.set(NOW);
        group("young", NOW.minus(Duration.ofDays(10)));
        long young = jdbc.queryForObject("SELECT max(seq) FROM audit_checkpoint", Long.class);
        byte[] sm3 = new byte[32];
        // even the schema owner calling the function cannot remove entries younger than 180 days
        assertThatThrownBy(() -> jdbc.queryForObject("SELECT audit_purge(?, 'x', ?)", Long.class, young, sm3))
                .rootCause()
                .hasMessageContaining("younger than 180 days");

        jdbc.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sealpost_app') THEN"
                + " CREATE ROLE sealpost_app LOGIN PASSWORD '" + APP_PASSWORD + "'; END IF; END $$");
        flyway.migrate();
        try (Connection app = DriverManager.getConnection(
                        url.replaceAll("[?&]user=[^&]*", ""), "sealpost_app", APP_PASSWORD);
                Statement s = app.createStatement()) {
            s.execute("SET sealpost.audit_purge = 'on'");
            assertDenied(s, "DELETE FROM audit_event WHERE seq = " + young);
            assertDenied(s, "DELETE FROM audit_checkpoint");
            assertDenied(
                    s,
                    "INSERT INTO audit_purge (up_to_seq, up_to_hash, purged_at, rows_removed, archive,"
                            + " archive_sm3) VALUES (" + young + ", '\\x00', now(), 0, 'x', '\\x00')");
            // the role may call the function, which still refuses young entries
            assertThatThrownBy(() ->
                            s.executeQuery("SELECT audit_purge(" + young + ", 'x', decode(repeat('00', 32), 'hex'))"))
                    .hasMessageContaining("younger than 180 days");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE actor = 'old-young'", Long.class))
                .isEqualTo(5);
    }

    @Test
    void retentionUnder180DaysIsRefused() {
        assertThatThrownBy(() -> new AuditProperties(null, null, null, Duration.ofDays(179), null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 180 days");
        assertThat(new AuditProperties(null, null, null, null, null, null, null).retention())
                .isEqualTo(Duration.ofDays(365));
        assertThat(new AuditProperties(null, null, null, null, null, null, null)
                        .syslog()
                        .enabled())
                .isFalse();
    }

    /** Five entries at {@code at}, then a signed checkpoint. */
    private void group(String name, Instant at) {
        clock.set(at);
        for (int i = 0; i < 5; i++) {
            audit.record(new AuditEntry("old-" + name, "ZJBRC", "SIGN_IN", true, "127.0.0.1", "account:x", name + i));
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(2));
        assertThat(checkpoints.checkpointIfDue())
                .as("checkpoint after group " + name)
                .isPresent();
    }

    private void assertNothingYoungerThanRetentionRemoved() {
        Instant floor = clock.instant().minus(AuditProperties.MINIMUM_RETENTION);
        long base = jdbc.queryForObject("SELECT max(up_to_seq) FROM audit_purge", Long.class);
        // every entry after the purge is present (gapless) and none of the removed ones was young
        long head = jdbc.queryForObject("SELECT seq FROM audit_chain_head WHERE id = 1", Long.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class))
                .isEqualTo(head - base);
        String archive = jdbc.queryForObject("SELECT archive FROM audit_purge WHERE up_to_seq = ?", String.class, base);
        assertThat(archive).isNotBlank();
        assertThat(jdbc.queryForObject("SELECT min(occurred_at) FROM audit_event", OffsetDateTime.class)
                        .toInstant())
                .as("the oldest kept entry")
                .isBefore(clock.instant());
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE occurred_at >= ?",
                        Long.class,
                        OffsetDateTime.ofInstant(floor, ZoneOffset.UTC)))
                .isEqualTo(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE occurred_at >= ? AND seq > ?",
                        Long.class,
                        OffsetDateTime.ofInstant(floor, ZoneOffset.UTC),
                        base));
    }

    private void assertArchiveVerifies(AuditRetention.Purge purge) throws Exception {
        Path file = purge.archive();
        assertThat(file).startsWith(props.archiveDir()).exists();
        Path sig = file.resolveSibling(file.getFileName() + ".sig");
        AuditArchive.Verification v =
                AuditArchive.verify(file, sig, ca.certificate().getPublicKey());
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.summary().fromSeq()).isEqualTo(purge.fromSeq());
        assertThat(v.summary().toSeq()).isEqualTo(purge.toSeq());
        // and a flipped byte breaks it
        Path copy = Files.createTempFile(file.getParent(), "copy", ".gz");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(copy, bytes);
        assertThat(AuditArchive.verify(copy, sig, ca.certificate().getPublicKey())
                        .ok())
                .isFalse();
        Files.delete(copy);
    }

    private void assertChainVerifies(SignedInUser auditor, long base) {
        AuditChain.Result r = verifying.verify(auditor);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.lastCheckpointSeq()).isGreaterThanOrEqualTo(base);
        assertThat(r.checked()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class) - 1);
    }

    private void assertBroken(SignedInUser auditor, long seq, Kind kind) {
        AuditChain.Result r = verifying.verify(auditor);
        assertThat(r.ok()).as("must be broken").isFalse();
        assertThat(r.firstBroken().kind()).as(r.toString()).isEqualTo(kind);
        assertThat(r.firstBroken().seq()).as(r.toString()).isEqualTo(seq);
    }

    private List<String> actors() {
        return jdbc.queryForList("SELECT DISTINCT actor FROM audit_event", String.class);
    }

    private long countOf(String actor) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE actor = ?", Long.class, actor);
    }

    private SignedInUser auditor() {
        TestAccounts accounts = new TestAccounts(jdbc);
        accounts.standardUnits();
        long id = accounts.account("retention-auditor", "ZJBRC", Role.AUDITOR);
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC'", Long.class);
        return new SignedInUser(id, "retention-auditor", "retention-auditor", unitId, "ZJBRC", Set.of(Role.AUDITOR));
    }

    private void behindTheBack(Runnable tampering) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            if (onPostgres()) {
                jdbc.execute("SET LOCAL session_replication_role = replica");
            }
            tampering.run();
        });
    }

    private boolean onPostgres() {
        return Boolean.TRUE.equals(jdbc.execute((Connection c) -> {
            try {
                return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static void assertDenied(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql))
                .as(sql)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                        .as(sql + ": " + e.getMessage())
                        .isIn("42501", "42809"));
    }
}
