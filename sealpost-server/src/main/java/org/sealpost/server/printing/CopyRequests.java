package org.sealpost.server.printing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.springframework.stereotype.Service;

/**
 * Extra print copies (第十四条: the sender defines the print allowance, so only the sender can
 * widen it). The recipient unit asks with a reason and the number of further successful copies
 * it needs (1–10; one open request per delivery at a time); the sending unit's people who may use
 * documents grant (all or fewer) or deny with a note. A grant adds the copies to both {@code
 * copies_authorised} and {@code copies_to_succeed} under the delivery row's lock and writes the
 * COPIES_GRANTED delivery event. Another unit's request or delivery is a 404 for either side.
 * Audited once each: COPIES_REQUESTED, COPIES_GRANTED, COPIES_DENIED.
 */
@Service
public class CopyRequests {

    public static final int MAX_COPIES = 10;

    public record CopyRequestView(
            long id,
            long deliveryId,
            String documentId,
            String unitCode,
            int copies,
            String reason,
            String requestedBy,
            Instant requestedAt,
            String state,
            String decidedBy,
            Instant decidedAt,
            Integer granted,
            String decisionNote) {}

    private static final String SELECT = "SELECT r.id, r.delivery_id, d.document_id, d.unit_code, r.copies, r.reason,"
            + " r.requested_by, r.requested_at, r.state, r.decided_by, r.decided_at, r.granted, r.decision_note,"
            + " doc.sender_unit FROM copy_request r JOIN delivery d ON d.id = r.delivery_id"
            + " JOIN document doc ON doc.id = d.document_id";

    private final PrintingStore store;

    CopyRequests(PrintingStore store) {
        this.store = store;
    }

