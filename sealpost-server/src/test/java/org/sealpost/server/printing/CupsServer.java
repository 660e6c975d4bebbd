package org.sealpost.server.printing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real CUPS scheduler for the tests: {@code cupsd} in the foreground with its own configuration,
 * spool and state under {@code target/}, listening on a free loopback port, with cups-pdf
 * printers added by {@code lpadmin}. Needs the Debian packages {@code cups} and {@code
 * printer-driver-cups-pdf} (and root, as cups-pdf's backend runs only as root).
 */
final class CupsServer implements AutoCloseable {

    static final Path CUPSD = Path.of("/usr/sbin/cupsd");
    static final Path CUPS_PDF = Path.of("/usr/lib/cups/backend/cups-pdf");
    /** Where cups-pdf writes jobs of users unknown to the machine (its AnonDirName default). */
    static final Path ANONYMOUS_OUTPUT = Path.of("/var/spool/cups-pdf/ANONYMOUS");

    private final Path dir;
    private final int port;
    private final Process process;

    static boolean available() {
        return Files.isExecutable(CUPSD) && Files.exists(CUPS_PDF);
    }

    private CupsServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static CupsServer start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cups-");
        // the filters run as the unprivileged "lp" user: they must reach the spool and temp files
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String sub : List.of("root", "spool", "tmp", "state", "cache", "log")) {
            Files.createDirectories(dir.resolve(sub));
            Files.setPosixFilePermissions(dir.resolve(sub), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(
                dir.resolve("root/cupsd.conf"),
                String.join(
                        "\n",
                        "Listen 127.0.0.1:" + port,
                        "LogLevel info",
                        "WebInterface No",
                        "Browsing No",
                        "PreserveJobHistory Yes",
                        // a filter error ends the job (aborted) instead of stopping the printer
                        "ErrorPolicy abort-job",
                        "<Location />",
                        "  Order allow,deny",
                        "  Allow from 127.0.0.1",
                        "</Location>",
                        "<Policy default>",
                        "  <Limit All>",
                        "    Order deny,allow",
                        "  </Limit>",
                        "</Policy>",
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("root/cups-files.conf"),
                String.join(
                        "\n",
                        "ServerRoot " + dir.resolve("root"),
                        "RequestRoot " + dir.resolve("spool"),
                        "TempDir " + dir.resolve("tmp"),
                        "StateDir " + dir.resolve("state"),
                        "CacheDir " + dir.resolve("cache"),
                        "ErrorLog " + dir.resolve("log/error_log"),
                        "AccessLog " + dir.resolve("log/access_log"),
                        "PageLog " + dir.resolve("log/page_log"),
                        "SystemGroup root",
                        ""),
                StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(
                        CUPSD.toString(),
                        "-f",
                        "-c",
                        dir.resolve("root/cupsd.conf").toString(),
                        "-s",
                        dir.resolve("root/cups-files.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/stdout").toFile())
                .start();
        CupsServer server = new CupsServer(dir, port, process);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    server.close();
                    throw new IllegalStateException("cupsd did not start: " + server.log());
                }
                Thread.sleep(100);
            }
        }
        return server;
    }

    String url() {
        return "ipp://127.0.0.1:" + port;
    }

    /** Adds a cups-pdf printer; {@code stopped} queues jobs without printing them. */
    void addPdfPrinter(String name, boolean stopped) throws IOException, InterruptedException {
        run(
                "lpadmin",
                "-h",
                "127.0.0.1:" + port,
                "-p",
                name,
                "-E",
                "-v",
                "cups-pdf:/",
                "-m",
                "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd");
        if (stopped) {
            run("cupsdisable", "-h", "127.0.0.1:" + port, name);
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    String log() {
        List<String> lines = new ArrayList<>();
        for (String f : List.of("log/stdout", "log/error_log")) {
            try {
                String text = Files.readString(dir.resolve(f));
                lines.add(text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000));
            } catch (IOException e) {
                lines.add(f + ": " + e.getMessage());
            }
        }
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
