package org.sealpost.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The live-update stream over real HTTP on a random port (java.net.http, signed in with the form
 * like a browser): a document sent to unit B produces an {@code inbox-changed} event on B's
 * stream and nothing on unit C's, and no stream ever carries a document title; the stream refuses
 * anonymous callers and people without the document-usage grant.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sealpost.demo.enabled=true", "sealpost.live.heartbeat=PT1S"})
@ActiveProfiles("test")
@AutoConfigureMockMvc
class LiveUpdatesIT {

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LiveUpdates live;

    @Autowired
    PostgresLiveRelay relay;

    final List<Stream<String>> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Stream::close);
    }

    /** A signed-in HTTP client (session cookie from the sign-in form). */
    HttpClient signIn(String username) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String login = http.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"")
                .matcher(login);
        assertThat(csrf.find()).as("CSRF token on the sign-in page").isTrue();
        String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(uri("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                                + URLEncoder.encode(TestAccounts.PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                                + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return http;
    }

    /** Opens the stream and collects its lines in the background. */
    List<String> stream(HttpClient http) throws Exception {
        HttpResponse<Stream<String>> response = http.send(
                HttpRequest.newBuilder(uri("/inbox/stream"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = new CopyOnWriteArrayList<>();
        open.add(response.body());
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed by the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    static void await(List<String> lines, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (lines.stream().anyMatch(l -> l.contains(text))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line with " + text + " in " + lines);
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Test
    void aDocumentSentToUnitBReachesBsStreamAndNeverUnitCs() throws Exception {
        TestAccounts accounts = new TestAccounts(jdbc);
        accounts.account("live-icbc-b", "ICBC-ZJ", Role.OPERATOR_B);
        accounts.account("live-cmb-b", "CMB-HZ", Role.OPERATOR_B);
        List<String> b = stream(signIn("live-icbc-b"));
        List<String> c = stream(signIn("live-cmb-b"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((live.openStreams("ICBC-ZJ") < 1 || live.openStreams("CMB-HZ") < 1) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        InboxFixtures f = new InboxFixtures(mvc, jdbc);
        String title = "只发工行的实时通知";
        String toB = f.send(title, "URGENT", 3, 1, List.of("ICBC-ZJ"));
        await(b, toB);
        assertThat(b).contains("event:inbox-changed");
        assertThat(String.join("\n", b)).contains("\"kind\":\"sent\"", "\"urgency\":\"URGENT\"");

        // a later document for C arrives on C's stream: by then B's would have, had it been sent there
        String toC = f.send("只发招行的实时通知", "NORMAL", 3, 1, List.of("CMB-HZ"));
        await(c, toC);
        String cAll = String.join("\n", c);
        assertThat(cAll).doesNotContain(toB).doesNotContain(title);
        assertThat(String.join("\n", b)).doesNotContain(toC);
        // titles never travel on any stream
        assertThat(String.join("\n", b)).doesNotContain(title);
        // heartbeats keep the stream alive
        await(b, ":hb");
    }

    @Test
    void eventsTravelBetweenNodesOnPostgresAndStayOnTheNodeOnH2() throws Exception {
        boolean postgres;
        try (var c = jdbc.getDataSource().getConnection()) {
            postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        }
        // sealpost.live.transport=auto
        assertThat(relay.active()).isEqualTo(postgres);
    }

    @Test
    void theStreamRefusesAnonymousCallersAndPeopleWithoutTheUsageGrant() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> refused = anonymous.send(
                HttpRequest.newBuilder(uri("/inbox/stream"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        new TestAccounts(jdbc).account("live-abc-admin", "ABC-ZJ", Role.UNIT_ADMIN);
        HttpClient admin = signIn("live-abc-admin");
        // a unit no other test here streams for: its count cannot change under us
        int before = live.openStreams("ABC-ZJ");
        HttpResponse<String> noGrant = admin.send(
                HttpRequest.newBuilder(uri("/inbox/stream"))
                        .header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noGrant.statusCode()).isEqualTo(403);
        assertThat(live.openStreams("ABC-ZJ")).isEqualTo(before);
        assertThat(noGrant.body()).doesNotContain("event:");

        // the API stream: bearer tokens only
        HttpResponse<String> api = anonymous.send(
                HttpRequest.newBuilder(uri("/api/v1/live"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
    }
}
