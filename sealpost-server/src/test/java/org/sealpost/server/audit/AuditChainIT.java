package org.sealpost.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.audit.AuditChain.Kind;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.AccountCommands.CreateAccount;
import org.sealpost.server.identity.ManagingAccounts;
import org.sealpost.server.identity.SignInToken;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SECURITY.md L03/L04: the audit log is an SM3 hash chain with signed checkpoints; edits, deletions,
 * reordering and insertions made with SQL behind the application's back are each found at their
 * position; concurrent appends make one unbroken chain; a failed audit write rolls the business
 * action back. Runs on H2 and (second Failsafe run) on PostgreSQL, where tampering first switches
 * the append-only triggers off as a superuser would.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class AuditChainIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    VerifyingAuditChain verifying;

    @Autowired
    ManagingAccounts managingAccounts;

    @Autowired
    SystemCa ca;

    @Autowired
    TestClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    MockMvc mvc;

    SignedInUser auditor;
    SignedInUser sysadmin;
    private Snapshot before;

    @BeforeEach
    void setUp() {
        clock.reset();
        TestAccounts accounts = new TestAccounts(jdbc);
        accounts.standardUnits();
        auditor = user("chain-auditor", Role.AUDITOR, accounts);
        sysadmin = user("chain-sysadmin", Role.SYSTEM_ADMIN, accounts);
        ca.ensureCreated();
        before = Snapshot.take(jdbc);
        assertThat(verify().ok())
                .as("the log is intact before each test: %s", verify())
                .isTrue();
    }

    @AfterEach
    void restoreTheLog() {
        behindTheBack(() -> before.restore(jdbc));
    }

    @Test
    void appendedEntriesFormAnUnbrokenChainWithGaplessSeq() {
        long head = head();
        recordSome(25);
        AuditChain.Result result = verify();
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lastSeq()).isEqualTo(head + 25);
        List<Long> seqs = jdbc.queryForList(
                "SELECT seq FROM audit_event WHERE seq > ? AND actor = 'chain-test' ORDER BY seq", Long.class, head);
        assertThat(seqs).hasSize(25).first().isEqualTo(head + 1);
        assertThat(seqs.get(24)).isEqualTo(head + 25);
    }

    @Test
    void editedEntryIsFoundAtItsSeq() {
        long k = recordSome(10) - 4;
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET actor = 'nobody' WHERE seq = ?", k));
        assertBroken(k, Kind.EDITED);
    }

    @Test
    void editedTimeIsFoundAtItsSeq() {
        long k = recordSome(10) - 7;
        behindTheBack(() ->
                jdbc.update("UPDATE audit_event SET occurred_at = occurred_at - INTERVAL '1' HOUR WHERE seq = ?", k));
        assertBroken(k, Kind.EDITED);
    }

    @Test
    void deletedEntryIsFoundAtItsSeq() {
        long k = recordSome(10) - 5;
        behindTheBack(() -> jdbc.update("DELETE FROM audit_event WHERE seq = ?", k));
        assertBroken(k, Kind.DELETED);
    }

    @Test
    void reorderedEntriesAreFoundAtTheFirstMovedSeq() {
        long k = recordSome(10) - 6;
        behindTheBack(() -> {
            jdbc.update("UPDATE audit_event SET seq = -1 WHERE seq = ?", k);
            jdbc.update("UPDATE audit_event SET seq = ? WHERE seq = ?", k, k + 1);
            jdbc.update("UPDATE audit_event SET seq = ? WHERE seq = -1", k + 1);
        });
        assertBroken(k, Kind.REORDERED);
    }

    @Test
    void insertedEntryIsFoundAtItsSeq() {
        long last = recordSome(10);
        long k = last - 3;
        behindTheBack(() -> {
            // make room (seq is unique), then slip a row in
            jdbc.update("UPDATE audit_event SET seq = seq + 1000000 WHERE seq >= ?", k);
            jdbc.update("UPDATE audit_event SET seq = seq - 999999 WHERE seq >= 1000000");
            jdbc.update(
                    "INSERT INTO audit_event (seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref,"
                            + " prev_hash, hash) SELECT ?, occurred_at, 'ghost', unit_code, 'SIGN_IN', TRUE, ip,"
                            + " object_ref, prev_hash, hash FROM audit_event WHERE seq = ?",
                    k,
                    k + 1);
        });
        assertBroken(k, Kind.INSERTED);
    }

    @Test
    void appendedForeignRowBeyondTheHeadIsAnInsertion() {
        long last = recordSome(3);
        behindTheBack(() -> jdbc.update(
                "INSERT INTO audit_event (seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref,"
                        + " prev_hash, hash) SELECT ?, occurred_at, 'ghost', unit_code, event_type, success, ip,"
                        + " object_ref, hash, hash FROM audit_event WHERE seq = ?",
                last + 1,
                last));
        assertBroken(last + 1, Kind.INSERTED);
    }

    @Test
    void tailRewrittenWithRecomputedHashesIsCaughtByTheSignedCheckpoint() {
        long signed = checkpointNow(recordSome(6));
        long last = recordSome(4);
        // an attacker who knows the scheme rewrites entry signed-2 and recomputes every hash after it
        behindTheBack(() -> {
            jdbc.update("UPDATE audit_event SET detail = 'nothing happened' WHERE seq = ?", signed - 2);
            byte[] prev = jdbc.queryForObject("SELECT hash FROM audit_event WHERE seq = ?", byte[].class, signed - 3);
            for (long s = signed - 2; s <= last; s++) {
                AuditChain.Entry e = readEntry(s);
                byte[] hash = AuditChain.hash(prev, s, e.event());
                jdbc.update("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", prev, hash, s);
                prev = hash;
            }
            jdbc.update("UPDATE audit_chain_head SET hash = ? WHERE id = 1", prev);
        });
        assertBroken(signed, Kind.CHECKPOINT_INVALID);
    }

    @Test
    void forgedCheckpointSignatureIsFound() {
        long signed = checkpointNow(recordSome(3));
        assertThat(verify().lastCheckpointSeq()).isEqualTo(signed);
        behindTheBack(() -> jdbc.update(
                "UPDATE audit_checkpoint SET signed_at = signed_at + INTERVAL '1' DAY WHERE seq = ?", signed));
        assertBroken(signed, Kind.CHECKPOINT_INVALID);
    }

    @Test
    void truncatedTailAfterACheckpointIsFound() {
        long signed = checkpointNow(recordSome(5));
        behindTheBack(() -> {
            jdbc.update("DELETE FROM audit_event WHERE seq > ?", signed - 2);
            jdbc.update(
                    "UPDATE audit_chain_head SET seq = ?, hash = (SELECT hash FROM audit_event WHERE seq = ?)"
                            + " WHERE id = 1",
                    signed - 2,
                    signed - 2);
        });
        assertBroken(signed - 1, Kind.TRUNCATED);
    }

    @Test
    void checkpointIsSignedOnceDueByTimeAndNotAgainForAnUnchangedHead() {
        long first = checkpointNow(recordSome(2));
        assertThat(checkpoints.checkpointIfDue()).as("nothing appended since").isEmpty();
        long second = recordSome(1);
        assertThat(checkpoints.checkpointIfDue())
                .as("appended, but the interval has not passed")
                .isEmpty();
        clock.advance(Duration.ofMinutes(11));
        assertThat(checkpoints.checkpointIfDue()).contains(second);
        clock.advance(Duration.ofMinutes(11));
        assertThat(checkpoints.checkpointIfDue())
                .as("quiet log: nothing new to sign")
                .isEmpty();
        assertThat(second).isGreaterThan(first);
        AuditChain.Result result = verify();
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lastCheckpointSeq()).isEqualTo(second);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_checkpoint WHERE seq IN (?, ?)", Long.class, first, second))
                .isEqualTo(2);
    }

    @Test
    void concurrentAppendsMakeOneUnbrokenChain() throws Exception {
        long head = head();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    TransactionTemplate tx = new TransactionTemplate(transactions);
                    for (int i = 0; i < 200; i++) {
                        int n = i;
                        if (n % 2 == 0) {
                            tx.executeWithoutResult(s -> audit.record(entry("thread-" + thread, "op " + n)));
                        } else {
                            audit.record(entry("thread-" + thread, "op " + n));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // a figure for docs/performance.md, not an assertion
        System.out.printf(
                "audit append throughput: 1600 entries by 8 threads in %d ms = %.0f entries/s (%s)%n",
                millis, 1600_000.0 / Math.max(1, millis), onPostgres() ? "PostgreSQL" : "H2");
        assertThat(head()).isEqualTo(head + 1600);
        AuditChain.Result result = verify();
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE seq > ? AND actor LIKE 'thread-%'", Long.class, head))
                .isEqualTo(1600);
    }

    @Test
    void failedAuditWriteRollsTheBusinessActionBack() {
        // L04: the audit table refuses this one entry; the account it would record must not exist
        jdbc.execute(
                "ALTER TABLE audit_event ADD CONSTRAINT audit_l04_probe CHECK (object_ref <> 'account:l04-victim')");
        try {
            assertThatThrownBy(() -> managingAccounts.create(
                            sysadmin, new CreateAccount("l04-victim", "审计失败", "ZJBRC", Set.of())))
                    .isInstanceOf(DataAccessException.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM account WHERE username = 'l04-victim'", Long.class))
                    .isZero();
        } finally {
            jdbc.execute("ALTER TABLE audit_event DROP CONSTRAINT audit_l04_probe");
        }
        // the same action with a working audit log succeeds and is audited exactly once
        managingAccounts.create(sysadmin, new CreateAccount("l04-victim", "审计失败", "ZJBRC", Set.of()));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'ACCOUNT_CREATED'"
                                + " AND object_ref = 'account:l04-victim'",
                        Long.class))
                .isEqualTo(1);
        assertThat(verify().ok()).isTrue();
        jdbc.update("DELETE FROM account WHERE username = 'l04-victim'");
    }

    @Test
    void auditorVerifiesThroughTheApiAndThePage() throws Exception {
        long k = recordSome(5) - 2;
        mvc.perform(get("/api/v1/audit/verify").with(authentication(token(auditor))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true));
        behindTheBack(() -> jdbc.update("UPDATE audit_event SET success = NOT success WHERE seq = ?", k));
        mvc.perform(get("/api/v1/audit/verify").with(authentication(token(auditor))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(false))
                .andExpect(jsonPath("$.firstBroken.seq").value(k))
                .andExpect(jsonPath("$.firstBroken.kind").value("EDITED"));
        mvc.perform(post("/audit/verify").with(csrf()).with(authentication(token(auditor))))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"broken-seq\">" + k + "<")));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'AUDIT_VERIFIED' AND NOT success"
                                + " AND actor = 'chain-auditor'",
                        Long.class))
                .as("each failed check is itself audited")
                .isEqualTo(2);
        mvc.perform(get("/api/v1/audit/verify").with(authentication(token(sysadmin))))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/events?type=SIGN_IN&size=2").with(authentication(token(auditor))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.events.length()").value(2))
                .andExpect(jsonPath("$.size").value(2));
    }

    @Test
    void auditorFiltersThePage() throws Exception {
        audit.record(new AuditEntry("filter-me", "ICBC-ZJ", "SEAL_STAMPED", false, "10.1.1.1", "seal:1", null));
        mvc.perform(get("/audit?actor=filter-me&success=false").with(authentication(token(auditor))))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("10.1.1.1")));
        mvc.perform(get("/audit?actor=filter-me&success=true").with(authentication(token(auditor))))
                .andExpect(status().isOk())
                .andExpect(
                        content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("10.1.1.1"))));
    }

    // --- helpers ---

    private AuditChain.Result verify() {
        return verifying.verify(auditor);
    }

    private void assertBroken(long seq, Kind kind) {
        AuditChain.Result result = verify();
        assertThat(result.ok()).as("must be broken").isFalse();
        assertThat(result.firstBroken().kind()).as(result.toString()).isEqualTo(kind);
        assertThat(result.firstBroken().seq()).as(result.toString()).isEqualTo(seq);
    }

    /** Records n entries, each in a transaction of its own; returns the seq of the last one. */
    private long recordSome(int n) {
        for (int i = 0; i < n; i++) {
            audit.record(entry("chain-test", "entry " + i));
        }
        return head();
    }

    private long checkpointNow(long expectedSeq) {
        clock.advance(Duration.ofMinutes(11));
        checkpoints.checkpointIfDue();
        assertThat(jdbc.queryForObject("SELECT max(seq) FROM audit_checkpoint", Long.class))
                .isEqualTo(expectedSeq);
        return expectedSeq;
    }

    private static AuditEntry entry(String actor, String detail) {
        return new AuditEntry(actor, "ZJBRC", "SIGN_IN", true, "127.0.0.1", "account:" + actor, detail);
    }

    private long head() {
        return jdbc.queryForObject("SELECT seq FROM audit_chain_head WHERE id = 1", Long.class);
    }

    private AuditChain.Entry readEntry(long seq) {
        return jdbc.queryForObject(
                "SELECT occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail, prev_hash, hash"
                        + " FROM audit_event WHERE seq = ?",
                (rs, n) -> new AuditChain.Entry(
                        seq,
                        new AuditChain.Event(
                                rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getBoolean(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8)),
                        rs.getBytes(9),
                        rs.getBytes(10)),
                seq);
    }

    /** SQL the application did not issue: on PostgreSQL a superuser first switches the triggers off. */
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

    private SignedInUser user(String username, Role role, TestAccounts accounts) {
        Long id = jdbc.query(
                "SELECT id FROM account WHERE username = ?", rs -> rs.next() ? rs.getLong(1) : null, username);
        if (id == null) {
            id = accounts.account(username, "ZJBRC", role);
        }
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC'", Long.class);
        return new SignedInUser(id, username, username, unitId, "ZJBRC", Set.of(role));
    }

    private static SignInToken token(SignedInUser user) {
        return new SignInToken(user, EnumSet.noneOf(org.sealpost.server.identity.PendingStep.class), Instant.now());
    }

    /** The three audit tables as they were, to put back after a test tampered with them. */
    record Snapshot(List<Map<String, Object>> events, List<Map<String, Object>> checkpoints, Map<String, Object> head) {
        static Snapshot take(JdbcTemplate jdbc) {
            return new Snapshot(
                    jdbc.queryForList("SELECT * FROM audit_event ORDER BY id"),
                    jdbc.queryForList("SELECT * FROM audit_checkpoint ORDER BY seq"),
                    jdbc.queryForMap("SELECT * FROM audit_chain_head WHERE id = 1"));
        }

        void restore(JdbcTemplate jdbc) {
            jdbc.update("DELETE FROM audit_event");
            jdbc.update("DELETE FROM audit_checkpoint");
            for (Map<String, Object> row : events) {
                insert(jdbc, "audit_event", row);
            }
            for (Map<String, Object> row : checkpoints) {
                insert(jdbc, "audit_checkpoint", row);
            }
            jdbc.update(
                    "UPDATE audit_chain_head SET seq = ?, hash = ?, checkpoint_seq = ?, checkpoint_at = ? WHERE id = 1",
                    head.get("seq"),
                    head.get("hash"),
                    head.get("checkpoint_seq"),
                    head.get("checkpoint_at"));
        }

        private static void insert(JdbcTemplate jdbc, String table, Map<String, Object> row) {
            List<String> columns = new ArrayList<>(row.keySet());
            jdbc.update(
                    "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                            + String.join(", ", columns.stream().map(c -> "?").toList()) + ")",
                    columns.stream().map(row::get).toArray());
        }
    }
}
