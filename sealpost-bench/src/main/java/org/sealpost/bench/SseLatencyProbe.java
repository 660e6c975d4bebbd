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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Send → live-update latency with many connected clients (issue 6): starts the server jar with the
 * demo data in a scratch directory (H2 file database), signs the demo operators in through the API
 * ({@code POST /api/v1/sign-in}, bearer {@code spt_} tokens), opens {@code clients} event streams
 * ({@code GET /api/v1/live}) spread round-robin over the operators of every bank unit, then has the
 * regulator's office send documents one after another through the sending API, each to one unit in
 * turn. Every {@code inbox-changed} event carries {@code at}, the server's time (µs) when the
 * sending transaction had committed; latency = arrival on the client − {@code at} (same host, same
 * clock). Prints p50/p90/p99/max over every (event, stream) pair and the events missing, if any.
 *
 * <p>Arguments: {@code [server jar, default sealpost-server/target/sealpost-server.jar] [clients,
 * default 1000] [documents, default 60]}. The server runs with {@code -Xmx1g}; stop nothing else.
 */
public final class SseLatencyProbe {

    static final String PASSWORD = "Bench-Harbour-Lantern-58";
    static final Pattern ACCOUNT =
            Pattern.compile("\"username\":\"([^\"]+)\",\"role\":\"(OPERATOR_[AB])\",\"unit\":\"([^\"]+)\"");
    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern EVENT_AT = Pattern.compile("\"documentId\":\"([^\"]+)\".*\"at\":(\\d+)");

    private SseLatencyProbe() {}

