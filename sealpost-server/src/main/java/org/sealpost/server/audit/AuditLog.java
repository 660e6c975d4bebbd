package org.sealpost.server.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Writes and reads {@code audit_event} rows. A minimal API for now: the SM3 hash chain and signed
 * checkpoints (SECURITY.md L03) come later on top of the same table. Reading is for auditors only;
 * callers authorise before calling {@link #recent(int)}.
 */
@Service
public class AuditLog {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(AuditEntry entry) {
        jdbc.update(
                "INSERT INTO audit_event (occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                OffsetDateTime.now(clock),
                clip(entry.actor(), 64),
                clip(entry.unitCode(), 40),
                clip(entry.eventType(), 60),
                entry.success(),
                clip(entry.ip(), 64),
                clip(entry.objectRef(), 200),
                entry.detail() == null ? null : clip(entry.detail(), 2000));
    }

    /** The newest events first. */
    public List<AuditRecord> recent(int limit) {
        return jdbc.query(
                "SELECT id, occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail"
                        + " FROM audit_event ORDER BY id DESC LIMIT ?",
                (rs, n) -> new AuditRecord(
                        rs.getLong("id"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        new AuditEntry(
                                rs.getString("actor"),
                                rs.getString("unit_code"),
                                rs.getString("event_type"),
                                rs.getBoolean("success"),
                                rs.getString("ip"),
                                rs.getString("object_ref"),
                                rs.getString("detail"))),
                limit);
    }

    /** Control characters are encoded so that a stored value cannot forge a log line. */
    private static String clip(String value, int max) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.length() <= max ? out.toString() : out.substring(0, max);
    }

    public record AuditRecord(long id, OffsetDateTime occurredAt, AuditEntry entry) {}
}
