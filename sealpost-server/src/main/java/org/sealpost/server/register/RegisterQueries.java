package org.sealpost.server.register;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * The register SQL, one definition for pages, exports and the benchmark. Every column that a
 * person might think was typed in (state, signed at/by, copies printed, returned at/why, signed
 * and returned counts) is read from {@code delivery_event} / {@code document_event}; the document
 * and delivery rows give only what the sender wrote and the delivery's identity and time.
 *
 * <p>States are the last state-changing event by event id (the order the events were written in).
 *
 * <p>Received register (issue 7): the statement first selects the page of deliveries (filters,
 * order, limit) and only then derives the event columns for the rows of that page. On PostgreSQL
 * they come from one {@code LATERAL} aggregate over the delivery's events (one index-only range
 * scan of {@code delivery_event_delivery}, which V71_1 makes covering), instead of seven
 * correlated probes per row; H2 has no {@code LATERAL} and keeps the probes (same results, proved
 * on random histories by RegistersIT on both databases). A state filter also requires an event
 * that leads to that state (implied by the state, so it changes no result), which lets the
 * database start from the unit's few such events ({@code delivery_event_unit_event}) instead of
 * deriving the state of every delivery of the unit.
 */
final class RegisterQueries {

    /** The two databases the server runs on; only the received register's statement differs. */
    enum Dialect {
        POSTGRESQL,
        H2;

        static Dialect of(DataSource dataSource) {
            try (Connection c = dataSource.getConnection()) {
                return c.getMetaData()
                                .getDatabaseProductName()
                                .toLowerCase(Locale.ROOT)
                                .contains("postgres")
                        ? POSTGRESQL
                        : H2;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot tell which database the registers run on", e);
            }
        }
    }

    private static String inList(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }

    static final String DELIVERY_STATE = "(SELECT CASE e.event WHEN 'GREY_PRINTED' THEN 'PRINTED' ELSE e.event END"
            + " FROM delivery_event e WHERE e.delivery_id = d.id AND e.event IN ("
            + inList(RegisterState.DELIVERY_STATE_EVENTS) + ") ORDER BY e.id DESC LIMIT 1)";

    static final String DOCUMENT_STATE = "(SELECT e.event FROM document_event e WHERE e.document_id = doc.id"
            + " AND e.event IN (" + inList(RegisterState.DOCUMENT_STATE_EVENTS) + ") ORDER BY e.id DESC LIMIT 1)";

    private static String firstEvent(String row, String column, String event) {
        return "(SELECT e." + column + " FROM delivery_event e WHERE e.delivery_id = " + row + ".id AND e.event = '"
                + event + "' ORDER BY e.id LIMIT 1)";
    }

    /** What the delivery and document rows give; the page is chosen on these alone (plus the state). */
    static final String RECEIVED_ROW = "SELECT d.id, d.unit_code, d.document_id, d.delivered_at, doc.sender_unit,"
            + " su.name AS sender_name, doc.type_code, doc.doc_no, doc.title, doc.urgency"
            + " FROM delivery d JOIN document doc ON doc.id = d.document_id LEFT JOIN unit su ON su.code = doc.sender_unit";

    /** H2: the event columns as correlated probes, evaluated with the rest of the row. */
    static final String RECEIVED_COLUMNS_PROBES = "SELECT d.id, d.unit_code, d.document_id, d.delivered_at,"
            + " doc.sender_unit, su.name, doc.type_code, doc.doc_no, doc.title, doc.urgency, " + DELIVERY_STATE
            + " AS reg_state, " + firstEvent("d", "occurred_at", "READ") + ", "
            + firstEvent("d", "occurred_at", "SIGNED")
            + ", " + firstEvent("d", "actor", "SIGNED") + ", (SELECT COUNT(*) FROM delivery_event e"
            + " WHERE e.delivery_id = d.id AND e.event IN ('PRINTED', 'GREY_PRINTED')), "
            + firstEvent("d", "occurred_at", "RETURNED") + ", " + firstEvent("d", "detail", "RETURNED")
            + " FROM delivery d JOIN document doc ON doc.id = d.document_id LEFT JOIN unit su ON su.code = doc.sender_unit";

