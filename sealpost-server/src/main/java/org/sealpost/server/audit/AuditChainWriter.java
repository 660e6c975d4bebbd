package org.sealpost.server.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sealpost.core.audit.AuditChain;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends entries to the chain. Must run inside the transaction that commits them: it locks the
 * single {@code audit_chain_head} row until that transaction ends, so appends are serialised and
 * the chain never forks (gapless seq, each prev_hash the hash before it).
 */
@Component
class AuditChainWriter {

    private final JdbcTemplate jdbc;

    AuditChainWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Where the chain stands after an append. */
    record Head(long seq, long checkpointSeq) {}

    Head append(List<AuditChain.Event> events) {
        Map<String, Object> head =
                jdbc.queryForMap("SELECT seq, hash, checkpoint_seq FROM audit_chain_head WHERE id = 1 FOR UPDATE");
        long seq = ((Number) head.get("seq")).longValue();
        byte[] prev = seq == 0 ? AuditChain.genesis() : (byte[]) head.get("hash");
        List<Object[]> rows = new ArrayList<>(events.size());
        for (AuditChain.Event event : events) {
            AuditChain.Entry entry = AuditChain.append(++seq, prev, event);
            rows.add(new Object[] {
                seq,
                OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC),
                event.actor(),
                event.unitCode(),
                event.eventType(),
                event.success(),
                event.ip(),
                event.objectRef(),
                event.detail(),
                entry.prevHash(),
                entry.hash()
            });
            prev = entry.hash();
        }
        jdbc.batchUpdate(
                "INSERT INTO audit_event (seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref,"
                        + " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
        jdbc.update("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1", seq, prev);
        return new Head(seq, ((Number) head.get("checkpoint_seq")).longValue());
    }
}
