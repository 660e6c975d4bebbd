package org.sealpost.server.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.sealpost.core.audit.AuditArchive;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.audit.AuditTables;
import org.sealpost.core.crypto.Sm3;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit retention (SECURITY.md L05): entries older than {@code sealpost.audit.retention} (default
 * 365 days, never under 180) are first written to a signed archive ({@link AuditArchive},
 * docs/audit-archive.md) under {@code sealpost.audit.archive-dir}, and only then removed from the
 * database — always up to a signed checkpoint, which stays and anchors the rest of the chain, so
 * the verifier still checks every remaining entry (and still finds edits, deletions and reorders).
 *
 * <p>The cut is the newest checkpoint before the first entry younger than the retention, so an
 * entry inside the retention is never removed even when clocks of several nodes disagree about
 * order. On PostgreSQL the deletion is done by the database function {@code audit_purge}
 * (db/vendor/postgresql/V72_1), which checks the same rules against the database's own clock
 * with a fixed floor of 180 days; the application role itself still cannot DELETE audit rows.
 * Each purge is recorded in {@code audit_purge} and audited as {@code AUDIT_PURGED}.
 */
@Component
class AuditRetention {

    static final String PURGED = "AUDIT_PURGED";
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AuditProperties props;
    private final ObjectProvider<CheckpointSigner> signer;
    private final AuditLog audit;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate purge;
    private volatile Boolean postgres;

