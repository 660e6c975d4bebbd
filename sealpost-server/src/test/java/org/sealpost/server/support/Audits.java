package org.sealpost.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SECURITY.md L01 in tests: each use case leaves exactly one audit row of its type, with the right
 * actor and object. {@link #mark()} before the action, then {@link #assertOne}: only rows appended
 * after the mark count, so other tests sharing the database do not interfere.
 *
 * <pre>
 * Audits audits = new Audits(jdbc);            // marks the current chain head
 * mvc.perform(post("/documents/{id}/send", id)…);
 * audits.assertOne("DOCUMENT_SENT", "sender", "document:" + id);
 * </pre>
 */
public final class Audits {

    /** One audit row as stored. */
    public record Row(
            long seq,
            OffsetDateTime occurredAt,
            String actor,
            String unitCode,
            String eventType,
            boolean success,
            String ip,
            String objectRef,
            String detail) {}

    private final JdbcTemplate jdbc;
    private long since;

    public Audits(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        mark();
    }

    /** From now on only rows appended after this call count. */
    public Audits mark() {
        since = jdbc.queryForObject("SELECT seq FROM audit_chain_head WHERE id = 1", Long.class);
        return this;
    }

    /** Exactly one row of {@code type} since the mark, by {@code actor} on {@code objectRef} (null: any). */
    public Row assertOne(String type, String actor, String objectRef) {
        List<Row> rows = since(type);
        assertThat(rows)
                .as("exactly one %s audit row since seq %d (SECURITY.md L01)", type, since)
                .hasSize(1);
        Row row = rows.get(0);
        if (actor != null) {
            assertThat(row.actor()).as("actor of the %s audit row", type).isEqualTo(actor);
        }
        if (objectRef != null) {
            assertThat(row.objectRef()).as("object of the %s audit row", type).isEqualTo(objectRef);
        }
        assertThat(row.unitCode()).as("unit of the %s audit row", type).isNotBlank();
        assertThat(row.ip()).as("IP of the %s audit row", type).isNotBlank();
        return row;
    }

    /** As {@link #assertOne(String, String, String)}, and the row says whether the action succeeded. */
    public Row assertOne(String type, String actor, String objectRef, boolean success) {
        Row row = assertOne(type, actor, objectRef);
        assertThat(row.success()).as("success of the %s audit row", type).isEqualTo(success);
        return row;
    }

    /** No row of {@code type} since the mark. */
    public void assertNone(String type) {
        assertThat(since(type)).as("no %s audit row since seq %d", type, since).isEmpty();
    }

    /** Every row of {@code type} since the mark, in chain order. */
    public List<Row> since(String type) {
        return jdbc.query(
                "SELECT seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail"
                        + " FROM audit_event WHERE seq > ? AND event_type = ? ORDER BY seq",
                (rs, n) -> new Row(
                        rs.getLong("seq"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getString("actor"),
                        rs.getString("unit_code"),
                        rs.getString("event_type"),
                        rs.getBoolean("success"),
                        rs.getString("ip"),
                        rs.getString("object_ref"),
                        rs.getString("detail")),
                since,
                type);
    }
}
