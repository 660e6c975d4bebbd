package org.sealpost.server.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.DocumentUsage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery rows (V50 {@code delivery}, joined with its {@code document}) and the rules every
 * receiving use case shares: only the recipient unit's people who may handle documents act on a
 * delivery (another unit's delivery is a 404, C02), one {@code delivery_event} per transition in
 * the transaction of the state change, and auditing of refusals as well as successes.
 */
@Component
class DeliveryStore {

    static final String SELECT = "SELECT d.*, doc.title, doc.doc_no, doc.type_code, doc.urgency, doc.sender_unit,"
            + " doc.closed_reason, u.name AS sender_name,"
            + " coalesce(s.envelope_digest, doc.envelope_digest) AS envelope_sm3,"
            + " coalesce(d.envelope_blob, doc.envelope_blob) AS envelope_blob_id,"
            + " coalesce(s.sent_at, doc.sent_at) AS envelope_sent_at"
            + " FROM delivery d JOIN document doc ON doc.id = d.document_id"
            + " LEFT JOIN unit u ON u.code = doc.sender_unit"
            + " LEFT JOIN document_supplement s ON s.document_id = d.document_id AND s.envelope_blob = d.envelope_blob";

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final DocumentUsage usage;
    private final Clock clock;
    private final TransactionTemplate tx;

    DeliveryStore(JdbcTemplate jdbc, AuditLog audit, DocumentUsage usage, Clock clock, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.usage = usage;
        this.clock = clock;
        this.tx = tx;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    Clock clock() {
        return clock;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The people of a unit who may handle documents (公告 三), else 403. */
    void requireUsage(SignedInUser actor) {
        if (!usage.mayUseDocuments(actor)) {
            throw DeliveryException.forbidden("You may not use the document functions.");
        }
    }

    /** The delivery, if it is addressed to the actor's unit and the actor may handle documents; else 404 / 403. */
    DeliveryView visible(SignedInUser actor, long id) {
        DeliveryView d = find(id).orElseThrow(DeliveryException::notFound);
        if (!d.unitCode().equals(actor.unitCode())) {
            throw DeliveryException.notFound();
        }
        requireUsage(actor);
        return d;
    }

    /** As {@link #visible}, and refused with 410 Gone when the sender recalled or voided it. */
    DeliveryView openable(SignedInUser actor, long id) {
        DeliveryView d = visible(actor, id);
        if (d.state().closed()) {
            throw DeliveryException.gone(d.state());
        }
        return d;
    }

    Optional<DeliveryView> find(long id) {
        return jdbc.query(SELECT + " WHERE d.id = ?", (rs, n) -> row(rs), id).stream()
                .findFirst();
    }

    /** The blob id of the envelope this delivery's unit received (its own 补发 envelope or the document's). */
    String envelopeBlob(long id) {
        return jdbc.queryForObject(
                "SELECT coalesce(d.envelope_blob, doc.envelope_blob) FROM delivery d JOIN document doc"
                        + " ON doc.id = d.document_id WHERE d.id = ?",
                String.class,
                id);
    }

    static DeliveryView row(ResultSet rs) throws SQLException {
        return new DeliveryView(
                rs.getLong("id"),
                rs.getString("document_id"),
                rs.getString("unit_code"),
                rs.getString("scope_role"),
                DeliveryState.valueOf(rs.getString("state")),
                rs.getString("title"),
                rs.getString("doc_no"),
                rs.getString("type_code"),
                rs.getString("urgency"),
                rs.getString("sender_unit"),
                rs.getString("sender_name"),
                instant(rs, "delivered_at"),
                instant(rs, "due_at"),
                instant(rs, "read_at"),
                instant(rs, "signed_at"),
                rs.getString("signed_by"),
                instant(rs, "returned_at"),
                rs.getString("return_reason"),
                instant(rs, "closed_at"),
                rs.getString("closed_reason"),
                rs.getInt("copies_authorised"),
                rs.getInt("copies_to_succeed"),
                rs.getInt("copies_issued"),
                rs.getInt("copies_succeeded"),
                rs.getString("envelope_sm3"),
                instant(rs, "envelope_sent_at"),
                rs.getInt("version"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** One {@code delivery_event} row; call inside the transaction of the state change. */
    void event(DeliveryView d, String event, String actor, OffsetDateTime at, String detail) {
        jdbc.update(
                "INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                d.id(),
                d.documentId(),
                d.unitCode(),
                event,
                actor,
                at,
                detail == null ? null : clip(detail, 1000));
    }

    /**
     * Moves the delivery from the state it was read in to {@code next} (optimistic: version and
     * state must be unchanged), with {@code extraSet} ("col = ?, …") and its arguments; false when
     * it changed meanwhile.
     */
    boolean transition(DeliveryView d, DeliveryState next, String extraSet, Object... extraArgs) {
        Object[] args = new Object[extraArgs.length + 4];
        args[0] = next.name();
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        args[extraArgs.length + 1] = d.id();
        args[extraArgs.length + 2] = d.version();
        args[extraArgs.length + 3] = d.state().name();
        return jdbc.update(
                        "UPDATE delivery SET state = ?" + (extraSet == null ? "" : ", " + extraSet)
                                + ", version = version + 1 WHERE id = ? AND version = ? AND state = ?",
                        args)
                == 1;
    }

    void audit(SignedInUser actor, String type, boolean success, long deliveryId, String detail) {
        audit.record(new AuditEntry(
                actor.username(), actor.unitCode(), type, success, null, "delivery:" + deliveryId, detail));
    }

    /**
     * Runs {@code work} in a transaction and audits it there; a refusal is audited on its own
     * afterwards (the work's rows roll back, the audit row of the refusal stays).
     */
    <T> T audited(SignedInUser actor, String type, long deliveryId, Supplier<T> work) {
        try {
            return tx.execute(status -> {
                T result = work.get();
                audit(actor, type, true, deliveryId, null);
                return result;
            });
        } catch (DeliveryException e) {
            audit(actor, type, false, deliveryId, e.code());
            throw e;
        }
    }

    /** Runs {@code check}; a refusal is audited as a failed {@code type} and rethrown. */
    <T> T refusalsAudited(SignedInUser actor, String type, long deliveryId, Supplier<T> check) {
        try {
            return check.get();
        } catch (DeliveryException e) {
            audit(actor, type, false, deliveryId, e.code());
            throw e;
        }
    }

    <T> T inTransaction(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    List<String> okCopies(long deliveryId) {
        return jdbc
                .queryForList(
                        "SELECT copy_number FROM print_copy WHERE delivery_id = ? AND result = 'OK'"
                                + " AND kind IN ('SEALED', 'GREY') ORDER BY copy_number",
                        Integer.class,
                        deliveryId)
                .stream()
                .map(n -> String.format("%06d", n))
                .toList();
    }
}
