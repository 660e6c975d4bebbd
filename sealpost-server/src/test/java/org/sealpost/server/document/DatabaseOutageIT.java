package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.CuttableProxy;
import org.sealpost.server.support.EmbeddedPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

/**
 * R05: the application reaches a real PostgreSQL through a loopback proxy that the test cuts (open
 * connections closed, new ones refused) and heals. While it is cut, reading and writing through
 * the API answer 503 {@code service-unavailable} with {@code Retry-After} — within the pool's
 * connection timeout, not a hang, no stack trace — and nothing is half-written; after the heal the
 * same requests succeed without a restart. PostgreSQL in both test executions: an in-memory H2
 * cannot be taken away from a running application.
 */
@SpringBootTest(properties = {"sealpost.demo.enabled=true", "spring.datasource.hikari.connection-timeout=2000"})
@ActiveProfiles("test")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = DatabaseOutageIT.BehindAProxy.class)
class DatabaseOutageIT {

    static CuttableProxy proxy;

    /** Runs after the test-database customizer, so this URL (through the proxy) wins on both executions. */
    static class BehindAProxy implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String url = EmbeddedPostgres.newDatabase();
            EmbeddedPostgres.track(context);
            int port = EmbeddedPostgres.server().getPort();
            try {
                proxy = new CuttableProxy("localhost", port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String proxied = url.replace("localhost:" + port + "/", "localhost:" + proxy.port() + "/");
            if (proxied.equals(url)) {
                throw new IllegalStateException("unexpected PostgreSQL URL " + url);
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "behind-a-proxy",
                            Map.of(
                                    "spring.datasource.url", proxied,
                                    "spring.datasource.username", "postgres",
                                    "spring.datasource.password", "")));
        }
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void whileTheDatabaseIsAwayRequestsGet503QuicklyAndNothingIsHalfWrittenThenAllRecovers() throws Exception {
        DocumentFixtures f = new DocumentFixtures(mvc, jdbc);
        SignedInUser office = f.user("zjbrc-office-staff");
        assertThat(f.get(office, "/documents").status()).isEqualTo(200);

        proxy.cut();
        DocumentFixtures.Answer read;
        DocumentFixtures.Answer write;
        long started = System.nanoTime();
        try {
            read = f.get(office, "/documents");
            write = f.post(office, "/documents", "{\"type\":\"局发文\",\"title\":\"断库期间的草稿\",\"to\":[\"ICBC-ZJ\"]}");
        } finally {
            proxy.heal();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(read.status()).as(read.toString()).isEqualTo(503);
        assertThat(read.<String>json("$.code")).isEqualTo("service-unavailable");
        assertThat(read.<String>json("$.detail")).contains("database cannot be reached");
        assertThat(read.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(write.status()).as(write.toString()).isEqualTo(503);
        assertThat(write.<String>json("$.code")).isEqualTo("service-unavailable");
        // a hang guard, not a speed measurement: without a short connection timeout each request
        // would wait Hikari's default 30 s
        assertThat(seconds).isLessThan(20);

        // healed: the pool replaces its dead connections on its own
        DocumentFixtures.Answer again = null;
        for (int i = 0; i < 60 && (again == null || again.status() != 200); i++) {
            again = f.get(office, "/documents");
            if (again.status() != 200) {
                Thread.sleep(500);
            }
        }
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM document WHERE title = '断库期间的草稿'", Integer.class))
                .isZero();
        assertThat(f.post(office, "/documents", "{\"type\":\"局发文\",\"title\":\"恢复后的草稿\",\"to\":[\"ICBC-ZJ\"]}")
                        .status())
                .isEqualTo(201);
    }
}
