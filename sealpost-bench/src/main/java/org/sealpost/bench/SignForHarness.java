package org.sealpost.bench;

import java.io.ByteArrayOutputStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deliveries signed for per second over HTTP (DESIGN.md §9, issue 6): starts the server jar
 * (demo profile, in-memory H2) in its own JVM, has the regulator office send {@code SENDS}
 * documents of about 100 KB, each to {@code CLIENTS} bank units at once (one envelope, one delivery
 * per unit), then {@code CLIENTS} client threads — one per unit, each with its operator's bearer
 * token — sign for all their unit's deliveries through {@code POST /api/v1/deliveries/{id}/sign}
 * — in MODE {@code session} (default) after one {@code POST /api/v1/unit-key/unlock} with the
 * unit PIN per client (inside the timed window), then without the PIN; in MODE {@code pin} with the
 * PIN on every request (the server's unit key sessions are then turned off). Every answer must be
 * 200 with a receipt; prints the rate, latency percentiles and the server's configuration.
 *
 * <pre>
 *   java -cp 'sealpost-bench/target/sealpost-bench.jar:sealpost-bench/target/lib/*' \
 *     org.sealpost.bench.SignForHarness [SENDS=20] [CLIENTS=50] [PIN_ITERATIONS=100000] [MODE=session|pin]
 * </pre>
 */
public final class SignForHarness {

    private static final String PASSWORD = "Bench-Password-2026!";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int sends = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int pinIterations = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        boolean session = args.length <= 3 || !"pin".equals(args[3]);
        Path jar = Path.of(System.getProperty("sealpost.server.jar", "sealpost-server/target/sealpost-server.jar"));
        Path dir = Files.createTempDirectory("sealpost-sign-bench");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // extra server JVM options, e.g. -Dsealpost.server.jvm=-XX:StartFlightRecording=filename=/tmp/s.jfr
        for (String option : System.getProperty("sealpost.server.jvm", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of(
                "-jar",
                jar.toAbsolutePath().toString(),
                "--spring.profiles.active=demo",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--sealpost.keys.pin-iterations=" + pinIterations,
                // a load harness: every client signs in from 127.0.0.1 at once; R08 limits would throttle it
                "--sealpost.security.rate-limits.sign-in-per-address=0",
                "--sealpost.security.rate-limits.sign-in-per-account=0",
                "--sealpost.security.rate-limits.api-per-token=0",
                "--sealpost.keys.unit-session-idle=" + (session ? "10m" : "0"),
                "--logging.level.root=WARN"));
        for (String option : System.getProperty("sealpost.server.args", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("SEALPOST_DEMO_PASSWORD", PASSWORD);
        Process server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(8))
                .build();
        try {
            waitForStart(http, url, dir, server);
            JsonNode accounts = JSON.readTree(Files.readString(dir.resolve("data/demo-accounts.json")));
            JsonNode office = null;
            List<JsonNode> operators = new ArrayList<>();
            for (JsonNode a : accounts) {
                String role = a.path("role").asString();
                boolean regulator = a.path("unit").asString().startsWith("ZJBRC");
                if (office == null && "OFFICE_STAFF".equals(role) && regulator && a.has("pin")) {
                    office = a;
                }
                if ("OPERATOR_A".equals(role) && !regulator && a.has("pin") && operators.size() < clients) {
                    operators.add(a);
                }
            }
            if (office == null || operators.size() < clients) {
                throw new IllegalStateException("demo has " + operators.size() + " bank operators, need " + clients);
            }
            String officeToken = signIn(http, url, office.path("username").asString());
            List<String> units =
                    operators.stream().map(o -> o.path("unit").asString()).toList();
            byte[] pdf = pdf(100 * 1024, new Random(42));
            long sendStart = System.nanoTime();
            for (int i = 0; i < sends; i++) {
                send(http, url, officeToken, office.path("pin").asString(), units, "Bench notice " + i, pdf);
            }
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            System.out.printf(
                    "sent %d documents (%d KB body) to %d units each: %d deliveries in %.1f s%n",
                    sends, pdf.length / 1024, clients, sends * clients, sendSeconds);

            List<String> tokens = new ArrayList<>();
            for (JsonNode o : operators) {
                tokens.add(signIn(http, url, o.path("username").asString()));
            }
            List<List<Long>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                work.add(inbox(http, url, tokens.get(c)));
            }
            int total = work.stream().mapToInt(List::size).sum();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> unlocks = new ConcurrentLinkedQueue<>();
            AtomicInteger failures = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                String pin = operators.get(client).path("pin").asString();
                done.add(pool.submit(() -> {
                    go.await();
                    if (session) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(url + "/api/v1/unit-key/unlock"))
                                        .header("Authorization", "Bearer " + tokens.get(client))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(Map.of("pin", pin))))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        unlocks.add(System.nanoTime() - t0);
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                            System.out.println("unlock: HTTP " + r.statusCode() + " " + r.body());
                        }
                    }
                    for (long id : work.get(client)) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(url + "/api/v1/deliveries/" + id + "/sign"))
                                        .header("Authorization", "Bearer " + tokens.get(client))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                session ? "{}" : JSON.writeValueAsString(Map.of("pin", pin))))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t0);
                        if (r.statusCode() != 200 || !r.body().contains("\"receipt\"")) {
                            if (failures.incrementAndGet() < 5) {
                                System.out.println("sign " + id + ": HTTP " + r.statusCode() + " " + r.body());
                            }
                        }
                    }
                    return null;
                }));
            }
            String loadBefore = loadAverage();
            long cpuBefore = cpuTicks(server.pid());
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpuAfter = cpuTicks(server.pid());
            String loadAfter = loadAverage();
            pool.shutdown();
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.println();
            System.out.printf(
                    "=== sign-for over HTTP, %s, %d cores, pin-iterations %d, %s ===%n",
                    Instant.now(),
                    Runtime.getRuntime().availableProcessors(),
                    pinIterations,
                    session ? "one unlock per client, then no PIN" : "PIN on every sign-for");
            System.out.printf(
                    "%d deliveries signed by %d clients in %.2f s: %.1f signed-for/s; failures %d%n",
                    total, clients, seconds, total / seconds, failures.get());
            System.out.printf(
                    "latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
                    pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
            if (cpuBefore >= 0 && cpuAfter >= 0) {
                double cpuSeconds = (cpuAfter - cpuBefore) / (double) CLOCK_TICKS;
                System.out.printf(
                        "server CPU in the timed window: %.2f s (%.2f cores busy on average): %.1f signed-for per"
                                + " server CPU-second%n",
                        cpuSeconds, cpuSeconds / seconds, total / cpuSeconds);
            }
            System.out.printf("load average (1/5/15 min) before: %s, after: %s%n", loadBefore, loadAfter);
            if (!unlocks.isEmpty()) {
                long[] u = unlocks.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(
                        "unlock latency ms (%d unlocks, inside the timed window): p50 %.1f, max %.1f%n",
                        u.length, pct(u, 0.50), u[u.length - 1] / 1e6);
            }
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            ((ExecutorService) http.executor().orElseThrow()).shutdownNow();
        }
    }

    /** Linux's USER_HZ: the unit of utime and stime in /proc/PID/stat (100 on every mainstream kernel build). */
    private static final int CLOCK_TICKS = Integer.getInteger("sealpost.clock.ticks", 100);

    /** The server process's user + system CPU time in clock ticks from /proc/PID/stat, or -1 when unavailable. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name (which may contain spaces, so split after the last ')')
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime (14th), stime (15th)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void waitForStart(HttpClient http, String url, Path dir, Process server) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited; see " + dir.resolve("server.log"));
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && Files.exists(dir.resolve("data/demo-accounts.json"))) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server did not start in 15 minutes");
    }

    private static String signIn(HttpClient http, String url, String username) throws Exception {
        JsonNode r = call(
                http,
                HttpRequest.newBuilder(URI.create(url + "/api/v1/sign-in"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("username", username, "password", PASSWORD)))),
                200);
        return r.path("token").asString();
    }

    private static List<Long> inbox(HttpClient http, String url, String token) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int offset = 0; ; offset += 200) {
            JsonNode page = call(
                    http,
                    HttpRequest.newBuilder(
                                    URI.create(url + "/api/v1/inbox?status=DELIVERED&limit=200&offset=" + offset))
                            .header("Authorization", "Bearer " + token)
                            .GET(),
                    200);
            page.path("items").forEach(i -> ids.add(i.path("id").asLong()));
            if (page.path("items").size() < 200) {
                return ids;
            }
        }
    }

    private static void send(
            HttpClient http, String url, String token, String pin, List<String> units, String title, byte[] pdf)
            throws Exception {
        JsonNode draft = call(
                http,
                HttpRequest.newBuilder(URI.create(url + "/api/v1/documents"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("type", "BUREAU_OTHER", "title", title, "to", units)))),
                201);
        String id = draft.path("id").asString();
        String boundary = "bench-" + id;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notice.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(pdf);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        call(
                http,
                HttpRequest.newBuilder(URI.create(url + "/api/v1/documents/" + id + "/body"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                200);
        call(
                http,
                HttpRequest.newBuilder(URI.create(url + "/api/v1/documents/" + id + "/send"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "bench-" + id)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("confirm", true, "pin", pin)))),
                200);
    }

    private static JsonNode call(HttpClient http, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().uri() + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** A PDF of about {@code size} bytes: pages of pseudo-random words (they compress poorly, like real text). */
    static byte[] pdf(int size, Random random) throws IOException {
        char[] letters = "abcdefghijklmnopqrstuvwxyz".toCharArray();
        try (PDDocument doc = new PDDocument()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 8);
                    content.newLineAtOffset(40, 800);
                    for (int line = 0; line < 80; line++) {
                        StringBuilder s = new StringBuilder();
                        while (s.length() < 110) {
                            int n = 2 + random.nextInt(8);
                            for (int k = 0; k < n; k++) {
                                s.append(letters[random.nextInt(letters.length)]);
                            }
                            s.append(' ');
                        }
                        content.showText(s.toString());
                        content.newLineAtOffset(0, -9.5f);
                    }
                    content.endText();
                }
                out.reset();
                doc.save(out);
                if (out.size() >= size) {
                    return Arrays.copyOf(out.toByteArray(), out.size());
                }
            }
        }
    }
}
