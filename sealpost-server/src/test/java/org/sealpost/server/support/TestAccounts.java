package org.sealpost.server.support;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.sealpost.core.password.PasswordHash;
import org.sealpost.server.access.Role;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Units and accounts for tests, written straight to the database (the demo loaders may not run
 * in a test). Every account signs in with {@link #PASSWORD} unless given another one.
 */
public final class TestAccounts {

    public static final String PASSWORD = "Tranquil-Harbour-Lantern-58";

    private static final PasswordHash HASH = new PasswordHash(new SecureRandom(), 1_000);

    private final JdbcTemplate jdbc;

    public TestAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The unit with this code, created if missing. Categories as in {@code UnitCategory}. */
    public long unit(String code, String name, String category) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM unit WHERE code = ?", Integer.class, code);
        if (n == 0) {
            jdbc.update(
                    "INSERT INTO unit (code, name, category, created_at) VALUES (?, ?, ?, ?)",
                    code,
                    name,
                    category,
                    OffsetDateTime.now(ZoneOffset.UTC));
        }
        return jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, code);
    }

    public long account(String username, String unitCode, Role... roles) {
        return account(username, unitCode, PASSWORD, false, roles);
    }

    public long account(String username, String unitCode, String password, boolean mustChange, Role... roles) {
        long unit = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update(
                "INSERT INTO account (username, display_name, unit_id, password_hash, password_changed_at,"
                        + " must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                username,
                "测试 " + username,
                unit,
                HASH.hash(password),
                now,
                mustChange,
                now);
        long id = jdbc.queryForObject("SELECT id FROM account WHERE username = ?", Long.class, username);
        for (Role role : roles) {
            jdbc.update(
                    "INSERT INTO account_role (account_id, role, separation_class, granted_by, granted_at)"
                            + " VALUES (?, ?, ?, 'test', ?)",
                    id,
                    role.name(),
                    role.isSeparatedDuty() ? "TRIAD" : null,
                    now);
        }
        return id;
    }

    /** A regulator, its office, one department and one bank: enough for most tests. */
    public void standardUnits() {
        unit("ZJBRC", "浙江银监局", "REGULATOR");
        unit("ZJBRC-OFFICE", "浙江银监局办公室", "REGULATOR_DEPT");
        unit("ZJBRC-LAW", "浙江银监局法规处", "REGULATOR_DEPT");
        unit("ICBC-ZJ", "中国工商银行浙江省分行", "STATE_OWNED_BANK");
        unit("CMB-HZ", "招商银行杭州分行", "JOINT_STOCK_BANK");
    }
}
