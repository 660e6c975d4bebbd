package org.sealpost.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.audit.AuditTables;
import org.sealpost.server.support.EmbeddedPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Upgrading a database that already holds audit rows (the demo's data/sealpost.mv.db, or
 * production): V60 adds the chain, V61 chains the old rows in id order, and the chain verifies.
 */
class AuditChainBackfillIT {

    @Test
    void oldRowsAreChainedOnH2() throws SQLException {
        upgradeWithOldRows(
                new DriverManagerDataSource(
                        "jdbc:h2:mem:backfill-" + System.nanoTime()
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                        "sa",
                        ""),
                "classpath:db/migration");
    }

    @Test
    void oldRowsAreChainedOnPostgres() throws SQLException {
        var pg = EmbeddedPostgres.server();
        String database = "backfill_" + System.nanoTime();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        upgradeWithOldRows(
                new DriverManagerDataSource(pg.getJdbcUrl("postgres", database), "postgres", ""),
                "classpath:db/migration",
                "classpath:db/vendor/postgresql");
    }

    private static void upgradeWithOldRows(DataSource ds, String... locations) throws SQLException {
        Flyway.configure()
                .dataSource(ds)
                .locations(locations)
                .target("50")
                .load()
                .migrate();
        try (Connection c = ds.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO audit_event (occurred_at, actor, unit_code, event_type, success, ip, object_ref,"
                                + " detail) VALUES (?, ?, 'ZJBRC', 'SIGN_IN', ?, '10.0.0.1', ?, ?)")) {
            for (int i = 1; i <= 30; i++) {
                insert.setObject(1, OffsetDateTime.of(2026, 11, 1, 8, 0, i, 123_456_000, ZoneOffset.ofHours(8)));
                insert.setString(2, "old" + i);
                insert.setBoolean(3, i % 4 != 0);
                insert.setString(4, "account:old" + i);
                insert.setString(5, i % 2 == 0 ? null : "before the chain");
                insert.executeUpdate();
            }
        }
        Flyway.configure()
                .dataSource(ds)
                .locations(locations)
                .javaMigrations(new AuditChainBackfill())
                .load()
                .migrate();
        try (Connection c = ds.getConnection()) {
            AuditChain.Result result = AuditTables.verify(c, null);
            assertThat(result.ok()).as(result.toString()).isTrue();
            assertThat(result.checked()).isEqualTo(30);
            assertThat(AuditTables.head(c)).hasValue(30);
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT actor FROM audit_event WHERE seq = 30")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("old30");
            }
        }
    }
}
