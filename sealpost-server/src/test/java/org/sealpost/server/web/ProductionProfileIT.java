package org.sealpost.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.ApiTokens;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SECURITY.md P02: the production profile on a real Tomcat. Development consoles, Swagger UI and
 * actuator endpoints beyond health are 404 (whoever asks), TRACE is 405, and the OpenAPI
 * description is served to API clients with a token only. The test profile is not active here (the
 * production guard would refuse it): key files are made in a temporary directory first.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:prod-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "sealpost.audit.checkpoint-check=PT100H",
            "sealpost.security.password-hash-iterations=1000",
            "sealpost.keys.pin-iterations=1000",
            "sealpost.security.network.admin-allowed=",
            "sealpost.blobs.orphan-grace=0s"
        })
@ActiveProfiles("prod")
class ProductionProfileIT {

    static final Path KEYS;

    static {
        try {
            KEYS = Files.createTempDirectory("sealpost-prod-keys");
            SecureRandom random = new SecureRandom();
            byte[] master = new byte[32];
            random.nextBytes(master);
            Files.write(KEYS.resolve("master.key"), master);
            byte[] pin = new byte[24];
            random.nextBytes(pin);
            Files.writeString(
                    KEYS.resolve("ca.pin"),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(pin));
            byte[] blob = new byte[16];
            random.nextBytes(blob);
            Files.write(KEYS.resolve("blob.key"), blob);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add(
                "sealpost.keys.master-key-file",
                () -> KEYS.resolve("master.key").toString());
        registry.add("sealpost.keys.ca-pin-file", () -> KEYS.resolve("ca.pin").toString());
        registry.add("sealpost.blobs.key-file", () -> KEYS.resolve("blob.key").toString());
        registry.add("sealpost.blobs.dir", () -> KEYS.resolve("blobs").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokens tokens;

    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theProductionGuardRan() {
        assertThat(context.getBeansOfType(ProductionGuard.class)).hasSize(1);
        assertThat(context.getEnvironment().getActiveProfiles()).containsExactly("prod");
    }

    @Test
    void consolesSwaggerAndActuatorBeyondHealthAre404() throws Exception {
        for (String path : new String[] {
            "/h2-console",
            "/h2-console/login.do",
            "/swagger-ui.html",
            "/swagger-ui/index.html",
            "/actuator",
            "/actuator/",
            "/actuator/env",
            "/actuator/beans",
            "/actuator/configprops",
            "/actuator/heapdump",
            "/actuator/threaddump",
            "/actuator/loggers",
            "/actuator/mappings",
            "/actuator/shutdown",
            "/ACTUATOR/env"
        }) {
            assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(send("POST", "/actuator/shutdown", null).statusCode()).isEqualTo(404);
        HttpResponse<String> health = send("GET", "/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components");
        assertThat(send("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
    }

    @Test
    void traceIs405Everywhere() throws Exception {
        for (String path : new String[] {"/", "/login", "/api/v1/me", "/actuator/health"}) {
            HttpResponse<String> r = send("TRACE", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(r.body()).doesNotContain("Authorization");
        }
    }

    @Test
    void openApiDescriptionNeedsAToken() throws Exception {
        assertThat(send("GET", "/v3/api-docs", null).statusCode()).isEqualTo(401);
        TestAccounts fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
        long id = fixtures.account("prod-op", "ICBC-ZJ", Role.OPERATOR_A);
        long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ICBC-ZJ'", Long.class);
        String token = tokens.create(
                        new SignedInUser(id, "prod-op", "测试", unit, "ICBC-ZJ", Set.of(Role.OPERATOR_A)),
                        "docs",
                        Duration.ofDays(1))
                .value()
                .reveal();
        HttpResponse<String> docs = send("GET", "/v3/api-docs", token);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/me");
    }

    @Test
    void sessionCookieIsSecureHostCookieInProduction() throws Exception {
        HttpResponse<String> login = send("GET", "/login", null);
        assertThat(login.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("__Host-SESSION=").contains("Secure"));
    }
}