    record Stream(String unit, List<long[]> received) {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "sealpost-server/target/sealpost-server.jar");
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int documents = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no server jar at " + jar + ": ./mvnw -pl sealpost-server -am package");
        }
        Path dir = Files.createTempDirectory("sealpost-sse-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://localhost:" + port;
        Process server = new ProcessBuilder(
                        "java",
                        "-Xmx1g",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--server.port=" + port,
                        "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db")
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                        "--sealpost.demo.enabled=true",
                        "--sealpost.demo.accounts-file=" + dir.resolve("demo-accounts.json"),
                        "--sealpost.demo.password=" + PASSWORD,
                        "--sealpost.keys.master-key-file=" + dir.resolve("master.key"),
                        "--sealpost.keys.ca-pin-file=" + dir.resolve("ca.pin"),
                        "--sealpost.keys.create-if-missing=true",
                        "--sealpost.keys.pin-iterations=1000",
                        // a load harness: every client signs in from 127.0.0.1 at once; R08 limits would throttle it
                        "--sealpost.security.rate-limits.sign-in-per-address=0",
                        "--sealpost.security.rate-limits.sign-in-per-account=0",
                        "--sealpost.security.rate-limits.api-per-token=0",
                        "--sealpost.security.password-hash-iterations=1000",
                        "--sealpost.blobs.dir=" + dir.resolve("blobs"),
                        "--sealpost.blobs.key-file=" + dir.resolve("blob.key"),
                        "--sealpost.live.max-per-user=" + Math.max(6, clients),
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        try {
            run(base, dir, clients, documents);
        } finally {
            server.destroy();
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    static void run(String base, Path dir, int clients, int documents) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        long start = System.nanoTime();
        while (true) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && Files.isRegularFile(dir.resolve("demo-pins.properties"))) {
                    break;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("the server did not start; see " + dir.resolve("server.log"));
            }
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "server up in %.1f s%n", (System.nanoTime() - start) / 1e9);
        java.util.Properties pins = new java.util.Properties();
        try (var in = Files.newBufferedReader(dir.resolve("demo-pins.properties"))) {
            pins.load(in);
        }

        // the bank operators, by unit
        Map<String, List<String>> operators = new LinkedHashMap<>();
        Matcher m = ACCOUNT.matcher(Files.readString(dir.resolve("demo-accounts.json")));
        while (m.find()) {
            if (!m.group(3).startsWith("ZJBRC")) {
                operators.computeIfAbsent(m.group(3), u -> new ArrayList<>()).add(m.group(1));
            }
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, String> unitOf = new LinkedHashMap<>();
        for (var e : operators.entrySet()) {
            for (String user : e.getValue()) {
                tokens.put(user, signIn(http, base, user));
                unitOf.put(user, e.getKey());
            }
        }
        String office = signIn(http, base, "zjbrc-office-staff");
        List<String> users = new ArrayList<>(tokens.keySet());
        System.out.printf(Locale.ROOT, "%d operators of %d units signed in%n", users.size(), operators.size());

        // the streams
        List<Stream> streams = new CopyOnWriteArrayList<>();
        AtomicInteger connected = new AtomicInteger();
        List<HttpClient> pool = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pool.add(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30))
                    .build());
        }
        for (int i = 0; i < clients; i++) {
            String user = users.get(i % users.size());
            Stream s = new Stream(unitOf.get(user), new CopyOnWriteArrayList<>());
            streams.add(s);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/live"))
                    .header("Authorization", "Bearer " + tokens.get(user))
                    .header("Accept", "text/event-stream")
                    .build();
            pool.get(i % pool.size())
                    .sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(s, connected)));
            if (i % 100 == 99) {
                Thread.sleep(200);
            }
        }
        long wait = System.nanoTime();
        while (connected.get() < clients
                && System.nanoTime() - wait < Duration.ofMinutes(2).toNanos()) {
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "%d of %d streams connected%n", connected.get(), clients);

        // the documents, one unit after the other
        List<String> units = new ArrayList<>(operators.keySet());
        Map<String, String> sentTo = new ConcurrentHashMap<>();
        byte[] pdf = onePagePdf("Live update latency notice");
        for (int i = 0; i < documents; i++) {
            String unit = units.get(i % units.size());
            String id = send(http, base, office, pins.getProperty("unit.ZJBRC-OFFICE"), unit, i, pdf);
            sentTo.put(id, unit);
            Thread.sleep(150);
        }
        Thread.sleep(3000);

        List<Long> latencies = new ArrayList<>();
        long expected = 0;
        for (String id : sentTo.keySet()) {
            expected += streams.stream()
                    .filter(s -> s.unit().equals(sentTo.get(id)))
                    .count();
        }
        long wrongUnit = 0;
        for (Stream s : streams) {
            for (long[] r : s.received()) {
                latencies.add(r[1]);
            }
        }
        for (Stream s : streams) {
            wrongUnit += s.received().stream().filter(r -> r[0] != 0).count();
        }
        Collections.sort(latencies);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "=== send → SSE event, %d streams, %d documents, %s ===%n",
                clients,
                documents,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf(Locale.ROOT, "events expected %d, received %d%n", expected, latencies.size());
        if (!latencies.isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "latency commit → arrival: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(latencies, 50),
                    pct(latencies, 90),
                    pct(latencies, 99),
                    latencies.get(latencies.size() - 1) / 1000.0);
        }
        System.out.println("load: " + Files.readString(Path.of("/proc/loadavg")).strip() + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        if (wrongUnit > 0) {
            System.out.println("!! " + wrongUnit + " events arrived on another unit's stream");
        }
    }

    /** A minimal one-page PDF with one line of Helvetica text (the bench does not link PDFBox). */
    static byte[] onePagePdf(String text) {
        String stream = "BT /F1 14 Tf 72 720 Td (" + text + ") Tj ET";
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
                    + " /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream"
        };
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = pdf.length();
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format(Locale.ROOT, "%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ")
                .append(objects.length + 1)
                .append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref)
                .append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1000.0;
    }

    /** Collects the inbox-changed events of one stream: (0, latency µs). */
    static final class Lines implements Flow.Subscriber<String> {
        private final Stream stream;
        private final AtomicInteger connected;
        private String event;

        Lines(Stream stream, AtomicInteger connected) {
            this.stream = stream;
            this.connected = connected;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            if (line.startsWith(":connected")) {
                connected.incrementAndGet();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && "inbox-changed".equals(event)) {
                Matcher m = EVENT_AT.matcher(line);
                if (m.find() && line.contains("\"kind\":\"sent\"")) {
                    stream.received().add(new long[] {0, now - Long.parseLong(m.group(2))});
                }
            } else if (line.isEmpty()) {
                event = null;
            }
        }

        @Override
        public void onError(Throwable t) {
            // the stream ended (server stopped)
        }

        @Override
        public void onComplete() {}
    }

    static String signIn(HttpClient http, String base, String user) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/sign-in"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("sign-in " + user + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static String send(HttpClient http, String base, String token, String pin, String unit, int n, byte[] pdf)
            throws Exception {
        String draft = call(
                http,
                HttpRequest.newBuilder(URI.create(base + "/api/v1/documents"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"BUREAU_OTHER\",\"title\":\"测速通知 " + n
                                + "\",\"urgency\":\"URGENT\",\"to\":[\"" + unit + "\"],\"cc\":[]}")),
                201);
        Matcher id = ID.matcher(draft);
        if (!id.find()) {
            throw new IllegalStateException("draft: " + draft);
        }
        String boundary = "sealpost" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notice.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(pdf);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        call(
                http,
                HttpRequest.newBuilder(URI.create(base + "/api/v1/documents/" + id.group(1) + "/body"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                200);
        call(
                http,
                HttpRequest.newBuilder(URI.create(base + "/api/v1/documents/" + id.group(1) + "/send"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"confirm\":true,\"pin\":\"" + pin + "\"}")),
                200);
        return id.group(1);
    }

    static String call(HttpClient http, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(
                    r.request().method() + " " + r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
