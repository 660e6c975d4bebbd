package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@link ServerClient} against a real HTTP peer (the JDK's HTTP server): what goes on the wire
 * (bearer token, JSON, multipart) and how every kind of refusal becomes one line.
 */
class ServerClientTest {

    @TempDir
    Path dir;

    HttpServer http;
    ServerClient client;
    final Map<String, String> seen = new ConcurrentHashMap<>();
    final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/v1/echo", ex -> {
            record(ex);
            respond(ex, 200, "application/json", "{\"method\":\"" + ex.getRequestMethod() + "\",\"ok\":true}");
        });
        http.createContext("/api/v1/empty", ex -> {
            record(ex);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.createContext(
                "/api/v1/missing",
                ex -> respond(
                        ex,
                        404,
                        "application/problem+json",
                        "{\"type\":\"urn:sealpost:problem:document.not-found\",\"title\":\"Not found\",\"status\":404,"
                                + "\"detail\":\"No such document.\",\"code\":\"document.not-found\"}"));
        http.createContext(
                "/api/v1/conflict",
                ex -> respond(
                        ex,
                        409,
                        "application/problem+json",
                        "{\"detail\":\"Already sent.\",\"code\":\"already-sent\"}"));
        http.createContext("/api/v1/big", ex -> respond(ex, 413, "text/html", "<html>too big</html>"));
        http.createContext(
                "/api/v1/secret",
                ex -> respond(ex, 401, "application/problem+json", "{\"detail\":\"A valid API token is required.\"}"));
        http.createContext(
                "/api/v1/forbidden",
                ex -> respond(
                        ex,
                        403,
                        "application/problem+json",
                        "{\"detail\":\"Your roles do not allow this.\",\"code\":\"not-permitted\"}"));
        http.createContext("/api/v1/moved", ex -> {
            ex.getResponseHeaders().add("Location", "http://elsewhere.example/api/v1/echo");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        http.createContext("/api/v1/file", ex -> {
            record(ex);
            byte[] content = new byte[300_000];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) i;
            }
            ex.getResponseHeaders().add("Content-Type", "application/pdf");
            ex.sendResponseHeaders(200, content.length);
            ex.getResponseBody().write(content);
            ex.close();
        });
        http.start();
        client = ServerClient.anonymous("http://127.0.0.1:" + http.getAddress().getPort() + "/")
                .withToken("spt_test-token");
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private void record(HttpExchange ex) throws IOException {
        seen.put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        seen.put("content-type", String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
        seen.put("uri", ex.getRequestURI().toString());
        bodies.put("body", ex.getRequestBody().readAllBytes());
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private String body() {
        return new String(bodies.get("body"), StandardCharsets.UTF_8);
    }

    @Test
    void sendsTheBearerTokenAndJsonForEachMethod() throws Exception {
        assertThat(client.base().toString()).doesNotEndWith("/");
        assertThat(client.get("/api/v1/echo?q=" + ServerClient.encode("浙江 a&b"))
                        .path("method")
                        .asString())
                .isEqualTo("GET");
        assertThat(seen.get("authorization")).isEqualTo("Bearer spt_test-token");
        assertThat(seen.get("uri")).isEqualTo("/api/v1/echo?q=%E6%B5%99%E6%B1%9F+a%26b");

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", "关于报送的通知");
        payload.put("urgent", true);
        assertThat(client.post("/api/v1/echo", payload).path("method").asString())
                .isEqualTo("POST");
        assertThat(seen.get("content-type")).isEqualTo("application/json");
        assertThat(body()).isEqualTo("{\"title\":\"关于报送的通知\",\"urgent\":true}");
        assertThat(client.put("/api/v1/echo", payload).path("method").asString())
                .isEqualTo("PUT");
        assertThat(client.delete("/api/v1/echo").path("method").asString()).isEqualTo("DELETE");
        assertThat(client.delete("/api/v1/empty").isMissingNode()).isTrue();
    }

    @Test
    void uploadsMetadataAndAFileAsMultipart() throws Exception {
        Path pdf = dir.resolve("通知.pdf");
        Files.write(pdf, "%PDF-1.7 test body\r\n--not-a-boundary".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, Object> metadata = Map.of("title", "通知", "recipients", java.util.List.of("HZB"));
        JsonNode answer = client.upload("/api/v1/echo", Map.of("metadata", metadata, "note", "plain"), "file", pdf);
        assertThat(answer.path("ok").asBoolean()).isTrue();
        String type = seen.get("content-type");
        assertThat(type).startsWith("multipart/form-data; boundary=sealpost-");
        String boundary = type.substring(type.indexOf("boundary=") + 9);
        String body = body();
        assertThat(body)
                .startsWith("--" + boundary + "\r\n")
                .endsWith("\r\n--" + boundary + "--\r\n")
                .contains("Content-Disposition: form-data; name=\"file\"; filename=\"通知.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n%PDF-1.7 test body\r\n--not-a-boundary\r\n--"
                        + boundary + "--")
                .contains("name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{")
                .contains("\"title\":\"通知\"")
                .contains("name=\"note\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nplain\r\n");
        assertThatThrownBy(() -> client.upload("/api/v1/echo", Map.of(), "file", dir.resolve("absent.pdf")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void downloadsStreamToTheTargetAndAFailedDownloadLeavesNoFile() throws Exception {
        Path target = dir.resolve("out.pdf");
        assertThat(client.download("/api/v1/file", target)).isEqualTo(300_000);
        byte[] got = Files.readAllBytes(target);
        assertThat(got).hasSize(300_000);
        assertThat(got[299_999]).isEqualTo((byte) 299_999);

        Path failed = dir.resolve("failed.pdf");
        assertThatThrownBy(() -> client.download("/api/v1/missing", failed))
                .isInstanceOf(CliException.ServerRefused.class)
                .hasMessage("not found: No such document. (HTTP 404 document.not-found)");
        assertThat(failed).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void everyRefusalIsOneLineWithStatusAndCode() {
        assertRefused(
                "/api/v1/missing",
                404,
                "document.not-found",
                "not found: No such document. (HTTP 404 document.not-found)");
        assertRefused("/api/v1/conflict", 409, "already-sent", "conflict: Already sent. (HTTP 409 already-sent)");
        assertRefused("/api/v1/big", 413, null, "too large for the server (HTTP 413)");
        assertRefused(
                "/api/v1/forbidden",
                403,
                "not-permitted",
                "not permitted: Your roles do not allow this. (HTTP 403 not-permitted)");
        assertRefused(
                "/api/v1/secret",
                401,
                null,
                "the stored sign-in for " + client.base()
                        + " is expired or revoked: run sealpost login again (HTTP 401)");
        assertRefused(
                "/api/v1/moved",
                302,
                null,
                "the server redirected (HTTP 302) to http://elsewhere.example/api/v1/echo;"
                        + " not followed: use the final address with --server");
    }

    private void assertRefused(String path, int status, String code, String message) {
        assertThatThrownBy(() -> client.get(path))
                .isInstanceOfSatisfying(CliException.ServerRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                })
                .hasMessage(message);
    }

    @Test
    void badServerAddressesAreRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> ServerClient.anonymous("ftp://example.cn"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> ServerClient.anonymous("http://")).isInstanceOf(CliException.class);
        assertThatThrownBy(() -> ServerClient.anonymous("http://127.0.0.1:1").get("/api/v1/me"))
                .isInstanceOf(CliException.class)
                .hasMessage("cannot reach http://127.0.0.1:1: connection refused");
    }
}