    /**
     * PostgreSQL: the event columns of page row {@code p}, all from one pass over its events in id
     * order. "First X" is the first by event id, as in the probes. The return reason (the one
     * column the covering index does not hold, it may be long) is read only for returned rows.
     */
    static final String RECEIVED_EVENTS_LATERAL = "SELECT p.id, p.unit_code, p.document_id, p.delivered_at,"
            + " p.sender_unit, p.sender_name, p.type_code, p.doc_no, p.title, p.urgency, ev.reg_state, ev.read_at,"
            + " ev.signed_at, ev.signed_by, ev.printed, ev.returned_at,"
            + " CASE WHEN ev.returned_at IS NULL THEN NULL ELSE " + firstEvent("p", "detail", "RETURNED") + " END"
            + " FROM (%s) p CROSS JOIN LATERAL (SELECT"
            + " (ARRAY_AGG(CASE e.event WHEN 'GREY_PRINTED' THEN 'PRINTED' ELSE e.event END ORDER BY e.id DESC)"
            + " FILTER (WHERE e.event IN (" + inList(RegisterState.DELIVERY_STATE_EVENTS) + ")))[1] AS reg_state,"
            + " (ARRAY_AGG(e.occurred_at ORDER BY e.id) FILTER (WHERE e.event = 'READ'))[1] AS read_at,"
            + " (ARRAY_AGG(e.occurred_at ORDER BY e.id) FILTER (WHERE e.event = 'SIGNED'))[1] AS signed_at,"
            + " (ARRAY_AGG(e.actor ORDER BY e.id) FILTER (WHERE e.event = 'SIGNED'))[1] AS signed_by,"
            + " COUNT(*) FILTER (WHERE e.event IN ('PRINTED', 'GREY_PRINTED')) AS printed,"
            + " (ARRAY_AGG(e.occurred_at ORDER BY e.id) FILTER (WHERE e.event = 'RETURNED'))[1] AS returned_at"
            + " FROM delivery_event e WHERE e.delivery_id = p.id) ev"
            + " ORDER BY p.delivered_at DESC, p.id DESC";

    static final String SENT_COLUMNS =
            "SELECT doc.id, doc.sender_unit, (SELECT MIN(e.occurred_at) FROM document_event e"
                    + " WHERE e.document_id = doc.id AND e.event = 'SENT'), doc.type_code, doc.doc_no, doc.title, doc.urgency,"
                    + " (SELECT COUNT(*) FROM delivery d WHERE d.document_id = doc.id),"
                    + " (SELECT COUNT(DISTINCT e.delivery_id) FROM delivery_event e WHERE e.document_id = doc.id"
                    + " AND e.event = 'SIGNED'),"
                    + " (SELECT COUNT(DISTINCT e.delivery_id) FROM delivery_event e WHERE e.document_id = doc.id"
                    + " AND e.event = 'RETURNED'), " + DOCUMENT_STATE + " AS reg_state FROM document doc";

    /** A statement and its arguments. */
    record Sql(String text, Object[] args) {}

