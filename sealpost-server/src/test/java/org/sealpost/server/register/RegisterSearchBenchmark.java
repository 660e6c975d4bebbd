package org.sealpost.server.register;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Benchmark (issue 7, DESIGN.md §9: inbox page with 1,000,000 deliveries, p99 ≤ 20 ms on
 * PostgreSQL): a fresh embedded PostgreSQL migrated by Flyway to V70, bulk-loaded with COPY — 500
 * units, 20,000 documents, 1,000,000 deliveries, ~2.8 million delivery events — then many
 * iterations of the inbox's first page and of register searches, each with a random unit: first
 * the V70 statements ({@link RegisterQueriesV70}, prepared as the application did then), then,
 * after migrating to the latest version on the same data, the current ones ({@link
 * RegisterQueries}, prepared through {@link RegisterQueries#prepare} as the application does).
 * Prints p50/p90/p99/max and the load average. Not a test: run with
 *
 * <pre>
 * ./mvnw -o -pl sealpost-server -am test -Dtest=RegisterSearchBenchmark -Dsealpost.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Options: {@code -Dsealpost.bench.documents=2000} (×50 deliveries, for quick iterations),
 * {@code -Dsealpost.bench.iterations=3000} (measured runs per query, a tenth more to warm up),
 * {@code -Dsealpost.bench.explain=true} (EXPLAIN ANALYZE of each query once, into the report).
 * Figures in docs/performance.md; also written to target/register-benchmark.txt.
 */
@EnabledIfSystemProperty(named = "sealpost.bench", matches = "true")
class RegisterSearchBenchmark {

    static final int UNITS = 500;
    /** 20,000 documents × 50 = 1,000,000 deliveries; fewer with -Dsealpost.bench.documents while iterating. */
    static final int DOCUMENTS = Integer.getInteger("sealpost.bench.documents", 20_000);

    static final int PER_DOCUMENT = 50;
    static final int ITERATIONS = Integer.getInteger("sealpost.bench.iterations", 3_000);
    static final int WARM_UP = ITERATIONS / 10;
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    static final String INBOX = "SELECT d.id, d.document_id, d.priority, d.state, d.delivered_at, d.due_at, doc.title,"
            + " doc.doc_no, doc.sender_unit, doc.urgency FROM delivery d JOIN document doc ON doc.id = d.document_id"
            + " WHERE d.unit_code = ? ORDER BY d.priority, d.delivered_at DESC, d.id DESC LIMIT 50";

    /** One register statement under test, built for a random unit. */
    interface Query {
        RegisterQueries.Sql build(Random r, boolean baseline);
    }

    /**
     * Baseline and current on the same data in one run: migrate to V70 (the schema the old SQL
     * was measured on), load, time the old statements; migrate to the latest version (V71…),
     * time the new ones. Both phases see the same rows, cache and machine, minutes apart.
     */
    @Test
    void inboxAndRegisterSearch() throws Exception {
        boolean explain = Boolean.getBoolean("sealpost.bench.explain");
        try (var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .start();
                Connection c = pg.getPostgresDatabase().getConnection()) {
            String[] locations = {"classpath:db/migration", "classpath:db/vendor/postgresql"};
            Flyway.configure()
                    .dataSource(pg.getPostgresDatabase())
                    .locations(locations)
                    .target("70")
                    .load()
                    .migrate();
            long t0 = System.nanoTime();
            load(c);
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
            StringBuilder report = new StringBuilder();
            report.append(String.format(
                    Locale.ROOT,
                    "PostgreSQL %s, %d units, %d documents, %d deliveries, %d delivery events (loaded with COPY in %.1f s)%n",
                    scalar(c, "SHOW server_version"),
                    UNITS,
                    DOCUMENTS,
                    Long.parseLong(scalar(c, "SELECT count(*) FROM delivery")),
                    Long.parseLong(scalar(c, "SELECT count(*) FROM delivery_event")),
                    loadMs / 1000.0));
            System.out.print(report);
            String header = String.format(
                    Locale.ROOT,
                    "%-48s %8s %8s %8s %8s   %s%n",
                    "query (" + ITERATIONS + " runs, random unit)",
                    "p50 ms",
                    "p90 ms",
                    "p99 ms",
                    "max ms",
                    "load avg 1/5/15 min after");
            Function<Random, String> unit = r -> "U" + r.nextInt(UNITS);
            Map<String, Query> queries = new LinkedHashMap<>();
            queries.put(
                    "received register, first page (50)", (r, old) -> received(old, RegisterFilter.of(unit.apply(r))));
            queries.put("received register, one month", (r, old) -> {
                LocalDate from = LocalDate.of(2026, 1 + r.nextInt(10), 1);
                return received(
                        old,
                        new RegisterFilter(
                                unit.apply(r), from, from.plusMonths(1).minusDays(1), null, null, null, null, null));
            });
            queries.put(
                    "received register, title contains 通知",
                    (r, old) ->
                            received(old, new RegisterFilter(unit.apply(r), null, null, null, null, "通知", null, null)));
            queries.put(
                    "received register, state = RETURNED",
                    (r, old) -> received(
                            old, new RegisterFilter(unit.apply(r), null, null, null, null, null, null, "RETURNED")));
            queries.put(
                    "received register, all units (office)",
                    (r, old) -> received(old, RegisterFilter.of(RegisterFilter.ALL_UNITS)));
            queries.put(
                    "sent register, first page (50)",
                    (r, old) -> old
                            ? RegisterQueriesV70.sent(RegisterFilter.of("S" + r.nextInt(40)), CHINA, 51, 0)
                            : RegisterQueries.sent(RegisterFilter.of("S" + r.nextInt(40)), CHINA, 51, 0));

            for (boolean baseline : new boolean[] {true, false}) {
                if (!baseline) {
                    long m0 = System.nanoTime();
                    Flyway.configure()
                            .dataSource(pg.getPostgresDatabase())
                            .locations(locations)
                            .load()
                            .migrate();
                    try (Statement s = c.createStatement()) {
                        s.execute("VACUUM ANALYZE");
                    }
                    String migrated = String.format(
                            Locale.ROOT,
                            "migrated to %s (with VACUUM ANALYZE) in %.1f s%n",
                            scalar(c, "SELECT max(version) FROM flyway_schema_history WHERE success"),
                            (System.nanoTime() - m0) / 1e9);
                    System.out.print(migrated);
                    report.append(migrated);
                }
                String phase = (baseline
                                ? "BASELINE: V70 schema, seven probes per row (RegisterQueriesV70)\n"
                                : "CURRENT: latest schema, RegisterQueries\n")
                        + header;
                System.out.print(phase);
                report.append(phase);
                report.append(run(
                        c,
                        "inbox first page (50)",
                        new Random(42),
                        r -> new Object[] {unit.apply(r)},
                        r -> INBOX,
                        false));
                for (var q : queries.entrySet()) {
                    if (explain) {
                        report.append(explain(c, q.getKey(), q.getValue().build(new Random(1), baseline)));
                    }
                    report.append(run(
                            c,
                            q.getKey(),
                            new Random(q.getKey().hashCode()),
                            null,
                            r -> sqlOf(q.getValue().build(r, baseline)),
                            !baseline));
                }
            }
            System.out.println(report);
            Files.writeString(Path.of("target", "register-benchmark.txt"), report.toString());
        }
    }

    private static RegisterQueries.Sql received(boolean baseline, RegisterFilter f) {
        return baseline
                ? RegisterQueriesV70.received(f, CHINA, 51, 0)
                : RegisterQueries.received(f, CHINA, 51, 0, RegisterQueries.Dialect.POSTGRESQL);
    }

    private static String explain(Connection c, String name, RegisterQueries.Sql sql) throws Exception {
        StringBuilder out =
                new StringBuilder("EXPLAIN (ANALYZE, BUFFERS) ").append(name).append('\n');
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql.text())) {
            for (int p = 0; p < sql.args().length; p++) {
                ps.setObject(p + 1, sql.args()[p]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append("    ").append(rs.getString(1)).append('\n');
                }
            }
        }
        System.out.print(out);
        return out.toString();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    /** Binds the statement and its arguments as one string key: run() prepares each distinct statement. */
    private static String sqlOf(RegisterQueries.Sql sql) {
        CURRENT_ARGS.set(sql.args());
        return sql.text();
    }

    private static final ThreadLocal<Object[]> CURRENT_ARGS = new ThreadLocal<>();

    private static String run(
            Connection c,
            String name,
            Random random,
            Function<Random, Object[]> args,
            Function<Random, String> statement,
            boolean current)
            throws Exception {
        long[] nanos = new long[ITERATIONS];
        for (int i = -WARM_UP; i < ITERATIONS; i++) {
            String sql = statement.apply(random);
            Object[] values = args == null ? CURRENT_ARGS.get() : args.apply(random);
            long start = System.nanoTime();
            // current register statements go through RegisterQueries.prepare, as in the application
            try (PreparedStatement ps = current
                    ? RegisterQueries.prepare(c, new RegisterQueries.Sql(sql, values))
                    : plain(c, sql, values)) {
                try (ResultSet rs = ps.executeQuery()) {
                    int n = 0;
                    while (rs.next()) {
                        rs.getObject(1);
                        n++;
                    }
                    if (n == 0 && !name.contains("RETURNED")) {
                        throw new IllegalStateException(name + ": no rows");
                    }
                }
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        String line = String.format(
                Locale.ROOT,
                "%-48s %8.2f %8.2f %8.2f %8.2f   %s%n",
                name,
                nanos[ITERATIONS / 2] / 1e6,
                nanos[(int) (ITERATIONS * 0.9)] / 1e6,
                nanos[(int) Math.ceil(ITERATIONS * 0.99) - 1] / 1e6,
                nanos[ITERATIONS - 1] / 1e6,
                loadAverage());
        System.out.print(line); // as it comes: the whole run takes minutes on a busy machine
        System.out.flush();
        return line;
    }

    private static PreparedStatement plain(Connection c, String sql, Object[] values) throws Exception {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int p = 0; p < values.length; p++) {
            ps.setObject(p + 1, values[p]);
        }
        return ps;
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** COPY in chunks: units, documents (from 40 senders), deliveries (50 per document), events. */
    private static void load(Connection c) throws Exception {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder units = new StringBuilder();
        for (int u = 0; u < UNITS; u++) {
            units.append("U")
                    .append(u)
                    .append('\t')
                    .append("测试银行第")
                    .append(u)
                    .append("分行\tCITY_COMMERCIAL_BANK\t2026-01-01 00:00:00+00\n");
        }
        for (int s = 0; s < 40; s++) {
            units.append("S")
                    .append(s)
                    .append('\t')
                    .append("浙江银监局第")
                    .append(s)
                    .append("处\tREGULATOR_DEPT\t2026-01-01 00:00:00+00\n");
        }
        copy.copyIn("COPY unit (code, name, category, created_at) FROM STDIN", new StringReader(units.toString()));

        Random random = new Random(7);
        Instant start = Instant.parse("2026-01-01T01:00:00Z");
        long span = 330L * 24 * 3600;
        String[] ids = new String[DOCUMENTS];
        Instant[] sent = new Instant[DOCUMENTS];
        StringBuilder docs = new StringBuilder();
        String[] urgencies = {"NORMAL", "NORMAL", "NORMAL", "URGENT", "EXTRA_URGENT"};
        for (int d = 0; d < DOCUMENTS; d++) {
            ids[d] = UUID.randomUUID().toString();
            sent[d] = start.plusSeconds((long) (random.nextDouble() * span));
            String at = ts(sent[d]);
            docs.append(ids[d])
                    .append('\t')
                    .append("S")
                    .append(d % 40)
                    .append("\tBUREAU_DOC\t浙银监发〔2026〕")
                    .append(d)
                    .append("号\t")
                    .append(d % 3 == 0 ? "关于报送数据的通知" : "关于开展专项检查的函")
                    .append(d)
                    .append('\t')
                    .append(urgencies[d % urgencies.length])
                    .append("\t3\t1\tf\tSENT\tbench\t")
                    .append(at)
                    .append('\t')
                    .append(at)
                    .append('\t')
                    .append(at)
                    .append('\n');
        }
        copy.copyIn(
                "COPY document (id, sender_unit, type_code, doc_no, title, urgency, print_copies, print_success,"
                        + " paper_follows, state, drafted_by, created_at, updated_at, sent_at) FROM STDIN",
                new StringReader(docs.toString()));
        docs = null;

        // deliveries with explicit ids so the events can refer to them
        long id = 0;
        StringBuilder del = new StringBuilder();
        StringBuilder ev = new StringBuilder();
        for (int d = 0; d < DOCUMENTS; d++) {
            int first = random.nextInt(UNITS);
            int priority = switch (urgencies[d % urgencies.length]) {
                case "EXTRA_URGENT" -> 0;
                case "URGENT" -> 1;
                default -> 2;
            };
            for (int k = 0; k < PER_DOCUMENT; k++) {
                id++;
                String unitCode = "U" + ((first + k * 10) % UNITS);
                Instant at = sent[d].plusSeconds(2);
                del.append(id)
                        .append('\t')
                        .append(ids[d])
                        .append('\t')
                        .append(unitCode)
                        .append("\tMAIN\t")
                        .append(priority)
                        .append("\tSIGNED\t")
                        .append(ts(at))
                        .append("\t3\t1\n");
                ev.append(id)
                        .append('\t')
                        .append(ids[d])
                        .append('\t')
                        .append(unitCode)
                        .append("\tDELIVERED\tsystem\t")
                        .append(ts(at))
                        .append("\t\\N\n");
                int fate = random.nextInt(100);
                Instant t = at.plusSeconds(60 + random.nextInt(7200));
                if (random.nextInt(10) < 6) {
                    ev.append(id)
                            .append('\t')
                            .append(ids[d])
                            .append('\t')
                            .append(unitCode)
                            .append("\tREAD\top\t")
                            .append(ts(t))
                            .append("\t\\N\n");
                }
                if (fate < 5) {
                    ev.append(id)
                            .append('\t')
                            .append(ids[d])
                            .append('\t')
                            .append(unitCode)
                            .append("\tRETURNED\top\t")
                            .append(ts(t.plusSeconds(60)))
                            .append("\t格式不符\n");
                } else if (fate < 85) {
                    ev.append(id)
                            .append('\t')
                            .append(ids[d])
                            .append('\t')
                            .append(unitCode)
                            .append("\tSIGNED\top\t")
                            .append(ts(t.plusSeconds(60)))
                            .append("\t\\N\n");
                    if (fate < 40) {
                        ev.append(id)
                                .append('\t')
                                .append(ids[d])
                                .append('\t')
                                .append(unitCode)
                                .append("\tPRINTED\top\t")
                                .append(ts(t.plusSeconds(120)))
                                .append("\t1\n");
                    }
                }
            }
            if (d % 1000 == 999 || d == DOCUMENTS - 1) {
                copy.copyIn(
                        "COPY delivery (id, document_id, unit_code, scope_role, priority, state, delivered_at,"
                                + " copies_authorised, copies_to_succeed) FROM STDIN",
                        new StringReader(del.toString()));
                copy.copyIn(
                        "COPY delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at, detail)"
                                + " FROM STDIN",
                        new StringReader(ev.toString()));
                del.setLength(0);
                ev.setLength(0);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT setval(pg_get_serial_sequence('delivery', 'id'), " + id + ")");
        }
    }

    private static String ts(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toString().replace('T', ' ');
    }
}
