package org.sealpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sealpost.cli.CliException.ServerRefused;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The SealPost REST API ({@code /api/v1}) for commands: one small client on {@code
 * java.net.http} that sends the stored bearer token and turns every failure into one clear line.
 *
 * <p>How a command uses it:
 *
 * <pre>{@code
 * ServerClient server = ServerClient.signedIn();           // the sign-in of `sealpost login`
 * JsonNode units = server.get("/api/v1/units?group=" + ServerClient.encode(group));
 * JsonNode made = server.post("/api/v1/things", Map.of("title", "…"));   // any Jackson-writable body
 * server.put("/api/v1/things/7", body);
 * server.delete("/api/v1/things/7");                       // MissingNode for 204 No Content
 * JsonNode sent = server.upload("/api/v1/documents", Map.of("metadata", metadata), "file", pdf);
 * long bytes = server.download("/api/v1/documents/7/file", Path.of("out.pdf"));
 * }</pre>
 *
 * <p>Failures are {@link CliException}s whose message is one line for {@code Main} to print:
 * unreachable server, redirects (never followed: the token must not go elsewhere), and every HTTP
 * status of 400 and above as a {@link ServerRefused} carrying the status and the RFC 9457 problem's
 * {@code code}; its message says what to do (401: sign in again; 403: not permitted; 404, 409, 413).
 * JSON answers are read whole (at most {@value #MAX_JSON_BYTES} bytes); downloads stream to a file.
 */
final class ServerClient {

    /** Largest JSON answer read into memory; files go through {@link #download}. */
    static final int MAX_JSON_BYTES = 32 * 1024 * 1024;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JSON_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI base;
    private final String token;
    private final HttpClient http;

    private ServerClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A client with the stored sign-in ({@link StoredSignIn}); refuses when not signed in. */
    static ServerClient signedIn() throws CliException {
        StoredSignIn stored = StoredSignIn.load();
        return new ServerClient(baseUri(stored.server()), stored.token());
    }

    /** A client without a token: {@code sealpost login} and the public endpoints. */
    static ServerClient anonymous(String url) throws CliException {
        return new ServerClient(baseUri(url), null);
    }

    /** The same server with this bearer token. */
    ServerClient withToken(String bearer) {
        return new ServerClient(base, bearer);
    }

    /** The server's base URL, without a trailing slash. */
    URI base() {
        return base;
    }

    /** Percent-encodes a query parameter value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Checks a {@code --server} value: an http(s) URL with a host; the trailing slash is dropped. */
    static URI baseUri(String url) throws CliException {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new CliException("not a URL: " + url);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new CliException("--server needs an http(s) URL, not " + url);
        }
        return uri;
    }

    JsonNode get(String path) throws CliException {
        return json(request(path, JSON_TIMEOUT).GET());
    }

    JsonNode post(String path, Object body) throws CliException {
        return json(withJson(request(path, JSON_TIMEOUT), "POST", body));
    }

    JsonNode put(String path, Object body) throws CliException {
        return json(withJson(request(path, JSON_TIMEOUT), "PUT", body));
    }

    JsonNode delete(String path) throws CliException {
        return json(request(path, JSON_TIMEOUT).DELETE());
    }

    /** The answer of {@link #postForFile}: the file written, or the JSON the server sent instead. */
    record FileAnswer(java.net.http.HttpHeaders headers, Path file, long bytes, JsonNode json) {}

    /**
     * POSTs JSON and takes a non-JSON answer (e.g. {@code application/pdf}) as a file: streamed into
     * {@code target} through a temporary file next to it, so a failure leaves no partial file. A
     * JSON answer comes back as {@code json} with no file written. The answer's headers come too.
     */
    FileAnswer postForFile(String path, Object body, String accept, Path target) throws CliException {
        HttpResponse<InputStream> response =
                send(withJson(request(path, TRANSFER_TIMEOUT), "POST", body).setHeader("Accept", accept));
        Path dir = target.toAbsolutePath().getParent();
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 300) {
                throw refusal(
                        response.statusCode(),
                        response.headers().firstValue("Location").orElse(null),
                        in);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json")) {
                byte[] bytes = in.readNBytes(MAX_JSON_BYTES);
                return new FileAnswer(
                        response.headers(),
                        null,
                        0,
                        Json.read(new String(bytes, StandardCharsets.UTF_8), "the answer from " + response.uri()));
            }
            Path temp = Files.createTempFile(dir, ".sealpost-download", ".tmp");
            try {
                long bytes = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                return new FileAnswer(response.headers(), target, bytes, null);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliException(
                    "saving the answer of " + base + path + " to " + target + " failed: " + e.getMessage());
        }
    }

    /**
     * POSTs {@code multipart/form-data}: each entry of {@code jsonParts} as a part of type
     * {@code application/json} (a String value is sent as text/plain), then {@code file} as the
     * part {@code filePart}, streamed from disk with its file name and a type from its extension
     * (.pdf, .ofd, else application/octet-stream).
     */
    JsonNode upload(String path, Map<String, ?> jsonParts, String filePart, Path file) throws CliException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no such file: " + file);
        }
        String boundary = "sealpost-" + HexFormat.of().formatHex(bytes16());
        List<BodyPublisher> parts = new ArrayList<>();
        for (Map.Entry<String, ?> part : jsonParts.entrySet()) {
            boolean text = part.getValue() instanceof String;
            parts.add(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(part.getKey())
                    + "\"\r\nContent-Type: " + (text ? "text/plain; charset=UTF-8" : "application/json") + "\r\n\r\n"));
            parts.add(BodyPublishers.ofString(
                    text ? (String) part.getValue() : Json.compact(part.getValue()), StandardCharsets.UTF_8));
            parts.add(utf8("\r\n"));
        }
        String fileName = file.getFileName().toString();
        parts.add(BodyPublishers.ofString(
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(filePart) + "\"; filename=\""
                        + quoted(fileName) + "\"\r\nContent-Type: " + contentType(fileName) + "\r\n\r\n",
                StandardCharsets.UTF_8));
        try {
            parts.add(BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        parts.add(utf8("\r\n--" + boundary + "--\r\n"));
        return json(request(path, TRANSFER_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.concat(parts.toArray(BodyPublisher[]::new))));
    }

    /**
     * GETs {@code path} and streams the answer into {@code target} (through a temporary file next
     * to it, so a failed download leaves no partial file); returns the number of bytes.
     */
    long download(String path, Path target) throws CliException {
        return download(path, target, Map.of());
    }

    /** As {@link #download(String, Path)}, with extra request headers (e.g. a PIN header; never logged). */
    long download(String path, Path target, Map<String, String> headers) throws CliException {
        HttpRequest.Builder builder = request(path, TRANSFER_TIMEOUT).GET();
        headers.forEach(builder::header);
        HttpResponse<InputStream> response = send(builder);
        Path dir = target.toAbsolutePath().getParent();
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 300) {
                throw refusal(
                        response.statusCode(),
                        response.headers().firstValue("Location").orElse(null),
                        body);
            }
            Path temp = Files.createTempFile(dir, ".sealpost-download", ".tmp");
            try {
                long bytes = Files.copy(body, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                return bytes;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliException("download of " + base + path + " to " + target + " failed: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) throws CliException {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(base + path));
        } catch (IllegalArgumentException e) {
            throw new CliException("not a valid request path: " + path);
        }
        builder.timeout(timeout).header("Accept", "application/json, application/problem+json, */*");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder builder, String method, Object body) {
        return builder.header("Content-Type", "application/json")
                .method(
                        method,
                        BodyPublishers.ofString(body == null ? "{}" : Json.compact(body), StandardCharsets.UTF_8));
    }

    private JsonNode json(HttpRequest.Builder builder) throws CliException {
        HttpResponse<InputStream> response = send(builder);
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 300) {
                throw refusal(
                        response.statusCode(),
                        response.headers().firstValue("Location").orElse(null),
                        body);
            }
            byte[] bytes = body.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new CliException(
                        "answer from " + response.uri() + " is larger than " + MAX_JSON_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                return MissingNode.getInstance();
            }
            return Json.read(new String(bytes, StandardCharsets.UTF_8), "the answer from " + response.uri());
        } catch (IOException e) {
            throw new CliException("reading the answer from " + response.uri() + " failed: " + e.getMessage());
        }
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder builder) throws CliException {
        HttpRequest request = builder.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while calling " + request.uri());
        } catch (IOException e) {
            throw new CliException("cannot reach " + base + ": " + why(e));
        }
    }

    private static String why(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** One line for a 3xx, 4xx or 5xx answer, from its RFC 9457 problem when it has one. */
    private ServerRefused refusal(int status, String location, InputStream body) throws IOException {
        if (status < 400) {
            return new ServerRefused(
                    status,
                    null,
                    "the server redirected (HTTP " + status + ") to " + location
                            + "; not followed: use the final address with --server");
        }
        String code = null;
        String detail = null;
        byte[] bytes = body.readNBytes(64 * 1024);
        try {
            JsonNode problem = Json.read(new String(bytes, StandardCharsets.UTF_8), "problem");
            code = problem.path("code").asString(null);
            detail = problem.path("detail").asString(problem.path("title").asString(null));
        } catch (CliException notJson) {
            // an answer from a proxy or a plain error page: the status says enough
        }
        String what = switch (status) {
            case 400 -> "rejected";
            case 401 ->
                token == null
                        ? "sign-in refused"
                        : "the stored sign-in for " + base + " is expired or revoked: run sealpost login again";
            case 403 -> "not permitted";
            case 404 -> "not found";
            case 409 -> "conflict";
            case 413 -> "too large for the server";
            default -> status >= 500 ? "server error" : "refused";
        };
        StringBuilder line = new StringBuilder(what);
        if (detail != null && !detail.isBlank() && !(status == 401 && token != null)) {
            line.append(": ").append(detail.strip());
        }
        line.append(" (HTTP ").append(status);
        if (code != null) {
            line.append(' ').append(code);
        }
        line.append(')');
        return new ServerRefused(
                status, code, line.toString().replace('\n', ' ').replace('\r', ' '));
    }

    private static BodyPublisher utf8(String s) {
        return BodyPublishers.ofString(s, StandardCharsets.UTF_8);
    }

    private static byte[] bytes16() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String quoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", " ").replace("\n", " ");
    }

    private static String contentType(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            return "application/pdf";
        }
        if (lower.endsWith(".ofd")) {
            return "application/ofd";
        }
        return "application/octet-stream";
    }
}
