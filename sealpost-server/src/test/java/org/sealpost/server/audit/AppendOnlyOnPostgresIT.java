package org.sealpost.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * SECURITY.md L03 on PostgreSQL: the application's least-privilege role {@code sealpost_app} may
 * only INSERT and SELECT audit rows, and the append-only triggers stop UPDATE, DELETE and TRUNCATE
 * even for the schema owner. (H2, the demo database, is deliberately left editable.)
 */
@SpringBootTest
@ActiveProfiles("test")
@UsePostgres
class AppendOnlyOnPostgresIT {

    private static final String APP_PASSWORD = "app-role-test-password";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    Flyway flyway;

    @Value("${spring.datasource.url}")
    String url;

    @BeforeEach
    void appRoleExists() {
        // the DBA's step from docs/operations.md; then a migration run grants the role its rights
        jdbc.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sealpost_app') THEN"
                + " CREATE ROLE sealpost_app LOGIN PASSWORD '" + APP_PASSWORD + "'; END IF; END $$");
        flyway.migrate();
        audit.record(new AuditEntry("pg-test", "ZJBRC", "SIGN_IN", true, "127.0.0.1", "account:pg-test", null));
    }

    @Test
    void appRoleMayInsertAndReadAuditRowsButNotChangeOrRemoveThem() throws SQLException {
        // the embedded server's URL names its superuser; connect as the application role instead
        String appUrl = url.replaceAll("[?&]user=[^&]*", "");
        try (Connection app = DriverManager.getConnection(appUrl, "sealpost_app", APP_PASSWORD);
                Statement s = app.createStatement()) {
            try (var rs = s.executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("sealpost_app");
            }
            try (var rs = s.executeQuery("SELECT count(*) FROM audit_event")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
            }
            try (PreparedStatement insert = app.prepareStatement(
                    "INSERT INTO audit_event (seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref,"
                            + " prev_hash, hash) VALUES (-5, ?, 'x', 'x', 'x', TRUE, 'x', 'x', ?, ?)")) {
                insert.setObject(1, OffsetDateTime.now());
                insert.setBytes(2, new byte[32]);
                insert.setBytes(3, new byte[32]);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            assertDenied(s, "UPDATE audit_event SET actor = 'nobody'");
            assertDenied(s, "DELETE FROM audit_event");
            assertDenied(s, "TRUNCATE audit_event");
            assertDenied(s, "UPDATE audit_checkpoint SET signer = 'nobody'");
            assertDenied(s, "DELETE FROM audit_checkpoint");
            assertDenied(s, "DELETE FROM audit_chain_head");
            assertDenied(s, "DROP TRIGGER audit_event_append_only ON audit_event");
            assertDenied(s, "ALTER TABLE audit_event DISABLE TRIGGER USER");
            // and the business tables stay usable
            assertThat(s.executeUpdate("UPDATE unit SET name = name WHERE 1 = 0"))
                    .isZero();
        }
    }

    @Test
    void evenTheSchemaOwnerCannotUpdateOrDeleteAuditRows() {
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_event SET actor = 'nobody'"))
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event"))
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_event"))
                .rootCause()
                .hasMessageContaining("append-only");
        // (row triggers fire only for existing rows; the statement trigger always does)
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_checkpoint"))
                .rootCause()
                .hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE actor = 'pg-test'", Long.class))
                .isPositive();
    }

    private static void assertDenied(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql))
                .as(sql)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                        .as(sql + ": " + e.getMessage())
                        .isIn("42501", "42809"));
    }
}
