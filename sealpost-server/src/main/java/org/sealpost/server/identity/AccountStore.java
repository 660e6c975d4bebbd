package org.sealpost.server.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sealpost.server.access.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** JDBC access to {@code account}, {@code account_role} and {@code document_usage_grant}. */
@Repository
class AccountStore {

    private static final String COLUMNS = "id, username, display_name, unit_id, password_hash, password_changed_at,"
            + " must_change_password, enabled, failed_logins, locked_until, totp_secret, totp_last_step, demo";

    private final JdbcTemplate jdbc;

    AccountStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> findByUsername(String username) {
        return one("SELECT " + COLUMNS + " FROM account WHERE username = ?", username);
    }

    Optional<Account> findById(long id) {
        return one("SELECT " + COLUMNS + " FROM account WHERE id = ?", id);
    }

    List<Account> findByUnit(long unitId) {
        return many("SELECT " + COLUMNS + " FROM account WHERE unit_id = ? ORDER BY username", unitId);
    }

    List<Account> findAll() {
        return many("SELECT " + COLUMNS + " FROM account ORDER BY unit_id, username");
    }

    List<Account> findDemoAccounts() {
        return many("SELECT " + COLUMNS + " FROM account WHERE demo ORDER BY id");
    }

    boolean usernameTaken(String username) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM account WHERE username = ?", Integer.class, username);
        return n != null && n > 0;
    }

    long insert(
            String username,
            String displayName,
            long unitId,
            String hash,
            boolean mustChange,
            boolean demo,
            Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(
                c -> {
                    var ps = c.prepareStatement(
                            "INSERT INTO account (username, display_name, unit_id, password_hash, password_changed_at,"
                                    + " must_change_password, demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            new String[] {"id"});
                    ps.setString(1, username);
                    ps.setString(2, displayName);
                    ps.setLong(3, unitId);
                    ps.setString(4, hash);
                    ps.setObject(5, at(now));
                    ps.setBoolean(6, mustChange);
                    ps.setBoolean(7, demo);
                    ps.setObject(8, at(now));
                    return ps;
                },
                keys);
        return keys.getKey().longValue();
    }

    void grantRole(long accountId, Role role, String grantedBy, Instant now) {
        jdbc.update(
                "INSERT INTO account_role (account_id, role, separation_class, granted_by, granted_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                accountId,
                role.name(),
                role.isSeparatedDuty() ? "TRIAD" : null,
                grantedBy,
                at(now));
    }

    void revokeRole(long accountId, Role role) {
        jdbc.update("DELETE FROM account_role WHERE account_id = ? AND role = ?", accountId, role.name());
    }

    void setPassword(long accountId, String hash, boolean mustChange, Instant now) {
        jdbc.update(
                "UPDATE account SET password_hash = ?, password_changed_at = ?, must_change_password = ?,"
                        + " version = version + 1 WHERE id = ?",
                hash,
                at(now),
                mustChange,
                accountId);
    }

    /** Counts one failed sign-in and locks the account when the count reaches {@code max}. */
    int recordFailure(long accountId, int max, Instant lockUntil) {
        jdbc.update("UPDATE account SET failed_logins = failed_logins + 1 WHERE id = ?", accountId);
        Integer failures =
                jdbc.queryForObject("SELECT failed_logins FROM account WHERE id = ?", Integer.class, accountId);
        int count = failures == null ? 0 : failures;
        if (count >= max) {
            jdbc.update(
                    "UPDATE account SET locked_until = ?, failed_logins = 0 WHERE id = ?", at(lockUntil), accountId);
        }
        return count;
    }

    /**
     * Puts back failures that a right password cleared while the second factor is still missing or
     * wrong ({@link ApiSignIn}); otherwise a caller who knows the password could reset the count
     * between guesses of the code and never reach the lockout.
     */
    void restoreFailures(long accountId, int earlier) {
        if (earlier > 0) {
            jdbc.update("UPDATE account SET failed_logins = failed_logins + ? WHERE id = ?", earlier, accountId);
        }
    }

    void clearFailures(long accountId) {
        jdbc.update("UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = ?", accountId);
    }

    void setEnabled(long accountId, boolean enabled) {
        jdbc.update("UPDATE account SET enabled = ?, version = version + 1 WHERE id = ?", enabled, accountId);
    }

    void setTotp(long accountId, String secret, Instant now) {
        jdbc.update(
                "UPDATE account SET totp_secret = ?, totp_enrolled_at = ?, totp_last_step = NULL WHERE id = ?",
                secret,
                secret == null ? null : at(now),
                accountId);
    }

    /** Records the time step of an accepted code; false when it (or a later one) was used already. */
    boolean useTotpStep(long accountId, long step) {
        return jdbc.update(
                        "UPDATE account SET totp_last_step = ? WHERE id = ?"
                                + " AND (totp_last_step IS NULL OR totp_last_step < ?)",
                        step,
                        accountId,
                        step)
                == 1;
    }

    Optional<DocumentUsageGrant> documentUsageGrant(long accountId) {
        return jdbc
                .query(
                        "SELECT granted_by, granted_at FROM document_usage_grant WHERE account_id = ?",
                        (rs, n) -> new DocumentUsageGrant(rs.getString(1), instant(rs, 2)),
                        accountId)
                .stream()
                .findFirst();
    }

    void grantDocumentUsage(long accountId, String by, Instant now) {
        jdbc.update("DELETE FROM document_usage_grant WHERE account_id = ?", accountId);
        jdbc.update(
                "INSERT INTO document_usage_grant (account_id, granted_by, granted_at) VALUES (?, ?, ?)",
                accountId,
                by,
                at(now));
    }

    void revokeDocumentUsage(long accountId) {
        jdbc.update("DELETE FROM document_usage_grant WHERE account_id = ?", accountId);
    }

    private Optional<Account> one(String sql, Object... args) {
        return many(sql, args).stream().findFirst();
    }

    private List<Account> many(String sql, Object... args) {
        Map<Long, Account> accounts = new LinkedHashMap<>();
        jdbc.query(
                sql,
                rs -> {
                    Account a = row(rs);
                    accounts.put(a.id(), a);
                },
                args);
        if (accounts.isEmpty()) {
            return List.of();
        }
        Map<Long, Set<Role>> roles = new LinkedHashMap<>();
        String in = String.join(",", accounts.keySet().stream().map(id -> "?").toList());
        jdbc.query(
                "SELECT account_id, role FROM account_role WHERE account_id IN (" + in + ")",
                rs -> {
                    roles.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(Role.class))
                            .add(Role.valueOf(rs.getString(2)));
                },
                accounts.keySet().toArray());
        return accounts.values().stream()
                .map(a -> withRoles(a, roles.getOrDefault(a.id(), Set.of())))
                .toList();
    }

    private static Account withRoles(Account a, Set<Role> roles) {
        return new Account(
                a.id(),
                a.username(),
                a.displayName(),
                a.unitId(),
                a.passwordHash(),
                a.passwordChangedAt(),
                a.mustChangePassword(),
                a.enabled(),
                a.failedSignIns(),
                a.lockedUntil(),
                a.totpSecret(),
                a.totpLastStep(),
                a.demo(),
                Set.copyOf(roles));
    }

    private static Account row(ResultSet rs) throws SQLException {
        Long step = rs.getObject("totp_last_step", Long.class);
        return new Account(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getLong("unit_id"),
                rs.getString("password_hash"),
                instant(rs, "password_changed_at"),
                rs.getBoolean("must_change_password"),
                rs.getBoolean("enabled"),
                rs.getInt("failed_logins"),
                instant(rs, "locked_until"),
                rs.getString("totp_secret"),
                step,
                rs.getBoolean("demo"),
                Set.of());
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    record DocumentUsageGrant(String grantedBy, Instant grantedAt) {}
}
