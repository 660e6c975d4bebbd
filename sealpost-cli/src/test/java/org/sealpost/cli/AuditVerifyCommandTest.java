package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sealpost audit verify} against a real HTTP peer standing in for the server: the stored
 * bearer token is sent, a broken chain exits 3 naming the first broken seq and kind, a refusal
 * exits 1 with one line. (ServerCliTest runs it against the real server.)
 */
class AuditVerifyCommandTest {

    @TempDir
    Path home;

    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/audit/verify", ex -> {
            authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders()
                    .add("Content-Type", status.get() == 200 ? "application/json" : "application/problem+json");
            ex.sendResponseHeaders(status.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        Files.writeString(
                home.resolve("credentials.json"),
                "{\"server\":\"http://127.0.0.1:" + server.getAddress().getPort()
                        + "\",\"username\":\"zjbrc-auditor\",\"unit\":\"ZJBRC\",\"token\":\"spt_test\","
                        + "\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void brokenChainExitsThreeNamingTheFirstBrokenEntry() throws Exception {
        answer.set("{\"ok\":false,\"checked\":11,\"checkpoints\":0,\"lastCheckpointSeq\":0,\"lastSeq\":11,"
                + "\"firstBroken\":{\"seq\":12,\"kind\":\"EDITED\",\"time\":\"2026-11-27T07:00:00Z\","
                + "\"detail\":\"entry 12 does not match its hash: edited\"}}");
        Run run = sealpost("audit", "verify");
        assertThat(run.exit).isEqualTo(AdminCommand.BROKEN);
        assertThat(run.out).contains("audit chain BROKEN: EDITED at seq 12 (2026-11-27T07:00:00Z)");
        assertThat(run.err.strip()).isEqualTo("sealpost: audit log broken at seq 12 (EDITED)");
        assertThat(authorization.get()).isEqualTo("Bearer spt_test");

        Run json = sealpost("audit", "verify", "--json");
        assertThat(json.exit).isEqualTo(AdminCommand.BROKEN);
        JsonAssert.seq(Json.read(json.out, "answer"), 12);
    }

    @Test
    void intactChainExitsZero() throws Exception {
        answer.set("{\"ok\":true,\"checked\":461,\"checkpoints\":1,\"lastCheckpointSeq\":321,\"lastSeq\":461}");
        Run run = sealpost("audit", "verify");
        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).contains("audit chain intact: 461 entries, 1 signed checkpoints (last at seq 321)");
    }

    @Test
    void notAnAuditorIsRefusedWithOneLine() throws Exception {
        status.set(403);
        answer.set("{\"status\":403,\"title\":\"Forbidden\",\"code\":\"access-denied\"}");
        Run run = sealpost("audit", "verify");
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err.strip()).contains("403").doesNotContain("\n");
    }

    private static final class JsonAssert {
        static void seq(tools.jackson.databind.JsonNode answer, long seq) {
            assertThat(answer.path("ok").asBoolean()).isFalse();
            assertThat(answer.path("firstBroken").path("seq").asLong()).isEqualTo(seq);
            assertThat(answer.path("firstBroken").path("kind").asString()).isEqualTo("EDITED");
        }
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
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SEALPOST_HOME", home.toString());
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