    /**
     * The statement, prepared and bound so that PostgreSQL plans it for these arguments every
     * time. The driver otherwise turns a statement text it has run five times on a connection into
     * a server-side prepared statement, and PostgreSQL then switches to a generic plan that cannot
     * see the arguments: for a title search it assumes {@code LIKE ?} matches 0.5 % of the
     * documents and picks a plan that took ~200 ms where the plan for the actual pattern takes
     * ~4 ms (docs/performance.md, issue 7). Planning each time costs well under a millisecond.
     */
    static PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.text());
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0); // unnamed statement: a custom plan
        }
        Object[] args = sql.args();
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    static Sql received(RegisterFilter f, ZoneId zone, Integer limit, int offset, Dialect dialect) {
        StringBuilder sql = new StringBuilder(dialect == Dialect.POSTGRESQL ? RECEIVED_ROW : RECEIVED_COLUMNS_PROBES)
                .append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!f.allUnits()) {
            sql.append(" AND d.unit_code = ?");
            args.add(f.unitCode());
        }
        if (f.from() != null) {
            sql.append(" AND d.delivered_at >= ?");
            args.add(startOf(f.from(), zone));
        }
        if (f.to() != null) {
            sql.append(" AND d.delivered_at < ?");
            args.add(startOf(f.to().plusDays(1), zone));
        }
        common(f, sql, args);
        if (f.counterpart() != null) {
            sql.append(" AND (doc.sender_unit = ? OR su.name LIKE ? ESCAPE '\\')");
            args.add(f.counterpart());
            args.add(contains(f.counterpart()));
        }
        if (f.state() != null) {
            if (!f.allUnits()) {
                // a delivery in state S has an event leading to S: start from the unit's such events
                sql.append(" AND d.id IN (SELECT x.delivery_id FROM delivery_event x WHERE x.unit_code = ?"
                        + " AND x.event IN (" + inList(eventsLeadingTo(f.state())) + "))");
                args.add(f.unitCode());
            }
            sql.append(" AND ").append(DELIVERY_STATE).append(" = ?");
            args.add(f.state());
        }
        sql.append(" ORDER BY d.delivered_at DESC, d.id DESC");
        page(sql, args, limit, offset);
        String text = dialect == Dialect.POSTGRESQL ? RECEIVED_EVENTS_LATERAL.formatted(sql) : sql.toString();
        return new Sql(text, args.toArray());
    }

    /** The delivery events whose state is {@code state} (none for a state that does not exist). */
    static List<String> eventsLeadingTo(String state) {
        List<String> events = RegisterState.DELIVERY_STATE_EVENTS.stream()
                .filter(e -> RegisterState.ofDeliveryEvent(e).equals(state))
                .toList();
        return events.isEmpty() ? List.of("-") : events;
    }

    static Sql sent(RegisterFilter f, ZoneId zone, Integer limit, int offset) {
        StringBuilder sql = new StringBuilder(SENT_COLUMNS).append(" WHERE doc.sent_at IS NOT NULL");
        List<Object> args = new ArrayList<>();
        if (!f.allUnits()) {
            sql.append(" AND doc.sender_unit = ?");
            args.add(f.unitCode());
        }
        if (f.from() != null) {
            sql.append(" AND doc.sent_at >= ?");
            args.add(startOf(f.from(), zone));
        }
        if (f.to() != null) {
            sql.append(" AND doc.sent_at < ?");
            args.add(startOf(f.to().plusDays(1), zone));
        }
        common(f, sql, args);
        if (f.counterpart() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM delivery r JOIN unit ru ON ru.code = r.unit_code"
                    + " WHERE r.document_id = doc.id AND (r.unit_code = ? OR ru.name LIKE ? ESCAPE '\\'))");
            args.add(f.counterpart());
            args.add(contains(f.counterpart()));
        }
        if (f.state() != null) {
            sql.append(" AND ").append(DOCUMENT_STATE).append(" = ?");
            args.add(f.state());
        }
        sql.append(" ORDER BY doc.sent_at DESC, doc.id");
        page(sql, args, limit, offset);
        return new Sql(sql.toString(), args.toArray());
    }

    private static void common(RegisterFilter f, StringBuilder sql, List<Object> args) {
        if (f.typeCode() != null) {
            sql.append(" AND doc.type_code = ?");
            args.add(f.typeCode());
        }
        if (f.docNo() != null) {
            sql.append(" AND doc.doc_no LIKE ? ESCAPE '\\'");
            args.add(contains(f.docNo()));
        }
        if (f.title() != null) {
            sql.append(" AND doc.title LIKE ? ESCAPE '\\'");
            args.add(contains(f.title()));
        }
    }

    private static void page(StringBuilder sql, List<Object> args, Integer limit, int offset) {
        if (limit != null) {
            sql.append(" LIMIT ? OFFSET ?");
            args.add(limit);
            args.add(offset);
        }
    }

    static String contains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static OffsetDateTime startOf(java.time.LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    static ReceivedEntry receivedRow(ResultSet rs) throws SQLException {
        return new ReceivedEntry(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                instant(rs, 4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                instant(rs, 12),
                instant(rs, 13),
                rs.getString(14),
                rs.getInt(15),
                instant(rs, 16),
                rs.getString(17));
    }

    static SentEntry sentRow(ResultSet rs) throws SQLException {
        return new SentEntry(
                rs.getString(1),
                rs.getString(2),
                instant(rs, 3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getInt(9),
                rs.getInt(10),
                rs.getString(11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private RegisterQueries() {}
}
