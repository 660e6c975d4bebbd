package org.sealpost.server.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes document and delivery histories straight into the V50 tables, as sending and receiving
 * will: one event row per transition. It deliberately leaves {@code delivery.state} and the other
 * projection columns at their first values, so a register or figure that read them instead of the
 * events would be caught.
 */
public final class Histories {

    private final JdbcTemplate jdbc;

    public Histories(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A document that was drafted and sent at {@code sentAt}: rows in document and document_event. */
    public String sentDocument(String sender, String type, String docNo, String title, String urgency, Instant sentAt) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = utc(sentAt);
        jdbc.update(
                "INSERT INTO document (id, sender_unit, type_code, doc_no, title, urgency, print_copies, print_success,"
                        + " paper_follows, state, drafted_by, created_at, updated_at, sent_by, sent_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 3, 1, FALSE, 'SENT', 'drafter', ?, ?, 'sender', ?)",
                id,
                sender,
                type,
                docNo,
                title,
                urgency,
                at.minusHours(1),
                at,
                at);
        documentEvent(id, "DRAFTED", "drafter", sentAt.minusSeconds(3600), null);
        documentEvent(id, "SENT", "sender", sentAt, null);
        return id;
    }

    public void documentEvent(String documentId, String event, String actor, Instant at, String detail) {
        jdbc.update(
                "INSERT INTO document_event (document_id, event, actor, occurred_at, detail) VALUES (?, ?, ?, ?, ?)",
                documentId,
                event,
                actor,
                utc(at),
                detail);
    }

    /** A delivery of the document to a unit with its DELIVERED event. */
    public long deliver(String documentId, String unit, Instant at) {
        String urgency = jdbc.queryForObject("SELECT urgency FROM document WHERE id = ?", String.class, documentId);
        int priority = switch (urgency) {
            case "EXTRA_URGENT" -> 0;
            case "URGENT" -> 1;
            default -> 2;
        };
        jdbc.update(
                "INSERT INTO delivery (document_id, unit_code, scope_role, priority, state, delivered_at,"
                        + " copies_authorised, copies_to_succeed) VALUES (?, ?, 'MAIN', ?, 'DELIVERED', ?, 3, 1)",
                documentId,
                unit,
                priority,
                utc(at));
        long id = jdbc.queryForObject(
                "SELECT id FROM delivery WHERE document_id = ? AND unit_code = ?", Long.class, documentId, unit);
        event(id, "DELIVERED", "system", at, null);
        return id;
    }

    public void event(long deliveryId, String event, String actor, Instant at, String detail) {
        jdbc.update(
                "INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at, detail)"
                        + " SELECT id, document_id, unit_code, ?, ?, ?, ? FROM delivery WHERE id = ?",
                event,
                actor,
                utc(at),
                detail,
                deliveryId);
    }

    public void checkIn(String unit, String username, Instant at) {
        jdbc.update(
                "INSERT INTO check_in (unit_code, username, occurred_at) VALUES (?, ?, ?)", unit, username, utc(at));
    }

    /**
     * Removes every document and delivery, with every row that refers to them (tests share a Spring
     * context and its database, and other tests send real documents into it).
     */
    public void clear() {
        jdbc.update("DELETE FROM copy_request");
        jdbc.update("DELETE FROM print_copy");
        jdbc.update("DELETE FROM delivery_event");
        jdbc.update("DELETE FROM delivery");
        jdbc.update("DELETE FROM document_event");
        jdbc.update("DELETE FROM document_supplement");
        jdbc.update("DELETE FROM document_attachment");
        jdbc.update("DELETE FROM document_scope");
        jdbc.update("UPDATE document SET previous_version = NULL WHERE previous_version IS NOT NULL");
        jdbc.update("DELETE FROM document");
        jdbc.update("DELETE FROM check_in");
    }

    static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
