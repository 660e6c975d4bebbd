package org.sealpost.server.printing;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.DocumentUsage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery and print_copy rows as printing uses them, and the rules every printing use case
 * shares: who may act on a delivery (the recipient unit's people who may use documents; another
 * unit's delivery is a 404, C02), delivery events in the caller's transaction, and audit rows.
 */
@Component
class PrintingStore {

    private static final String DELIVERY = "SELECT d.id, d.document_id, d.unit_code, doc.sender_unit, d.state,"
            + " d.copies_authorised, d.copies_to_succeed, d.copies_issued, d.copies_succeeded"
            + " FROM delivery d JOIN document doc ON doc.id = d.document_id WHERE d.id = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuditLog audit;
    private final DocumentUsage usage;

    PrintingStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, AuditLog audit, DocumentUsage usage) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.audit = audit;
        this.usage = usage;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    TransactionTemplate tx() {
        return tx;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The delivery if the actor may use documents (else 403) and it belongs to the actor's unit (else 404). */
    PrintableDelivery recipientView(SignedInUser actor, long deliveryId) {
        requireUsage(actor); // deny by default, whatever the id (C01)
        PrintableDelivery d = read(deliveryId, false).orElseThrow(PrintingException::notFound);
        if (!d.unitCode().equals(actor.unitCode())) {
            throw PrintingException.notFound();
        }
        return d;
    }

    void requireUsage(SignedInUser actor) {
        if (!usage.mayUseDocuments(actor)) {
            throw PrintingException.forbidden("You may not use the document functions.");
        }
    }

    /**
     * The delivery with its counters; with {@code lock} the row is read {@code FOR UPDATE}, so
     * issuing and reporting copies of one delivery run one at a time until the transaction ends
     * (H2 and PostgreSQL alike). The pending count and the last copy number are derived from
     * print_copy under that lock.
     */
    Optional<PrintableDelivery> read(long deliveryId, boolean lock) {
        List<Object[]> rows = jdbc.query(
                lock ? "SELECT id FROM delivery WHERE id = ? FOR UPDATE" : "SELECT id FROM delivery WHERE id = ?",
                (rs, n) -> new Object[] {rs.getLong(1)},
                deliveryId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int[] copies = jdbc.queryForObject(
                "SELECT COALESCE(MAX(copy_number), 0),"
                        + " COALESCE(SUM(CASE WHEN kind = 'SEALED' AND result = 'PENDING' THEN 1 ELSE 0 END), 0)"
                        + " FROM print_copy WHERE delivery_id = ?",
                (rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)},
                deliveryId);
        return Optional.of(jdbc.queryForObject(
                DELIVERY,
                (rs, n) -> new PrintableDelivery(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getInt(8),
                        rs.getInt(9),
                        copies[1],
                        copies[0]),
                deliveryId));
    }

    void event(PrintableDelivery d, String event, String actor, String detail) {
        jdbc.update(
                "INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                d.id(),
                d.documentId(),
                d.unitCode(),
                event,
                clip(actor, 64),
                now(),
                detail == null ? null : clip(detail, 1000));
    }

    void audit(SignedInUser actor, String type, boolean success, String objectRef, String detail) {
        audit.record(new AuditEntry(actor.username(), actor.unitCode(), type, success, null, objectRef, detail));
    }

    void audit(String actor, String unitCode, String type, boolean success, String objectRef, String detail) {
        audit.record(new AuditEntry(actor, unitCode, type, success, null, objectRef, detail));
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
