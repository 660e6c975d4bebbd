package org.sealpost.server.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.sealpost.core.audit.AuditChain;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs checkpoints of the chain head with the system key: once {@code checkpoint-every} entries
 * were appended since the last one (checked after each commit), and every {@code
 * checkpoint-interval} while the log grows (a schedule). A checkpoint binds everything before it:
 * rewriting the log up to a checkpoint, even with recomputed hashes, no longer matches its signed
 * hash. Two nodes cannot sign the same head twice: the head row is locked while signing.
 */
@Component
class AuditCheckpoints {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AuditProperties props;
    private final ObjectProvider<CheckpointSigner> signer;
    private final TransactionTemplate ownTransaction;

    AuditCheckpoints(
            JdbcTemplate jdbc,
            Clock clock,
            AuditProperties props,
            ObjectProvider<CheckpointSigner> signer,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
        this.signer = signer;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    boolean dueByCount(AuditChainWriter.Head head) {
        return head.seq() - head.checkpointSeq() >= props.checkpointEvery();
    }

    @Scheduled(
            initialDelayString = "${sealpost.audit.checkpoint-check:PT1M}",
            fixedDelayString = "${sealpost.audit.checkpoint-check:PT1M}")
    void onSchedule() {
        checkpointIfDue();
    }

    /** Signs a checkpoint of the current head if one is due; the seq it signed, if it did. */
    Optional<Long> checkpointIfDue() {
        CheckpointSigner key = signer.getIfAvailable();
        if (key == null || !key.prepare()) {
            return Optional.empty();
        }
        return ownTransaction.execute(s -> {
            Map<String, Object> head =
                    jdbc.queryForMap("SELECT seq, hash, checkpoint_seq FROM audit_chain_head WHERE id = 1 FOR UPDATE");
            long seq = ((Number) head.get("seq")).longValue();
            long last = ((Number) head.get("checkpoint_seq")).longValue();
            OffsetDateTime lastAt = jdbc.queryForObject(
                    "SELECT checkpoint_at FROM audit_chain_head WHERE id = 1", OffsetDateTime.class);
            Instant now = clock.instant();
            boolean due = seq > last
                    && (seq - last >= props.checkpointEvery()
                            || lastAt == null
                            || !now.isBefore(lastAt.toInstant().plus(props.checkpointInterval())));
            if (!due) {
                return Optional.<Long>empty();
            }
            byte[] hash = (byte[]) head.get("hash");
            AuditChain.Checkpoint unsigned = new AuditChain.Checkpoint(seq, hash, now, "", null);
            Optional<CheckpointSigner.Signature> signature =
                    key.sign(AuditChain.checkpointPayload(seq, hash, unsigned.signedAt()));
            if (signature.isEmpty()) {
                return Optional.<Long>empty();
            }
            OffsetDateTime at = OffsetDateTime.ofInstant(unsigned.signedAt(), ZoneOffset.UTC);
            jdbc.update(
                    "INSERT INTO audit_checkpoint (seq, hash, signed_at, signer, signature) VALUES (?, ?, ?, ?, ?)",
                    seq,
                    hash,
                    at,
                    signature.get().signer(),
                    signature.get().value());
            jdbc.update("UPDATE audit_chain_head SET checkpoint_seq = ?, checkpoint_at = ? WHERE id = 1", seq, at);
            return Optional.of(seq);
        });
    }
}