    AuditRetention(
            JdbcTemplate jdbc,
            Clock clock,
            AuditProperties props,
            ObjectProvider<CheckpointSigner> signer,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
        this.signer = signer;
        this.audit = audit;
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        readOnly.setReadOnly(true);
        this.purge = new TransactionTemplate(transactions);
        purge.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** One purge: entries {@code fromSeq..toSeq} went to {@code archive} (with {@code archive + ".sig"}). */
    record Purge(long fromSeq, long toSeq, Path archive, Instant cutoff) {}

    @Scheduled(
            initialDelayString = "${sealpost.audit.retention-check:PT6H}",
            fixedDelayString = "${sealpost.audit.retention-check:PT6H}")
    void onSchedule() {
        try {
            purgeDue();
        } catch (RuntimeException e) {
            log.error("audit retention did not run: {}", e.toString());
        }
    }

    /**
     * Archives and purges the entries older than the retention, up to the newest checkpoint that
     * covers only such entries; empty when there is nothing to purge (or no system key to sign the
     * archive yet).
     */
    synchronized Optional<Purge> purgeDue() {
        CheckpointSigner key = signer.getIfAvailable();
        if (key == null || !key.prepare()) {
            return Optional.empty();
        }
        Instant cutoff = clock.instant().minus(props.retention());
        long base = jdbc.queryForObject("SELECT coalesce(max(up_to_seq), 0) FROM audit_purge", Long.class);
        Long firstYoung = jdbc.queryForObject(
                "SELECT min(seq) FROM audit_event WHERE seq > ? AND occurred_at >= ?",
                Long.class,
                base,
                OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
        long limit = firstYoung != null
                ? firstYoung - 1
                : jdbc.queryForObject("SELECT seq FROM audit_chain_head WHERE id = 1", Long.class);
        Long upTo = jdbc.queryForObject(
                "SELECT max(seq) FROM audit_checkpoint WHERE seq > ? AND seq <= ?", Long.class, base, limit);
        if (upTo == null) {
            return Optional.empty();
        }
        byte[] prevHash = base == 0
                ? AuditChain.genesis()
                : jdbc.queryForObject("SELECT up_to_hash FROM audit_purge WHERE up_to_seq = ?", byte[].class, base);
        Path archive = writeArchive(key, base, prevHash, upTo);
        byte[] sm3;
        try {
            sm3 = Sm3.digest(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        purge.executeWithoutResult(s -> {
            long removed = remove(upTo, archive.getFileName().toString(), sm3, cutoff);
            audit.record(new AuditEntry(
                    "system",
                    null,
                    PURGED,
                    true,
                    null,
                    "audit:" + (base + 1) + "-" + upTo,
                    removed + " entries older than " + cutoff + " archived to " + archive.getFileName() + " (SM3 "
                            + java.util.HexFormat.of().formatHex(sm3) + ") and purged"));
        });
        log.info("audit entries {}–{} archived to {} and purged", base + 1, upTo, archive);
        return Optional.of(new Purge(base + 1, upTo, archive, cutoff));
    }

    /** Writes and signs the archive, reads it back and verifies it; only then may rows go. */
    private Path writeArchive(CheckpointSigner key, long base, byte[] prevHash, long upTo) {
        X509Certificate certificate = key.certificate()
                .orElseThrow(() -> new IllegalStateException("no system certificate to sign the audit archive"));
        PublicKey publicKey = certificate.getPublicKey();
        Path dir = props.archiveDir();
        Path file = dir.resolve(AuditArchive.fileName(base + 1, upTo));
        Path sig = dir.resolve(file.getFileName() + ".sig");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".audit-", ".tmp");
            Path tmpSig = Files.createTempFile(dir, ".audit-", ".sig.tmp");
            try {
                readOnly.executeWithoutResult(s -> jdbc.execute((ConnectionCallback<Void>) c -> {
                    write(c, tmp, base, prevHash, upTo);
                    return null;
                }));
                byte[] sm3 = Sm3.digest(tmp);
                CheckpointSigner.Signature signature = key.sign(AuditArchive.signaturePayload(sm3))
                        .orElseThrow(() -> new IllegalStateException("the system key did not sign the audit archive"));
                Files.writeString(
                        tmpSig,
                        AuditArchive.signatureFile(signature.signer(), sm3, signature.value()),
                        StandardCharsets.UTF_8);
                fsync(tmpSig);
                move(tmpSig, sig);
                move(tmp, file);
                fsync(dir);
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(tmpSig);
            }
            AuditArchive.Verification check = AuditArchive.verify(file, sig, publicKey);
            if (!check.ok()) {
                throw new IllegalStateException(
                        "the audit archive just written does not verify (" + check + "); nothing was purged");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit archive " + file + "; nothing was purged", e);
        }
    }

    private static void write(Connection c, Path tmp, long base, byte[] prevHash, long upTo) throws SQLException {
        AuditChain.Checkpoint checkpoint = null;
        var checkpoints = AuditTables.checkpoints(c);
        while (checkpoints.hasNext()) {
            AuditChain.Checkpoint next = checkpoints.next();
            if (next.seq() == upTo) {
                checkpoint = next;
                break;
            }
        }
        if (checkpoint == null) {
            throw new IllegalStateException("the checkpoint at seq " + upTo + " disappeared");
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            AuditArchive.write(out, base, prevHash, AuditTables.entries(c, base, upTo), checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fsync(tmp);
    }

    private long remove(long upTo, String archive, byte[] sm3, Instant cutoff) {
        if (onPostgres()) {
            // the database checks the rules again with its own clock and does the deletes as the owner
            return jdbc.queryForObject("SELECT audit_purge(?, ?, ?)", Long.class, upTo, archive, sm3);
        }
        // H2 (demo and tests): the same rules, here
        jdbc.queryForObject("SELECT seq FROM audit_chain_head WHERE id = 1 FOR UPDATE", Long.class);
        long base = jdbc.queryForObject("SELECT coalesce(max(up_to_seq), 0) FROM audit_purge", Long.class);
        if (upTo <= base) {
            throw new IllegalStateException("audit log already purged up to seq " + base);
        }
        byte[] hash = jdbc.queryForObject("SELECT hash FROM audit_checkpoint WHERE seq = ?", byte[].class, upTo);
        Instant floor = clock.instant().minus(AuditProperties.MINIMUM_RETENTION);
        Instant bound = cutoff.isBefore(floor) ? cutoff : floor;
        Long young = jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE seq <= ? AND occurred_at >= ?",
                Long.class,
                upTo,
                OffsetDateTime.ofInstant(bound, ZoneOffset.UTC));
        if (young != null && young > 0) {
            throw new IllegalStateException("audit entries up to seq " + upTo + " include " + young
                    + " younger than the retention: purge refused");
        }
        int removed = jdbc.update("DELETE FROM audit_event WHERE seq <= ?", upTo);
        jdbc.update("DELETE FROM audit_checkpoint WHERE seq < ?", upTo);
        jdbc.update(
                "INSERT INTO audit_purge (up_to_seq, up_to_hash, purged_at, rows_removed, archive, archive_sm3)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                upTo,
                hash,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                removed,
                archive,
                sm3);
        return removed;
    }

    private boolean onPostgres() {
        if (postgres == null) {
            postgres = jdbc.execute((ConnectionCallback<Boolean>)
                    c -> c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
        }
        return postgres;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void fsync(Path path) {
        try (FileChannel ch =
                FileChannel.open(path, Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw new UncheckedIOException(e);
            }
            // some file systems cannot sync a directory; the files themselves are synced
        }
    }
}
