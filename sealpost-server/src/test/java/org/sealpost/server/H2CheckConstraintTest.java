package org.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The schema's CHECK constraints keep working on H2 after the connection that created them is
 * closed. H2 2.4.240 evaluated {@code CHECK (x IN (...))} through the creating session, so once
 * Hikari retired Flyway's connection (30 minutes) every insert into account_role or
 * check_in_reminder failed with "database has been closed" — in the demo and in long test runs.
 * Here every Flyway connection is closed before the inserts.
 */
class H2CheckConstraintTest {

    @Test
    void checkConstraintsOutliveTheMigratingConnection() throws SQLException {
        DriverManagerDataSource ds = new DriverManagerDataSource(
                "jdbc:h2:mem:check-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();

        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO unit (code, name, category, created_at) VALUES ('T-H2', 'T', 'REGULATOR', NOW())");
            s.execute("INSERT INTO account (username, display_name, unit_id, password_hash, password_changed_at,"
                    + " created_at) SELECT 'h2check', 'H2', id, 'x', NOW(), NOW() FROM unit WHERE code = 'T-H2'");
            s.execute("INSERT INTO account_role (account_id, role, separation_class, granted_at)"
                    + " SELECT id, 'AUDITOR', 'TRIAD', NOW() FROM account WHERE username = 'h2check'");
            s.execute("INSERT INTO check_in_reminder (unit_code, slot_day, half_day, reminded_at)"
                    + " VALUES ('T-H2', DATE '2026-11-27', 'AM', NOW())");
            var rs = s.executeQuery("SELECT count(*) FROM account_role WHERE role = 'AUDITOR'");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
