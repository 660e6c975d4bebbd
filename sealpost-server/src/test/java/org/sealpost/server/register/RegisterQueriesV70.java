package org.sealpost.server.register;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Benchmark baseline only: the register SQL as it was before issue 7's rework (V70 indexes, seven
 * correlated probes per row), kept so {@link RegisterSearchBenchmark} can time old and new on the
 * same data in one run. The application uses {@link RegisterQueries}.
 *
 * <p>Was: the register SQL, one definition for pages, exports and the benchmark. Every column that a
 * person might think was typed in (state, signed at/by, copies printed, returned at/why, signed
 * and returned counts) is read from {@code delivery_event} / {@code document_event}; the document
 * and delivery rows give only what the sender wrote and the delivery's identity and time.
 *
 * <p>States are the last state-changing event by event id (the order the events were written in).
 */
final class RegisterQueriesV70 {

    private static String inList(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }

    static final String DELIVERY_STATE = "(SELECT CASE e.event WHEN 'GREY_PRINTED' THEN 'PRINTED' ELSE e.event END"
            + " FROM delivery_event e WHERE e.delivery_id = d.id AND e.event IN ("
            + inList(RegisterState.DELIVERY_STATE_EVENTS) + ") ORDER BY e.id DESC LIMIT 1)";

    static final String DOCUMENT_STATE = "(SELECT e.event FROM document_event e WHERE e.document_id = doc.id"
            + " AND e.event IN (" + inList(RegisterState.DOCUMENT_STATE_EVENTS) + ") ORDER BY e.id DESC LIMIT 1)";

    private static String firstEvent(String column, String event) {
        return "(SELECT e." + column + " FROM delivery_event e WHERE e.delivery_id = d.id AND e.event = '" + event
                + "' ORDER BY e.id LIMIT 1)";
    }

    static final String RECEIVED_COLUMNS = "SELECT d.id, d.unit_code, d.document_id, d.delivered_at, doc.sender_unit,"
            + " su.name, doc.type_code, doc.doc_no, doc.title, doc.urgency, " + DELIVERY_STATE + " AS reg_state, "
            + firstEvent("occurred_at", "READ") + ", " + firstEvent("occurred_at", "SIGNED") + ", "
            + firstEvent("actor", "SIGNED") + ", (SELECT COUNT(*) FROM delivery_event e WHERE e.delivery_id = d.id"
            + " AND e.event IN ('PRINTED', 'GREY_PRINTED')), " + firstEvent("occurred_at", "RETURNED") + ", "
            + firstEvent("detail", "RETURNED")
            + " FROM delivery d JOIN document doc ON doc.id = d.document_id LEFT JOIN unit su ON su.code = doc.sender_unit";

    static final String SENT_COLUMNS =
            "SELECT doc.id, doc.sender_unit, (SELECT MIN(e.occurred_at) FROM document_event e"
                    + " WHERE e.document_id = doc.id AND e.event = 'SENT'), doc.type_code, doc.doc_no, doc.title, doc.urgency,"
                    + " (SELECT COUNT(*) FROM delivery d WHERE d.document_id = doc.id),"
                    + " (SELECT COUNT(DISTINCT e.delivery_id) FROM delivery_event e WHERE e.document_id = doc.id"
                    + " AND e.event = 'SIGNED'),"
                    + " (SELECT COUNT(DISTINCT e.delivery_id) FROM delivery_event e WHERE e.document_id = doc.id"
                    + " AND e.event = 'RETURNED'), " + DOCUMENT_STATE + " AS reg_state FROM document doc";

    /** A statement and its arguments. */
    // statements as RegisterQueries.Sql

    static RegisterQueries.Sql received(RegisterFilter f, ZoneId zone, Integer limit, int offset) {
        StringBuilder sql = new StringBuilder(RECEIVED_COLUMNS).append(" WHERE 1 = 1");
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
            sql.append(" AND ").append(DELIVERY_STATE).append(" = ?");
            args.add(f.state());
        }
        sql.append(" ORDER BY d.delivered_at DESC, d.id DESC");
        page(sql, args, limit, offset);
        return new RegisterQueries.Sql(sql.toString(), args.toArray());
    }

    static RegisterQueries.Sql sent(RegisterFilter f, ZoneId zone, Integer limit, int offset) {
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
        return new RegisterQueries.Sql(sql.toString(), args.toArray());
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

    private RegisterQueriesV70() {}
}
