package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A real SealPost server for the CLI tests: the server jar built by the reactor
 * ({@code sealpost-server/target/sealpost-server.jar}, before this module) runs in its own JVM with
 * the demo profile on a private in-memory H2 database. It starts once per test JVM, is shared by
 * every test class that needs it, and stops when the test JVM exits. Each {@code sealpost} command
 * runs in its own JVM too, so {@code SEALPOST_HOME} and standard input are the real ones.
 */
final class RealServer {

    /** The demo password of every demo account on this server. */
    static final String PASSWORD = "Cli-Test-Password-2026!";

    private static RealServer shared;

    final String url;
    final JsonNode demoAccounts;
    private final Path work;
    private final Path dir;

    record Run(int exit, String out, String err) {}

    private RealServer(String url, JsonNode demoAccounts, Path work, Path dir) {
        this.url = url;
        this.demoAccounts = demoAccounts;
        this.work = work;
        this.dir = dir;
    }

    /** A path the server wrote, as named in its files (relative to its working directory). */
    Path serverFile(String path) {
        return dir.resolve(path).normalize();
    }

    static synchronized RealServer get() throws Exception {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static RealServer start() throws Exception {
        Path jar = Path.of(System.getProperty("sealpost.server.jar", "../sealpost-server/target/sealpost-server.jar"))
                .toAbsolutePath()
                .normalize();
        assertThat(jar)
                .as("the server jar: build sealpost-server first (the reactor does, e.g. -pl sealpost-cli -am verify)")
                .exists();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Path work = Files.createTempDirectory("sealpost-cli-test");
        Path dir = Files.createDirectories(work.resolve("server"));
        ProcessBuilder builder = new ProcessBuilder(
                        java(),
                        "-Xmx512m",
                        "-jar",
                        jar.toString(),
                        "--spring.profiles.active=demo",
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:cli-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                        "--sealpost.security.password-hash-iterations=1000",
                        "--sealpost.keys.pin-iterations=1000",
                        // many sign-ins of the same people from 127.0.0.1 within a minute: not what R08 limits are for
                        "--sealpost.security.rate-limits.sign-in-per-address=0",
                        "--sealpost.security.rate-limits.sign-in-per-account=0",
                        "--sealpost.security.rate-limits.api-per-token=0")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("SEALPOST_DEMO_PASSWORD", PASSWORD);
        Process server = builder.start();
        // stopped when the test JVM exits, also when it is killed
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
        HttpClient http = HttpClient.newHttpClient();
        // generous: the demo issues keys, key files and seals for every unit, and a shared CI machine may be busy
        Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
        while (true) {
            assertThat(server.isAlive())
                    .as("server exited; its log:\n%s", tail(dir.resolve("server.log")))
                    .isTrue();
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && Files.exists(dir.resolve("data/demo-accounts.json"))) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            assertThat(Instant.now()).as("server did not start in time").isBefore(deadline);
            Thread.sleep(500);
        }
        JsonNode accounts = Json.read(Files.readString(dir.resolve("data/demo-accounts.json")), "demo accounts");
        return new RealServer(url, accounts, work, dir);
    }

    private static void stop(Process server) {
        server.destroy();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Runs {@code sealpost ARGS} in its own JVM with {@code SEALPOST_HOME=home}. */
    Run sealpost(Path home, String stdin, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), "org.sealpost.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SEALPOST_HOME", home.toString());
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("sealpost %s finished", List.of(args))
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8).replaceAll("(?m)^OpenJDK.*warning.*\\R", ""));
    }

    Run ok(Path home, String... args) throws Exception {
        Run run = sealpost(home, null, args);
        assertThat(run.exit()).as("sealpost %s: %s", List.of(args), run.err()).isZero();
        return run;
    }

    /** Exit 1 and exactly one line on stderr that contains {@code expected}. */
    static void refused(Run run, String expected) {
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip()).contains(expected).doesNotContain("\n").doesNotContain("Exception");
    }

    /**
     * The signed-in office (in {@code officeHome}) sends {@code body} as a one-file document of type
     * BUREAU_OTHER (sent unsealed, so the recipient gets exactly these bytes), urgent, to {@code
     * unit} through the REST API; returns the document id.
     */
    String send(Path officeHome, String officePin, String unit, String title, byte[] body) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String bearer = "Bearer " + storedToken(officeHome);
        HttpResponse<String> draft = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/documents"))
                        .header("Authorization", bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.compact(java.util.Map.of(
                                "type", "BUREAU_OTHER", "title", title, "urgency", "URGENT", "to", List.of(unit)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        String id = Json.read(draft.body(), "draft").path("id").asString();
        String boundary = "receiving-cli-test";
        byte[] head = ("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notice.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var multipart = new java.io.ByteArrayOutputStream();
        multipart.write(head);
        multipart.write(body);
        multipart.write(tail);
        HttpResponse<String> uploaded = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/documents/" + id + "/body"))
                        .header("Authorization", bearer)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(multipart.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        HttpResponse<String> sent = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/documents/" + id + "/send"))
                        .header("Authorization", bearer)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "cli-test-" + id)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Json.compact(java.util.Map.of("confirm", true, "pin", officePin))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        return id;
    }

    /** GET {@code path} with the bearer token stored in {@code home}; the answer as JSON (200 expected). */
    JsonNode getJson(Path home, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .header("Authorization", "Bearer " + storedToken(home))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.read(answer.body(), path);
    }

    static String storedToken(Path home) throws Exception {
        return Json.read(Files.readString(home.resolve("credentials.json")), "credentials")
                .path("token")
                .asString();
    }
}
