package org.sealpost.server.register;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sealpost.server.calendar.CalendarProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Run in a JVM of its own with a small heap ({@link RegisterExportHeapIT}):
 *
 * <pre>
 * ExportProbe url user password load N   migrate and bulk-load N deliveries (2 events each)
 * ExportProbe url user password csv|xlsx  export every unit's received register through Registers
 * ExportProbe url user password collect   the same rows collected into a list first (the control)
 * </pre>
 *
 * Prints one line {@code rows=… bytes=… maxHeap=…}; exits 3 on OutOfMemoryError.
 */
public final class ExportProbe {

    public static void main(String[] args) throws Exception {
        DriverManagerDataSource ds = new DriverManagerDataSource(args[0], args[1], args[2]);
        String mode = args[3];
        try {
            switch (mode) {
                case "load" -> load(ds, Integer.parseInt(args[4]));
                case "csv", "xlsx" -> export(ds, Registers.Format.valueOf(mode.toUpperCase()));
                case "collect" -> collect(ds);
                default -> throw new IllegalArgumentException(mode);
            }
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError");
            System.exit(3);
        }
    }

    static CalendarProperties calendar() {
        return new CalendarProperties(ZoneId.of("Asia/Shanghai"), List.of("08:30-12:00", "13:30-17:30"));
    }

    static void export(DataSource ds, Registers.Format format) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        Registers registers = new Registers(jdbc, new DataSourceTransactionManager(ds), null, null, calendar());
        Counting out = new Counting();
        long rows = registers.write(
                Registers.Kind.RECEIVED,
                RegisterFilter.of(RegisterFilter.ALL_UNITS),
                format,
                Registers.RECEIVED_TITLES,
                out);
        System.out.println("rows=" + rows + " bytes=" + out.bytes + " maxHeap="
                + Runtime.getRuntime().maxMemory());
    }

    /** Peak use of the old generation (Serial GC's tenured pool), bytes. */
    static long peakOldGen() {
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains("Tenured") || pool.getName().contains("Old")) {
                return pool.getPeakUsage().getUsed();
            }
        }
        return -1;
    }

    /**
     * What an export that is not streamed does: every row collected into a list, then an XLSX
     * built in memory (POI's XSSFWorkbook), then written.
     */
    static void collect(DataSource ds) throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        RegisterQueries.Sql sql = RegisterQueries.received(
                RegisterFilter.of(RegisterFilter.ALL_UNITS),
                ZoneId.of("Asia/Shanghai"),
                null,
                0,
                RegisterQueries.Dialect.of(ds));
        List<ReceivedEntry> all = jdbc.query(sql.text(), (rs, n) -> RegisterQueries.receivedRow(rs), sql.args());
        Counting out = new Counting();
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            var sheet = book.createSheet("received");
            int r = 0;
            for (ReceivedEntry e : all) {
                var row = sheet.createRow(r++);
                List<Object> cells = Registers.cells(e);
                for (int i = 0; i < cells.size(); i++) {
                    row.createCell(i).setCellValue(String.valueOf(cells.get(i)));
                }
            }
            book.write(out);
        }
        System.out.println("rows=" + all.size() + " bytes=" + out.bytes + " maxHeap="
                + Runtime.getRuntime().maxMemory());
    }

    /** Documents of 100 units each delivered to 100 unit codes, signed an hour later. */
    static void load(DataSource ds, int deliveries) throws SQLException {
        Flyway.configure().dataSource(ds).load().migrate();
        int units = 100;
        int documents = (deliveries + units - 1) / units;
        Instant start = Instant.parse("2026-01-05T01:00:00Z");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            List<String> ids = new ArrayList<>(documents);
            try (PreparedStatement doc = c.prepareStatement(
                    "INSERT INTO document (id, sender_unit, type_code, doc_no, title, urgency, print_copies,"
                            + " print_success, paper_follows, state, drafted_by, created_at, updated_at, sent_at)"
                            + " VALUES (?, ?, 'BUREAU_DOC', ?, ?, 'NORMAL', 3, 1, FALSE, 'SENT', 'probe', ?, ?, ?)")) {
                for (int d = 0; d < documents; d++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    var at = start.plusSeconds(600L * d).atOffset(ZoneOffset.UTC);
                    doc.setString(1, id);
                    doc.setString(2, "SENDER-" + (d % 7));
                    doc.setString(3, "浙银监发〔2026〕" + d + "号");
                    doc.setString(4, "关于进一步加强银行业金融机构电子政务传输系统管理工作的通知（第" + d + "号）");
                    doc.setObject(5, at);
                    doc.setObject(6, at);
                    doc.setObject(7, at);
                    doc.addBatch();
                    if (d % 500 == 499) {
                        doc.executeBatch();
                    }
                }
                doc.executeBatch();
            }
            try (PreparedStatement del = c.prepareStatement(
                    "INSERT INTO delivery (document_id, unit_code, scope_role, priority, state, delivered_at,"
                            + " copies_authorised, copies_to_succeed) VALUES (?, ?, 'MAIN', 2, 'DELIVERED', ?, 3, 1)")) {
                int n = 0;
                for (int d = 0; d < documents && n < deliveries; d++) {
                    var at = start.plusSeconds(600L * d + 5).atOffset(ZoneOffset.UTC);
                    for (int u = 0; u < units && n < deliveries; u++, n++) {
                        del.setString(1, ids.get(d));
                        del.setString(2, "UNIT-" + u);
                        del.setObject(3, at);
                        del.addBatch();
                        if (n % 1000 == 999) {
                            del.executeBatch();
                            c.commit();
                        }
                    }
                }
                del.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at)"
                        + " SELECT id, document_id, unit_code, 'DELIVERED', 'system', delivered_at FROM delivery");
                s.execute("INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at,"
                        + " detail) SELECT id, document_id, unit_code, 'SIGNED', 'operator-a',"
                        + " delivered_at + INTERVAL '1' HOUR, 'signed' FROM delivery");
            }
            c.commit();
        }
        System.out.println("loaded " + deliveries);
    }

    static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