    /** The recipient unit asks for {@code copies} more successful copies, with a reason. */
    public CopyRequestView request(SignedInUser actor, long deliveryId, int copies, String reason) {
        String ref = "delivery:" + deliveryId;
        try {
            PrintableDelivery d = store.recipientView(actor, deliveryId);
            if (copies < 1 || copies > MAX_COPIES) {
                throw PrintingException.invalid(
                        "bad-copies", "Ask for 1 to " + MAX_COPIES + " further copies at a time.");
            }
            String why = requireText(reason, "reason-required", "Say why more copies are needed.");
            PrintAllowance.stateRefusal(d.state()).ifPresent(e -> {
                throw e;
            });
            long id = store.tx().execute(status -> {
                store.read(deliveryId, true);
                Integer open = store.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM copy_request WHERE delivery_id = ? AND state = 'PENDING'",
                                Integer.class,
                                deliveryId);
                if (open != null && open > 0) {
                    throw PrintingException.conflict(
                            "request-pending", "A request for more copies is already waiting for the sender.");
                }
                store.jdbc()
                        .update(
                                "INSERT INTO copy_request (delivery_id, copies, reason, requested_by, requested_at,"
                                        + " state) VALUES (?, ?, ?, ?, ?, 'PENDING')",
                                deliveryId,
                                copies,
                                why,
                                actor.username(),
                                store.now());
                long newId = store.jdbc()
                        .queryForObject(
                                "SELECT MAX(id) FROM copy_request WHERE delivery_id = ?", Long.class, deliveryId);
                store.audit(actor, "COPIES_REQUESTED", true, "copy-request:" + newId, copies + " copies: " + why);
                return newId;
            });
            return find(id);
        } catch (PrintingException e) {
            store.audit(actor, "COPIES_REQUESTED", false, ref, e.code());
            throw e;
        }
    }

    /** The sending unit grants {@code copies} (null: as many as asked, at most what was asked). */
    public CopyRequestView grant(SignedInUser actor, long requestId, Integer copies, String note) {
        return decide(actor, requestId, true, copies, note);
    }

    /** The sending unit denies the request; a note is mandatory. */
    public CopyRequestView deny(SignedInUser actor, long requestId, String note) {
        return decide(actor, requestId, false, null, note);
    }

    private CopyRequestView decide(SignedInUser actor, long requestId, boolean grant, Integer copies, String note) {
        String type = grant ? "COPIES_GRANTED" : "COPIES_DENIED";
        String ref = "copy-request:" + requestId;
        try {
            CopyRequestView r = senderView(actor, requestId);
            String why = grant
                    ? (note == null || note.isBlank() ? null : note.strip())
                    : requireText(note, "note-required", "Say why the request is denied.");
            int n = copies == null ? r.copies() : copies;
            if (grant && (n < 1 || n > r.copies())) {
                throw PrintingException.invalid(
                        "bad-copies", "Grant 1 to " + r.copies() + " copies (what was asked for).");
            }
            store.tx().executeWithoutResult(status -> {
                PrintableDelivery d = store.read(r.deliveryId(), true).orElseThrow(PrintingException::notFound);
                int updated = store.jdbc()
                        .update(
                                "UPDATE copy_request SET state = ?, decided_by = ?, decided_at = ?, granted = ?,"
                                        + " decision_note = ? WHERE id = ? AND state = 'PENDING'",
                                grant ? "GRANTED" : "DENIED",
                                actor.username(),
                                store.now(),
                                grant ? n : null,
                                why,
                                requestId);
                if (updated != 1) {
                    throw PrintingException.conflict("already-decided", "This request was already decided.");
                }
                if (grant) {
                    PrintAllowance.stateRefusal(d.state()).ifPresent(e -> {
                        throw e;
                    });
                    store.jdbc()
                            .update(
                                    "UPDATE delivery SET copies_authorised = copies_authorised + ?,"
                                            + " copies_to_succeed = copies_to_succeed + ?, version = version + 1"
                                            + " WHERE id = ?",
                                    n,
                                    n,
                                    d.id());
                    store.event(d, "COPIES_GRANTED", actor.username(), "+" + n + " copies (request " + requestId + ")");
                }
                store.audit(actor, type, true, ref, grant ? "+" + n + " copies" : why);
            });
            return find(requestId);
        } catch (PrintingException e) {
            store.audit(actor, type, false, ref, e.code());
            throw e;
        }
    }

    /** The requests of a delivery of the caller's unit. */
    public List<CopyRequestView> ofDelivery(SignedInUser actor, long deliveryId) {
        store.recipientView(actor, deliveryId);
        return store.jdbc().query(SELECT + " WHERE r.delivery_id = ? ORDER BY r.id", (rs, n) -> row(rs), deliveryId);
    }

    /** Requests about the caller's unit's documents, open ones only unless {@code all}. */
    public List<CopyRequestView> toDecide(SignedInUser actor, boolean all) {
        store.requireUsage(actor);
        return store.jdbc()
                .query(
                        SELECT + " WHERE doc.sender_unit = ?" + (all ? "" : " AND r.state = 'PENDING'")
                                + " ORDER BY r.id",
                        (rs, n) -> row(rs),
                        actor.unitCode());
    }

    private CopyRequestView senderView(SignedInUser actor, long requestId) {
        store.requireUsage(actor);
        List<String> sender = store.jdbc()
                .queryForList(
                        "SELECT doc.sender_unit FROM copy_request r JOIN delivery d ON d.id = r.delivery_id"
                                + " JOIN document doc ON doc.id = d.document_id WHERE r.id = ?",
                        String.class,
                        requestId);
        if (sender.isEmpty() || !sender.get(0).equals(actor.unitCode())) {
            throw new PrintingException(404, "request-not-found", "No such request for copies.");
        }
        return find(requestId);
    }

    private CopyRequestView find(long id) {
        return store.jdbc().queryForObject(SELECT + " WHERE r.id = ?", (rs, n) -> row(rs), id);
    }

    private static CopyRequestView row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CopyRequestView(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getString(6),
                rs.getString(7),
                instant(rs.getObject(8, OffsetDateTime.class)),
                rs.getString(9),
                rs.getString(10),
                instant(rs.getObject(11, OffsetDateTime.class)),
                rs.getObject(12) == null ? null : rs.getInt(12),
                rs.getString(13));
    }

    private static String requireText(String text, String code, String message) {
        if (text == null || text.isBlank()) {
            throw PrintingException.invalid(code, message);
        }
        String t = text.strip();
        if (t.length() > 1000) {
            throw PrintingException.invalid(code, "Keep it to 1000 characters.");
        }
        return t;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
