package org.sealpost.server.register;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.calendar.CalendarProperties;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send/receive registers (收发文登记, 第十七条): searched page by page, exported as CSV or XLSX
 * in one pass over a database cursor, so an export of any size holds one row (XLSX: a window of
 * {@link XlsxSink#WINDOW} rows) in memory.
 */
@Service
public class Registers {

    public static final int MAX_PAGE = 500;
    /** Rows fetched per round trip while exporting (a PostgreSQL cursor inside a read-only transaction). */
    static final int FETCH_SIZE = 500;

    public enum Format {
        CSV("text/csv;charset=UTF-8", "csv"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }
    }

    public enum Kind {
        SENT,
        RECEIVED
    }

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final UnitDirectory units;
    private final AuditLog audit;
    private final ZoneId zone;
    private volatile RegisterQueries.Dialect dialect;

    Registers(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            UnitDirectory units,
            AuditLog audit,
            CalendarProperties calendar) {
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(jdbc.getDataSource());
        cursor.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        this.units = units;
        this.audit = audit;
        this.zone = calendar.zone();
    }

    /** Which database the statements are for, asked once. */
    private RegisterQueries.Dialect dialect() {
        RegisterQueries.Dialect d = dialect;
        if (d == null) {
            d = RegisterQueries.Dialect.of(jdbc.getDataSource());
            dialect = d;
        }
        return d;
    }

    /**
     * The filter with the unit the user may search: their own when none is named, any unit (or
     * {@link RegisterFilter#ALL_UNITS}) for the regulator office.
     *
     * @throws RegisterRefused NOT_FOUND for another unit's register or an unknown unit
     */
    public RegisterFilter authorise(SignedInUser user, RegisterFilter filter) {
        String unit = RegisterAccessPolicy.unitFor(user, filter.unitCode());
        if (!unit.equals(RegisterFilter.ALL_UNITS)
                && !unit.equals(user.unitCode())
                && units.findByCode(unit).isEmpty()) {
            throw RegisterRefused.notFound();
        }
        return filter.forUnit(unit);
    }

    public RegisterPage<ReceivedEntry> received(SignedInUser user, RegisterFilter filter, int offset, int limit) {
        RegisterFilter f = authorise(user, filter);
        checkPage(offset, limit);
        RegisterQueries.Sql sql = RegisterQueries.received(f, zone, limit + 1, offset, dialect());
        List<ReceivedEntry> rows =
                jdbc.query(c -> RegisterQueries.prepare(c, sql), (rs, n) -> RegisterQueries.receivedRow(rs));
        return page(rows, offset, limit);
    }

    public RegisterPage<SentEntry> sent(SignedInUser user, RegisterFilter filter, int offset, int limit) {
        RegisterFilter f = authorise(user, filter);
        checkPage(offset, limit);
        RegisterQueries.Sql sql = RegisterQueries.sent(f, zone, limit + 1, offset);
        List<SentEntry> rows = jdbc.query(c -> RegisterQueries.prepare(c, sql), (rs, n) -> RegisterQueries.sentRow(rs));
        return page(rows, offset, limit);
    }

    /**
     * Checks access and audits the export (REGISTER_EXPORTED) now, before any byte is written, so a
     * refusal is still a clean 403/404; the returned export then writes the whole register the
     * filter selects, in one pass, whenever the caller is ready.
     */
    public RegisterExport export(SignedInUser user, Kind kind, RegisterFilter filter, Format format) {
        RegisterFilter f = authorise(user, filter);
        audit.record(new AuditEntry(
                user.username(),
                user.unitCode(),
                "REGISTER_EXPORTED",
                true,
                null,
                kind + ":" + f.unitCode(),
                format + " " + describe(f)));
        return (titles, out) -> write(kind, f, format, titles, out);
    }

    /** An authorised export, ready to write. */
    @FunctionalInterface
    public interface RegisterExport {
        /**
         * Writes the file to {@code out} (not closed); column titles are localised by the caller.
         *
         * @return the number of data rows written
         */
        long writeTo(List<String> titles, OutputStream out);
    }

    /** The export without the access check: for tests and the streaming probe only. */
    long write(Kind kind, RegisterFilter f, Format format, List<String> titles, OutputStream out) {
        Long n = readOnly.execute(status -> {
            try (TableSink sink = format == Format.CSV
                    ? new CsvSink(out, zone)
                    : new XlsxSink(out, zone, kind == Kind.SENT ? "发文登记" : "收文登记")) {
                sink.header(titles);
                long[] count = {0};
                RegisterQueries.Sql sql = kind == Kind.SENT
                        ? RegisterQueries.sent(f, zone, null, 0)
                        : RegisterQueries.received(f, zone, null, 0, dialect());
                cursor.query(c -> RegisterQueries.prepare(c, sql), rs -> {
                    try {
                        sink.row(
                                kind == Kind.SENT
                                        ? cells(RegisterQueries.sentRow(rs))
                                        : cells(RegisterQueries.receivedRow(rs)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    count[0]++;
                });
                return count[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return n == null ? 0 : n;
    }

    /** Export columns, in the order of {@link #RECEIVED_TITLES}. */
    static List<Object> cells(ReceivedEntry e) {
        List<Object> c = new ArrayList<>(14);
        c.add(e.deliveredAt());
        c.add(e.unitCode());
        c.add(e.senderName() == null ? e.senderUnit() : e.senderName());
        c.add(e.typeCode());
        c.add(e.docNo());
        c.add(e.title());
        c.add(e.urgency());
        c.add(e.state());
        c.add(e.readAt());
        c.add(e.signedAt());
        c.add(e.signedBy());
        c.add(e.copiesPrinted());
        c.add(e.returnedAt());
        c.add(e.returnReason());
        return c;
    }

    /** Export columns, in the order of {@link #SENT_TITLES}. */
    static List<Object> cells(SentEntry e) {
        List<Object> c = new ArrayList<>(10);
        c.add(e.sentAt());
        c.add(e.senderUnit());
        c.add(e.typeCode());
        c.add(e.docNo());
        c.add(e.title());
        c.add(e.urgency());
        c.add(e.recipients());
        c.add(e.signed());
        c.add(e.returned());
        c.add(e.state());
        return c;
    }

    /** i18n keys of the export columns. */
    public static final List<String> RECEIVED_TITLES = List.of(
            "register.col.receivedAt",
            "register.col.unit",
            "register.col.sender",
            "register.col.type",
            "register.col.number",
            "register.col.title",
            "register.col.urgency",
            "register.col.state",
            "register.col.readAt",
            "register.col.signedAt",
            "register.col.signedBy",
            "register.col.copiesPrinted",
            "register.col.returnedAt",
            "register.col.returnReason");

    public static final List<String> SENT_TITLES = List.of(
            "register.col.sentAt",
            "register.col.unit",
            "register.col.type",
            "register.col.number",
            "register.col.title",
            "register.col.urgency",
            "register.col.recipients",
            "register.col.signed",
            "register.col.returned",
            "register.col.state");

    public ZoneId zone() {
        return zone;
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw RegisterRefused.invalid("page", "offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
    }

    private static <T> RegisterPage<T> page(List<T> rows, int offset, int limit) {
        boolean more = rows.size() > limit;
        return new RegisterPage<>(more ? rows.subList(0, limit) : rows, offset, limit, more ? offset + limit : null);
    }

    private static String describe(RegisterFilter f) {
        String text = "from=" + f.from() + " to=" + f.to() + " type=" + f.typeCode() + " number=" + f.docNo()
                + " title=" + f.title() + " counterpart=" + f.counterpart() + " state=" + f.state();
        return text.length() > 900 ? text.substring(0, 900) : text;
    }
}
