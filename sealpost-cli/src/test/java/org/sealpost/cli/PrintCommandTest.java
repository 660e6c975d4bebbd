package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sealpost print} and {@code sealpost print-result} against a real HTTP peer answering as
 * the server's printing API does: the PDF saved with its copy number from {@code X-Copy-Number},
 * the printer path as JSON, {@code --json} shapes of the contract, refusals as one line.
 */
class PrintCommandTest {

    static final byte[] PDF = "%PDF-1.7 copy 000001".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path home;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/deliveries/7/print", this::answer);
        server.start();
        Files.writeString(
                home.resolve("credentials.json"),
                "{\"server\":\"http://127.0.0.1:" + server.getAddress().getPort()
                        + "\",\"username\":\"icbc-zj-a\",\"unit\":\"ICBC-ZJ\",\"token\":\"spt_test\","
                        + "\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
    }

    private void answer(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path + " " + body + " "
                + ex.getRequestHeaders().getFirst("Authorization"));
        byte[] out;
        if (status.get() != 200) {
            out = ("{\"status\":409,\"title\":\"Conflict\",\"code\":\"printing.allowance-used\",\"detail\":\"All 1"
                            + " allowed copies of this document have been printed.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/problem+json");
        } else if (path.endsWith("/result")) {
            out = "{\"copyNumber\":\"000001\",\"kind\":\"SEALED\",\"result\":\"FAILED\"}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
        } else if (body.contains("\"printer\"")) {
            out =
                    "{\"deliveryId\":7,\"copyNumber\":\"000002\",\"kind\":\"SEALED\",\"result\":\"PENDING\",\"printer\":\"Office\",\"jobId\":\"12\"}"
                            .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
        } else {
            out = PDF;
            ex.getResponseHeaders().add("Content-Type", "application/pdf");
            ex.getResponseHeaders().add("X-Copy-Number", "000001");
            ex.getResponseHeaders().add("X-Copy-Kind", body.contains("grey") ? "GREY" : "SEALED");
            ex.getResponseHeaders().add("X-Copy-Result", "PENDING");
        }
        ex.sendResponseHeaders(status.get(), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void savesTheCopyAndPrintsItsNumber() throws Exception {
        Path file = home.resolve("copy.pdf");
        Run run = sealpost("print", "7", "--out", file.toString(), "--pin", "12345678");
        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out.strip()).isEqualTo("000001");
        assertThat(Files.readAllBytes(file)).isEqualTo(PDF);
        assertThat(requests.get(0))
                .startsWith("POST /api/v1/deliveries/7/print {\"pin\":\"12345678\"}")
                .endsWith("Bearer spt_test");

        Run json = sealpost("print", "7", "--out", file.toString(), "--pin", "12345678", "--grey", "--json");
        var answer = Json.read(json.out, "answer");
        assertThat(answer.path("copyNumber").asString()).isEqualTo("000001");
        assertThat(answer.path("kind").asString()).isEqualTo("GREY");
        assertThat(answer.path("result").asString()).isEqualTo("PENDING");
        assertThat(answer.path("file").asString()).isEqualTo(file.toString());
    }

    @Test
    void printerCopyIsReportedAsJsonWithItsJob() throws Exception {
        Run run = sealpost("print", "7", "--printer", "Office", "--pin", "12345678", "--json");
        assertThat(run.exit).as(run.err).isZero();
        var answer = Json.read(run.out, "answer");
        assertThat(answer.path("copyNumber").asString()).isEqualTo("000002");
        assertThat(answer.path("jobId").asString()).isEqualTo("12");
        assertThat(requests.get(0)).contains("\"printer\":\"Office\"");
        assertThat(sealpost("print", "7", "--printer", "Office", "--out", "x.pdf", "--pin", "1").exit)
                .isEqualTo(2);
    }

    @Test
    void resultIsReportedAndBadInputNeverReachesTheServer() throws Exception {
        Run run = sealpost("print-result", "7", "000001", "failed", "--reason", "卡纸");
        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out.strip()).isEqualTo("000001 FAILED");
        assertThat(requests.get(0))
                .startsWith("POST /api/v1/deliveries/7/print/000001/result {\"result\":\"failed\",\"reason\":\"卡纸\"}");
        Run json = sealpost("print-result", "7", "000001", "failed", "--json");
        assertThat(Json.read(json.out, "answer").path("result").asString()).isEqualTo("FAILED");

        int before = requests.size();
        assertThat(sealpost("print-result", "7", "000001", "maybe").err).contains("ok or failed");
        assertThat(sealpost("print-result", "7", "1x", "ok").err).contains("six digits");
        assertThat(requests).hasSize(before);
    }

    @Test
    void refusalIsOneLine() throws Exception {
        status.set(409);
        Run run = sealpost("print", "7", "--out", home.resolve("c.pdf").toString(), "--pin", "12345678");
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err.strip()).contains("409").contains("allowed copies").doesNotContain("\n");
        assertThat(home.resolve("c.pdf")).doesNotExist();
    }

    record Run(int exit, String out, String err) {}

    /** In its own JVM: SEALPOST_HOME is read from the environment. */
    private Run sealpost(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.sealpost.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("SEALPOST_HOME", home.toString());
        builder.environment().remove("SEALPOST_PIN");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out),
                Files.readString(err).replaceAll("(?m)^OpenJDK.*warning.*\\R", ""));
    }
}
