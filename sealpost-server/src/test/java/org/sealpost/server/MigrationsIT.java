package org.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The same Flyway migrations run unchanged on H2 and PostgreSQL, constraints included. */
class MigrationsIT {

    abstract static class Schema {
        @Autowired
        JdbcTemplate jdbc;

        @Test
        void oneAccountCannotHoldTwoSeparatedDuties() {
            OffsetDateTime now = OffsetDateTime.now();
            jdbc.update(
                    "INSERT INTO unit (code, name, category, created_at) VALUES (?, ?, ?, ?)",
                    "T-C05",
                    "三权分立测试单位",
                    "REGULATOR",
                    now);
            Long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'T-C05'", Long.class);
            jdbc.update(
                    "INSERT INTO account (username, display_name, unit_id, password_hash, password_changed_at, created_at)"
                            + " VALUES ('c05', 'C05', ?, 'x', ?, ?)",
                    unit,
                    now,
                    now);
            Long account = jdbc.queryForObject("SELECT id FROM account WHERE username = 'c05'", Long.class);
            String grant =
                    "INSERT INTO account_role (account_id, role, separation_class, granted_at) VALUES (?, ?, ?, ?)";
            jdbc.update(grant, account, "SYSTEM_ADMIN", "TRIAD", now);
            jdbc.update(grant, account, "OFFICE_STAFF", null, now);

            assertThatThrownBy(() -> jdbc.update(grant, account, "AUDITOR", "TRIAD", now))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> jdbc.update(grant, account, "AUDITOR", null, now))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM account_role WHERE account_id = ?", Integer.class, account))
                    .isEqualTo(2);
        }
    }

    @Nested
    @SpringBootTest
    @ActiveProfiles("test")
    class OnH2 extends Schema {}

    @Nested
    @SpringBootTest
    @ActiveProfiles("test")
    @UsePostgres
    class OnPostgres extends Schema {}
}
