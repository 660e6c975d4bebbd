package org.sealpost.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sealpost.server.SealPostApplication;
import org.sealpost.server.access.Role;
import org.sealpost.server.document.DocumentSent;
import org.sealpost.server.document.Urgency;
import org.sealpost.server.support.EmbeddedPostgres;
import org.sealpost.server.support.TestAccounts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * Two SealPost nodes — two complete application contexts, each with its own web server on a random
 * port — on one PostgreSQL database, as behind a load balancer: a person signed in on node 1 uses
 * the same session on node 2 (Spring Session JDBC); a document sent on node 1 reaches a stream on
 * node 2 through LISTEN/NOTIFY, and every stream on either node sees it exactly once; a change
 * that rolls back notifies no one; node 2's listener, its connection killed by {@code
 * pg_terminate_backend}, LISTENs again, tells its pages to re-fetch and keeps delivering.
 *
 * <p>PostgreSQL only (it is what the nodes share), so it runs in the build's PostgreSQL pass.
 */
@EnabledIfSystemProperty(named = "sealpost.test.database", matches = "postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesLiveIT {

    static final String UNIT = "ICBC-ZJ";

    Node one;
    Node two;
    final List<Stream<String>> open = new CopyOnWriteArrayList<>();

    /** One running node: its context, port and the beans the test drives. */
    record Node(ConfigurableApplicationContext context, int port) {

        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        JdbcTemplate jdbc() {
            return bean(JdbcTemplate.class);
        }

        LiveUpdates live() {
            return bean(LiveUpdates.class);
        }

        PostgresLiveRelay relay() {
            return bean(PostgresLiveRelay.class);
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }

    @BeforeAll
    void startTwoNodes() {
        String url = EmbeddedPostgres.newDatabase();
        String blobs = "target/test-blobs/two-nodes-" + UUID.randomUUID();
        // node 1 migrates the database and loads the demo; node 2 starts on what is there
        one = start(url, blobs, true);
        two = start(url, blobs, false);
    }

    static Node start(String url, String blobs, boolean demo) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SealPostApplication.class)
                .profiles("test")
                // command-line arguments: above application-test.yml's H2 URL
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--sealpost.blobs.dir=" + blobs,
                        "--sealpost.demo.enabled=" + demo,
                        "--sealpost.live.heartbeat=PT1S");
        EmbeddedPostgres.track(context);
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return new Node(context, port);
    }

    @AfterEach
    void closeStreams() {
        open.forEach(Stream::close);
        open.clear();
    }

    @AfterAll
    void stopNodes() {
        if (two != null) {
            two.context().close();
        }
        if (one != null) {
            one.context().close();
        }
    }

    @Test
    void bothNodesRelayOverPostgres() {
        assertThat(one.relay().active()).isTrue();
        assertThat(two.relay().active()).isTrue();
        assertThat(one.relay().node()).isNotEqualTo(two.relay().node());
    }

    @Test
    void aSendOnNodeOneReachesAStreamOnNodeTwoExactlyOnce() throws Exception {
        new TestAccounts(one.jdbc()).account("two-nodes-b", UNIT, Role.OPERATOR_B);
        HttpClient browser = signIn(one, "two-nodes-b");
        // the session made on node 1 opens streams on both nodes
        List<String> onTwo = stream(two, browser);
        List<String> onOne = stream(one, browser);
        awaitTrue(() -> two.live().openStreams(UNIT) >= 1 && one.live().openStreams(UNIT) >= 1, "streams open");
        awaitTrue(() -> one.relay().listening() && two.relay().listening(), "both listeners up");

        MockMvc mvc1 = MockMvcBuilders.webAppContextSetup((WebApplicationContext) one.context())
                .apply(springSecurity())
                .build();
        String title = "两个节点之间的实时通知";
        String documentId = new InboxFixtures(mvc1, one.jdbc()).send(title, "URGENT", 3, 1, List.of(UNIT));
        await(onTwo, documentId);
        await(onOne, documentId);

        // Markers published on the other node travel the same channel after the document's
        // notification, so once they have arrived a duplicate of it would have arrived too.
        marker(two, "marker-from-two");
        marker(one, "marker-from-one");
        for (List<String> lines : List.of(onOne, onTwo)) {
            await(lines, "marker-from-two");
            await(lines, "marker-from-one");
            assertThat(lines.stream().filter(l -> l.startsWith("data:") && l.contains(documentId)))
                    .hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("\"kind\":\"sent\"", "\"urgency\":\"URGENT\""));
            assertThat(String.join("\n", lines)).doesNotContain(title);
        }
        assertThat(two.relay().received()).isPositive();
    }

    @Test
    void aChangeThatRollsBackNotifiesNoNode() throws Exception {
        new TestAccounts(one.jdbc()).account("two-nodes-rb", UNIT, Role.OPERATOR_B);
        HttpClient browser = signIn(one, "two-nodes-rb");
        List<String> onTwo = stream(two, browser);
        List<String> onOne = stream(one, browser);
        awaitTrue(() -> two.live().openStreams(UNIT) >= 1 && one.live().openStreams(UNIT) >= 1, "streams open");
        awaitTrue(() -> one.relay().listening() && two.relay().listening(), "both listeners up");

        TransactionTemplate tx = new TransactionTemplate(one.bean(PlatformTransactionManager.class));
        ApplicationEventPublisher events = one.context();
        tx.executeWithoutResult(status -> {
            events.publishEvent(sent("rolled-back-doc"));
            status.setRollbackOnly();
        });
        // the same event committed right after does travel, and behind it nothing else was queued
        tx.executeWithoutResult(status -> events.publishEvent(sent("committed-doc")));
        await(onTwo, "committed-doc");
        await(onOne, "committed-doc");
        marker(two, "marker-after-rollback");
        await(onOne, "marker-after-rollback");
        assertThat(String.join("\n", onTwo)).doesNotContain("rolled-back-doc");
        assertThat(String.join("\n", onOne)).doesNotContain("rolled-back-doc");
    }

    @Test
    void theListenerSurvivesItsConnectionBeingKilled() throws Exception {
        new TestAccounts(one.jdbc()).account("two-nodes-kill", UNIT, Role.OPERATOR_B);
        HttpClient browser = signIn(one, "two-nodes-kill");
        List<String> onTwo = stream(two, browser);
        awaitTrue(() -> two.live().openStreams(UNIT) >= 1 && two.relay().listening(), "stream and listener up");
        long listens = two.relay().listens();

        Boolean killed = one.jdbc()
                .queryForObject(
                        "SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?",
                        Boolean.class,
                        "sealpost-live " + two.relay().node());
        assertThat(killed).isTrue();
        awaitTrue(() -> two.relay().listens() > listens && two.relay().listening(), "node 2 listening again");
        // its pages are told to re-fetch what they may have missed meanwhile
        await(onTwo, "\"kind\":\"resync\"");

        ApplicationEventPublisher events = one.context();
        new TransactionTemplate(one.bean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> events.publishEvent(sent("after-the-kill")));
        await(onTwo, "after-the-kill");
        assertThat(onTwo.stream().filter(l -> l.startsWith("data:") && l.contains("after-the-kill")))
                .hasSize(1);
    }

    @Test
    void aSessionFromNodeOneWorksOnNodeTwoAndSigningOutThereEndsItOnBoth() throws Exception {
        new TestAccounts(one.jdbc()).account("two-nodes-session", UNIT, Role.OPERATOR_B);
        HttpClient browser = signIn(one, "two-nodes-session");
        HttpResponse<String> inbox = get(browser, two, "/inbox");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(get(browser, one, "/inbox").statusCode()).isEqualTo(200);

        // the CSRF token lives in the session: taken from node 2's page, accepted on node 1
        HttpResponse<String> out = browser.send(
                HttpRequest.newBuilder(one.uri("/logout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "_csrf=" + URLEncoder.encode(csrf(inbox.body()), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).contains("/login?logout");

        HttpResponse<String> after = get(browser, two, "/inbox");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/login");
    }

    private DocumentSent sent(String documentId) {
        return new DocumentSent(documentId, "ZJBRC-OFFICE", Urgency.NORMAL, "不应出现的标题", null, List.of(UNIT), false);
    }

    private static void marker(Node node, String id) {
        node.live()
                .publish(
                        UNIT,
                        LiveUpdates.INBOX_CHANGED,
                        LiveUpdates.data(
                                "changed",
                                id,
                                null,
                                null,
                                node.bean(Clock.class).instant()));
    }

    static HttpResponse<String> get(HttpClient http, Node node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(node.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(String html) {
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"")
                .matcher(html);
        assertThat(csrf.find()).as("CSRF token on the page").isTrue();
        return csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
    }

    /** Signs in with the form on {@code node}; the client keeps the session cookie for every node. */
    static HttpClient signIn(Node node, String username) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String token = csrf(get(http, node, "/login").body());
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(node.uri("/login"))
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

    /** Opens {@code /inbox/stream} on {@code node} and collects its lines in the background. */
    List<String> stream(Node node, HttpClient http) throws Exception {
        HttpResponse<Stream<String>> response = http.send(
                HttpRequest.newBuilder(node.uri("/inbox/stream"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
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
        awaitTrue(() -> lines.stream().anyMatch(l -> l.contains(text)), "a line with " + text + " in " + lines);
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
