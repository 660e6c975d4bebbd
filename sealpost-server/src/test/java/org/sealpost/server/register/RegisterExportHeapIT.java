package org.sealpost.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealpost.server.support.EmbeddedPostgres;

/**
 * "Export of a huge range streams without running out of memory" (issue 7), proven in a JVM of
 * its own with a small heap (64 MB with H2 in the same JVM, 24 MB on PostgreSQL): 200,000 register rows export as CSV and as XLSX through {@link
 * Registers}, while the same rows collected into a list first (what a non-streaming export does)
 * run out of memory in the same heap — so the heap limit really binds. The database is H2 (file)
 * on the default pass and the embedded PostgreSQL on the PostgreSQL pass, where the export reads
 * through a server-side cursor.
 */
class RegisterExportHeapIT {

    static final int ROWS = 200_000;
    /**
     * Small enough that the collected list cannot fit, large enough for the JVM, the driver and POI:
     * 24 MB on PostgreSQL (at 64 MB the 200,000 collected rows still fit there), 64 MB on H2, whose
     * embedded engine itself cannot open the 480 MB database file in 24 MB.
     */
    static final String HEAP = "postgres".equals(System.getProperty("sealpost.test.database")) ? "24m" : "64m";

    static String url;
    static String user;
    static String password;

    @BeforeAll
    static void load() throws Exception {
        if ("postgres".equals(System.getProperty("sealpost.test.database"))) {
            var pg = EmbeddedPostgres.server();
            String db = "export_probe_" + System.nanoTime();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            url = pg.getJdbcUrl("postgres", db) + "&reWriteBatchedInserts=true";
            user = "postgres";
            password = "";
        } else {
            Path dir = Path.of("target", "export-probe");
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
            url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;CACHE_SIZE=4096";
            user = "sa";
            password = "";
        }
        Result loaded = probe("256m", "load", String.valueOf(ROWS));
        assertThat(loaded.exit()).as(loaded.output()).isZero();
    }

    @Test
    void csvOf200000RowsExportsInASmallHeap() throws Exception {
        Result r = probe(HEAP, "csv");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("rows=" + ROWS);
        assertThat(bytes(r)).isGreaterThan(ROWS * 100L);
    }

    @Test
    void xlsxOf200000RowsExportsInASmallHeap() throws Exception {
        Result r = probe(HEAP, "xlsx");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("rows=" + ROWS);
        assertThat(bytes(r)).isGreaterThan(1_000_000L);
    }

    @Test
    void theSameRowsCollectedInAListDoNotFitInThatHeap() throws Exception {
        Result r = probe(HEAP, "collect");
        assertThat(r.exit())
                .as("the control must run out of memory: %s", r.output())
                .isEqualTo(3);
    }

    record Result(int exit, String output) {}

    static long bytes(Result r) {
        String line = r.output()
                .lines()
                .filter(l -> l.startsWith("rows="))
                .findFirst()
                .orElseThrow();
        return Long.parseLong(line.replaceAll(".*bytes=(\\d+).*", "$1"));
    }

    static Result probe(String heap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExportProbe.class.getName());
        command.add(url);
        command.add(user);
        command.add(password.isEmpty() ? "" : password);
        command.addAll(List.of(args));
        Path log = Files.createTempFile("export-probe", ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("probe timed out: " + String.join(" ", args));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        String tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
        return new Result(p.exitValue(), tail);
    }
}
