package org.sealpost.server.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sealpost.server.access.SignedInUser;
import org.springframework.stereotype.Service;

/**
 * The inbox of the caller's unit (issue 6 item 1): extra-urgent, then urgent, then normal
 * ({@code delivery.priority}), newest first within each; filters by state, document type, sender
 * unit and delivery date; the unread (never opened) and overdue (past the sign-for deadline, not
 * signed) counts of the whole inbox; offset paging (at most {@link #MAX_LIMIT} a page) on the
 * {@code delivery_inbox} index. Reading the inbox changes nothing and is not audited (opening a
 * delivery is).
 */
@Service
public class Inbox {

    public static final int MAX_LIMIT = 200;

    /** Filters (each null for any) and the page. {@code from}/{@code to}: delivered at or after / before. */
    public record InboxQuery(
            DeliveryState state, String type, String sender, Instant from, Instant to, int offset, int limit) {

        public static InboxQuery all() {
            return new InboxQuery(null, null, null, null, null, 0, 50);
        }

        public InboxQuery {
            if (offset < 0) {
                throw DeliveryException.invalid("bad-page", "offset must not be negative.");
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw DeliveryException.invalid("bad-page", "limit is between 1 and " + MAX_LIMIT + ".");
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw DeliveryException.invalid("bad-date-range", "'from' must be before 'to'.");
            }
        }

        /** Parses a state name as the API and CLI give it (signed, SIGNED, destruction-confirmed …). */
        public static DeliveryState state(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return DeliveryState.valueOf(
                        value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw DeliveryException.invalid(
                        "unknown-state",
                        "Unknown state '" + value + "': one of " + java.util.Arrays.toString(DeliveryState.values())
                                + ".");
            }
        }
    }

    /** One page: the items, the number matching the filters, and the unit's unread and overdue counts. */
    public record InboxPage(List<DeliveryView> items, long total, long unread, long overdue, int offset, int limit) {}

    private final DeliveryStore store;

    Inbox(DeliveryStore store) {
        this.store = store;
    }

    public InboxPage list(SignedInUser actor, InboxQuery query) {
        store.requireUsage(actor);
        StringBuilder where = new StringBuilder(" WHERE d.unit_code = ?");
        List<Object> args = new ArrayList<>();
        args.add(actor.unitCode());
        if (query.state() != null) {
            where.append(" AND d.state = ?");
            args.add(query.state().name());
        }
        if (query.type() != null && !query.type().isBlank()) {
            where.append(" AND doc.type_code = ?");
            args.add(query.type().trim());
        }
        if (query.sender() != null && !query.sender().isBlank()) {
            where.append(" AND doc.sender_unit = ?");
            args.add(query.sender().trim());
        }
        if (query.from() != null) {
            where.append(" AND d.delivered_at >= ?");
            args.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            where.append(" AND d.delivered_at < ?");
            args.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        Long total = store.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM delivery d JOIN document doc ON doc.id = d.document_id" + where,
                        Long.class,
                        args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(query.limit());
        pageArgs.add(query.offset());
        List<DeliveryView> items = store.jdbc()
                .query(
                        DeliveryStore.SELECT + where + " ORDER BY d.priority, d.delivered_at DESC, d.id DESC"
                                + " LIMIT ? OFFSET ?",
                        (rs, n) -> DeliveryStore.row(rs),
                        pageArgs.toArray());
        Long unread = store.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM delivery WHERE unit_code = ? AND read_at IS NULL"
                                + " AND state NOT IN ('RECALLED', 'VOIDED', 'DESTRUCTION_CONFIRMED')",
                        Long.class,
                        actor.unitCode());
        Long overdue = store.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM delivery WHERE unit_code = ? AND state = 'DELIVERED'"
                                + " AND signed_at IS NULL AND due_at < ?",
                        Long.class,
                        actor.unitCode(),
                        store.now());
        return new InboxPage(items, total, unread, overdue, query.offset(), query.limit());
    }
}
