package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.CertificateAuthority;

/**
 * {@code sealpost admin verify-audit} on an H2 file database with the server's schema (its SQL
 * migrations, run here in version order): intact → exit 0; edited, deleted or forged behind the
 * server's back → exit 3 naming the first broken seq.
 */
class VerifyAuditCliTest {

    private static final Path MIGRATIONS = Path.of("../sealpost-server/src/main/resources/db/migration");

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private KeyPair caKey;
    private Path caPem;
    private String url;

    @BeforeEach
    void serverDatabaseWithTwentyAuditEntries() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("sealpost").toAbsolutePath();
        caKey = Sm2.generateKeyPair(random);
        X509Certificate ca =
                CertificateAuthority.createRoot("审计测试根CA", caKey, Duration.ofDays(30), Clock.systemUTC(), random);
        caPem = dir.resolve("ca.pem");
        KeyFiles.writePem(caPem, List.of(ca));
        try (Connection c =
                        DriverManager.getConnection(AdminCommand.jdbcUrl(url).replace(";IFEXISTS=TRUE", ""), "sa", "");
                Statement s = c.createStatement()) {
            try (Stream<Path> files = Files.list(MIGRATIONS)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".sql"))
                        .sorted(Comparator.comparingDouble(VerifyAuditCliTest::version))
                        .toList()) {
                    s.execute("RUNSCRIPT FROM '" + f.toAbsolutePath() + "' CHARSET 'UTF-8'");
                }
            }
            byte[] prev = AuditChain.genesis();
            Instant t = Instant.parse("2026-11-27T01:00:00Z");
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO audit_event (seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref,"
                            + " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 20; i++) {
                    AuditChain.Entry e = AuditChain.append(
                            i,
                            prev,
                            new AuditChain.Event(
                                    t.plusSeconds(i),
                                    "user" + i,
                                    "ZJBRC",
                                    "SIGN_IN",
                                    true,
                                    "10.0.0.1",
                                    "account:user" + i,
                                    null));
                    insert.setLong(1, i);
                    insert.setObject(2, OffsetDateTime.ofInstant(e.event().time(), ZoneOffset.ofHours(8)));
                    insert.setString(3, e.event().actor());
                    insert.setString(4, "ZJBRC");
                    insert.setString(5, "SIGN_IN");
                    insert.setBoolean(6, true);
                    insert.setString(7, "10.0.0.1");
                    insert.setString(8, e.event().objectRef());
                    insert.setString(9, null);
                    insert.setBytes(10, e.prevHash());
                    insert.setBytes(11, e.hash());
                    insert.executeUpdate();
                    prev = e.hash();
                    if (i == 15) {
                        AuditChain.Checkpoint cp = AuditChain.signCheckpoint(
                                i, e.hash(), t.plusSeconds(100), "01", caKey.getPrivate(), random);
                        try (PreparedStatement cps = c.prepareStatement(
                                "INSERT INTO audit_checkpoint (seq, hash, signed_at, signer, signature) VALUES (?, ?, ?, ?, ?)")) {
                            cps.setLong(1, cp.seq());
                            cps.setBytes(2, cp.hash());
                            cps.setObject(3, OffsetDateTime.ofInstant(cp.signedAt(), ZoneOffset.UTC));
                            cps.setString(4, cp.signer());
                            cps.setBytes(5, cp.signature());
                            cps.executeUpdate();
                        }
                    }
                }
            }
            try (PreparedStatement head =
                    c.prepareStatement("UPDATE audit_chain_head SET seq = 20, hash = ? WHERE id = 1")) {
                head.setBytes(1, prev);
                head.executeUpdate();
            }
        }
    }

    @Test
    void intactLogExitsZero() {
        Run run = run("admin", "verify-audit", "--jdbc", url, "--trust", caPem.toString());
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("intact: 20 entries, 1 signed checkpoints (last at seq 15)");
    }

    @Test
    void editedEntryExitsNonZeroNamingItsSeq() throws SQLException {
        sql("UPDATE audit_event SET ip = '6.6.6.6' WHERE seq = 12");
        Run run = run("admin", "verify-audit", "--jdbc", url, "--trust", caPem.toString());
        assertThat(run.code).isEqualTo(AdminCommand.BROKEN);
        assertThat(run.out).contains("EDITED at seq 12");
        assertThat(run.err).contains("audit log broken at seq 12 (EDITED)");
    }

    @Test
    void deletedEntryIsReportedAsJson() throws SQLException {
        sql("DELETE FROM audit_event WHERE seq = 7");
        Run run = run("admin", "verify-audit", "--jdbc", url, "--trust", caPem.toString(), "--json");
        assertThat(run.code).isEqualTo(AdminCommand.BROKEN);
        assertThat(run.out).contains("\"ok\" : false").contains("\"seq\" : 7").contains("\"kind\" : \"DELETED\"");
    }

    @Test
    void checkpointFromAnotherKeyIsInvalid() throws Exception {
        KeyPair other = Sm2.generateKeyPair(random);
        X509Certificate otherCa =
                CertificateAuthority.createRoot("别的CA", other, Duration.ofDays(30), Clock.systemUTC(), random);
        Path otherPem = dir.resolve("other.pem");
        KeyFiles.writePem(otherPem, List.of(otherCa));
        Run run = run("admin", "verify-audit", "--jdbc", url, "--trust", otherPem.toString());
        assertThat(run.code).isEqualTo(AdminCommand.BROKEN);
        assertThat(run.out).contains("CHECKPOINT_INVALID at seq 15");
    }

    @Test
    void missingDatabaseIsAClearErrorAndCreatesNothing() {
        String missing = "jdbc:h2:file:" + dir.resolve("nothing-here").toAbsolutePath();
        Run run = run("admin", "verify-audit", "--jdbc", missing);
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("cannot read the audit log");
        assertThat(dir.resolve("nothing-here.mv.db")).doesNotExist();
    }

    @Test
    void purgedLogVerifiesFromItsSignedCheckpointAndTheArchiveOffline() throws Exception {
        Path archive = dir.resolve(org.sealpost.core.audit.AuditArchive.fileName(1, 15));
        try (Connection c = DriverManager.getConnection(AdminCommand.jdbcUrl(url), "sa", "")) {
            AuditChain.Checkpoint cp =
                    org.sealpost.core.audit.AuditTables.checkpoints(c).next();
            try (var out = Files.newOutputStream(archive)) {
                org.sealpost.core.audit.AuditArchive.write(
                        out, 0, AuditChain.genesis(), org.sealpost.core.audit.AuditTables.entries(c, 0, 15), cp);
            }
            byte[] sm3 = org.sealpost.core.crypto.Sm3.digest(archive);
            byte[] signature =
                    Sm2.sign(caKey.getPrivate(), org.sealpost.core.audit.AuditArchive.signaturePayload(sm3), random);
            Files.writeString(
                    dir.resolve(archive.getFileName() + ".sig"),
                    org.sealpost.core.audit.AuditArchive.signatureFile("01", sm3, signature));
            // what the server's retention does after archiving
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM audit_event WHERE seq <= 15");
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO audit_purge (up_to_seq, up_to_hash, purged_at, rows_removed, archive, archive_sm3)"
                            + " VALUES (15, ?, CURRENT_TIMESTAMP, 15, ?, ?)")) {
                p.setBytes(1, cp.hash());
                p.setString(2, archive.getFileName().toString());
                p.setBytes(3, sm3);
                p.executeUpdate();
            }
        }
        Run run = run("admin", "verify-audit", "--jdbc", url, "--trust", caPem.toString());
        assertThat(run.code).as(run.err + run.out).isZero();
        assertThat(run.out).contains("intact: 5 entries, 1 signed checkpoints (last at seq 15)");

        Run offline = run("admin", "verify-audit-archive", archive.toString(), "--trust", caPem.toString());
        assertThat(offline.code).as(offline.err + offline.out).isZero();
        assertThat(offline.out).contains("audit archive intact: seq 1–15 (15 entries)");

        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 1;
        Files.write(archive, bytes);
        Run changed = run("admin", "verify-audit-archive", archive.toString(), "--trust", caPem.toString());
        assertThat(changed.code).isEqualTo(AdminCommand.BROKEN);
        assertThat(changed.out).contains("SM3 differs");

        // an entry deleted after the purge is still found
        sql("DELETE FROM audit_event WHERE seq = 17");
        Run broken = run("admin", "verify-audit", "--jdbc", url, "--trust", caPem.toString());
        assertThat(broken.code).isEqualTo(AdminCommand.BROKEN);
        assertThat(broken.out).contains("DELETED at seq 17");
    }

    @Test
    void leadingEntriesRemovedWithoutARecordedPurgeAreADeletion() throws SQLException {
        sql("DELETE FROM audit_event WHERE seq <= 15");
        Run run = run("admin", "verify-audit", "--jdbc", url, "--trust", caPem.toString());
        assertThat(run.code).isEqualTo(AdminCommand.BROKEN);
        assertThat(run.out).contains("DELETED at seq 1");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(AdminCommand.jdbcUrl(url), "sa", "");
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    /** Flyway's version of a migration file (V46_1__x.sql → 46.1), as a sortable number. */
    private static double version(Path migration) {
        String name = migration.getFileName().toString();
        return Double.parseDouble(name.substring(1, name.indexOf("__")).replace('_', '.'));
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
