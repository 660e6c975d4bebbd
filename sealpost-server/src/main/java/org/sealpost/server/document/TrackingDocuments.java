package org.sealpost.server.document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sealpost.server.access.SignedInUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Tracking (issue 5 item 7): per recipient unit — delivered, read, signed (when, by whom), printed
 * copy numbers, downloaded, returned (reason), closed, overdue — filterable by state; and 催办
 * reminders to units that have not signed.
 */
@Service
public class TrackingDocuments {

    /** One recipient unit's delivery as the sender sees it. */
    public record DeliveryStatus(
            long id,
            String unit,
            String unitName,
            String role,
            String state,
            Instant deliveredAt,
            Instant readAt,
            Instant signedAt,
            String signedBy,
            List<Integer> printedCopies,
            boolean downloaded,
            Instant returnedAt,
            String returnReason,
            Instant closedAt,
            Instant dueAt,
            boolean overdue) {}

    private final DocumentStore store;
    private final ApplicationEventPublisher events;

    TrackingDocuments(DocumentStore store, ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
    }

    public List<DeliveryStatus> deliveries(SignedInUser actor, String id, String state) {
        DocumentView doc = store.visible(actor, id);
        Map<Long, List<Integer>> printed = new HashMap<>();
        store.jdbc()
                .query(
                        "SELECT p.delivery_id, p.copy_number FROM print_copy p JOIN delivery d ON d.id = p.delivery_id"
                                + " WHERE d.document_id = ? AND p.result = 'OK' ORDER BY p.copy_number",
                        rs -> {
                            printed.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                    .add(rs.getInt(2));
                        },
                        doc.id());
        List<Long> downloaded = store.jdbc()
                .queryForList(
                        "SELECT DISTINCT delivery_id FROM delivery_event WHERE document_id = ? AND event = 'DOWNLOADED'",
                        Long.class,
                        doc.id());
        Instant now = store.clock().instant();
        String sql = "SELECT d.id, d.unit_code, u.name, d.scope_role, d.state, d.delivered_at, d.read_at, d.signed_at,"
                + " d.signed_by, d.returned_at, d.return_reason, d.closed_at, d.due_at FROM delivery d"
                + " LEFT JOIN unit u ON u.code = d.unit_code WHERE d.document_id = ?"
                + (state == null || state.isBlank() ? "" : " AND d.state = ?")
                + " ORDER BY d.scope_role DESC, d.unit_code";
        Object[] args = state == null || state.isBlank()
                ? new Object[] {doc.id()}
                : new Object[] {doc.id(), state.trim().toUpperCase(java.util.Locale.ROOT)};
        return store.jdbc()
                .query(
                        sql,
                        (rs, n) -> {
                            long deliveryId = rs.getLong(1);
                            Instant signedAt = DocumentStore.instant(rs, "signed_at");
                            Instant dueAt = DocumentStore.instant(rs, "due_at");
                            String deliveryState = rs.getString(5);
                            return new DeliveryStatus(
                                    deliveryId,
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    deliveryState,
                                    DocumentStore.instant(rs, "delivered_at"),
                                    DocumentStore.instant(rs, "read_at"),
                                    signedAt,
                                    rs.getString(9),
                                    printed.getOrDefault(deliveryId, List.of()),
                                    downloaded.contains(deliveryId),
                                    DocumentStore.instant(rs, "returned_at"),
                                    rs.getString(11),
                                    DocumentStore.instant(rs, "closed_at"),
                                    dueAt,
                                    dueAt != null && "DELIVERED".equals(deliveryState) && now.isAfter(dueAt));
                        },
                        args);
    }

    /**
     * 催办: reminds the units (all, or those named) whose delivery is still waiting to be signed for.
     * Returns the units reminded; none waiting → 409.
     */
    public List<String> remind(SignedInUser actor, String id, List<String> onlyUnits) {
        return store.audited(actor, "DOCUMENT_REMINDED", id, () -> {
            DocumentView doc = store.visible(actor, id);
            if (doc.state() != DocumentState.SENT) {
                throw DocumentException.conflict("not-sent", "Only a sent document has deliveries to remind.");
            }
            List<Object[]> waiting = store.jdbc()
                    .query(
                            "SELECT id, unit_code FROM delivery WHERE document_id = ? AND state = 'DELIVERED' ORDER BY unit_code",
                            (rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)},
                            id);
            if (onlyUnits != null && !onlyUnits.isEmpty()) {
                waiting = waiting.stream()
                        .filter(w -> onlyUnits.stream().anyMatch(u -> u.trim().equalsIgnoreCase((String) w[1])))
                        .toList();
            }
            if (waiting.isEmpty()) {
                throw DocumentException.conflict("nothing-to-remind", "No unit is waiting to sign for this document.");
            }
            var now = store.now();
            List<Object[]> rows = waiting.stream()
                    .map(w -> new Object[] {w[0], id, w[1], actor.username(), now})
                    .toList();
            store.jdbc()
                    .batchUpdate(
                            "INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at)"
                                    + " VALUES (?, ?, ?, 'REMINDED', ?, ?)",
                            rows);
            List<String> units = waiting.stream().map(w -> (String) w[1]).toList();
            store.event(id, "REMINDED", actor.username(), DocumentStore.clip(String.join(",", units), 1000));
            events.publishEvent(
                    new DeliveriesReminded(id, doc.senderUnit(), doc.urgency(), doc.title(), units, now.toInstant()));
            return units;
        });
    }
}
