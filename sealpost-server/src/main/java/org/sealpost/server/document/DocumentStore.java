package org.sealpost.server.document;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
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
 * The document rows and the rules every use case shares: who may act on a document (C02: another
 * unit's document is a 404), events, and auditing refusals as well as successes (a refusal's
 * audit row is written outside the rolled-back transaction).
 */
@Component
class DocumentStore {

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final DocumentUsage usage;
    private final Clock clock;
    private final TransactionTemplate tx;

    DocumentStore(JdbcTemplate jdbc, AuditLog audit, DocumentUsage usage, Clock clock, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.usage = usage;
        this.clock = clock;
        this.tx = tx;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    TransactionTemplate tx() {
        return tx;
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
            throw DocumentException.forbidden("You may not use the document functions.");
        }
    }

    /** The document, if the actor belongs to its sending unit and may handle documents; else 404. */
    DocumentView visible(SignedInUser actor, String id) {
        DocumentView doc = find(id).orElseThrow(DocumentException::notFound);
        if (!doc.senderUnit().equals(actor.unitCode())) {
            throw DocumentException.notFound();
        }
        requireUsage(actor);
        return doc;
    }

    Optional<DocumentView> find(String id) {
        List<DocumentView> rows = jdbc.query("SELECT * FROM document WHERE id = ?", (rs, n) -> row(rs), id);
        return rows.stream().findFirst();
    }

    private DocumentView row(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        Long requestId = rs.getObject("request_id") == null ? null : rs.getLong("request_id");
        java.sql.Date date = rs.getDate("doc_date");
        return new DocumentView(
                id,
                rs.getString("sender_unit"),
                rs.getString("type_code"),
                rs.getString("doc_no"),
                rs.getString("title"),
                Urgency.valueOf(rs.getString("urgency")),
                rs.getString("signer"),
                date == null ? null : date.toLocalDate(),
                rs.getString("notes"),
                rs.getInt("print_copies"),
                rs.getInt("print_success"),
                rs.getBoolean("paper_follows"),
                DocumentState.valueOf(rs.getString("state")),
                rs.getString("drafted_by"),
                instant(rs, "created_at"),
                rs.getString("body_blob"),
                rs.getString("body_name"),
                rs.getString("body_format"),
                rs.getBoolean("no_text_confirmed"),
                rs.getBoolean("body_has_text"),
                rs.getString("approver"),
                rs.getString("decision_reason"),
                rs.getString("seal_id"),
                rs.getString("sealed_blob"),
                rs.getString("sent_by"),
                instant(rs, "sent_at"),
                rs.getString("envelope_blob"),
                rs.getString("envelope_digest"),
                rs.getString("idempotency_key"),
                rs.getString("send_fingerprint"),
                requestId,
                rs.getString("closed_reason"),
                rs.getInt("version"),
                attachments(id),
                scope(id));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    List<DocumentView.Attachment> attachments(String id) {
        return jdbc.query(
                "SELECT seq, file_name, description, media_type, blob_id FROM document_attachment"
                        + " WHERE document_id = ? ORDER BY seq",
                (rs, n) -> new DocumentView.Attachment(
                        rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                id);
    }

    List<DocumentView.ScopeEntry> scope(String id) {
        return jdbc.query(
                "SELECT scope_role, kind, ref FROM document_scope WHERE document_id = ? ORDER BY scope_role DESC, ref",
                (rs, n) -> new DocumentView.ScopeEntry(rs.getString(1), rs.getString(2), rs.getString(3)),
                id);
    }

    void event(String documentId, String event, String actor, String detail) {
        jdbc.update(
                "INSERT INTO document_event (document_id, event, actor, occurred_at, detail) VALUES (?, ?, ?, ?, ?)",
                documentId,
                event,
                actor,
                now(),
                detail == null ? null : clip(detail, 1000));
    }

    void audit(SignedInUser actor, String type, boolean success, String objectRef, String detail) {
        audit.record(new AuditEntry(actor.username(), actor.unitCode(), type, success, null, objectRef, detail));
    }

    /**
     * Runs {@code work} in a transaction and audits it there; a refusal is audited on its own
     * afterwards (the work's rows roll back, the audit row of the refusal stays).
     */
    <T> T audited(SignedInUser actor, String type, String objectRef, java.util.function.Supplier<T> work) {
        try {
            return tx.execute(status -> {
                T result = work.get();
                audit(actor, type, true, objectRef, null);
                return result;
            });
        } catch (DocumentException e) {
            audit(actor, type, false, objectRef, e.code());
            throw e;
        }
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
