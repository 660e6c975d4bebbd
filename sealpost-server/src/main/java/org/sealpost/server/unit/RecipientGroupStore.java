package org.sealpost.server.unit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Persistence of recipient groups. Category groups' members are derived from {@code unit.category}. */
@Repository
class RecipientGroupStore {

    private static final String SELECT =
            "SELECT id, code, name, name_en, kind, category, description FROM recipient_group";

    private final JdbcTemplate jdbc;

    RecipientGroupStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<RecipientGroup> all() {
        return jdbc.query(SELECT + " ORDER BY kind, code", (rs, n) -> row(rs));
    }

    Optional<RecipientGroup> find(String code) {
        return jdbc.query(SELECT + " WHERE upper(code) = upper(?)", (rs, n) -> row(rs), code).stream()
                .findFirst();
    }

    List<UnitRef> activeUnitsOf(UnitCategory category) {
        return jdbc.query(
                JdbcUnitDirectory.SELECT + " WHERE active AND category = ? ORDER BY code",
                JdbcUnitDirectory.ROW,
                category.name());
    }

    private RecipientGroup row(ResultSet rs) throws SQLException {
        RecipientGroup.Kind kind = RecipientGroup.Kind.valueOf(rs.getString("kind"));
        String categoryName = rs.getString("category");
        UnitCategory category = categoryName == null ? null : UnitCategory.valueOf(categoryName);
        List<UnitRef> units = category != null ? activeUnitsOf(category) : members(rs.getLong("id"));
        return new RecipientGroup(
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("name_en"),
                kind,
                category,
                rs.getString("description"),
                units);
    }

    private List<UnitRef> members(long groupId) {
        return jdbc.query(
                "SELECT u.id, u.code, u.name, u.category FROM unit u"
                        + " JOIN recipient_group_member m ON m.unit_id = u.id"
                        + " WHERE m.group_id = ? AND u.active ORDER BY u.category, u.code",
                JdbcUnitDirectory.ROW,
                groupId);
    }

    boolean codeTaken(String code) {
        Integer n = jdbc.queryForObject(
                "SELECT (SELECT count(*) FROM unit WHERE upper(code) = upper(?))"
                        + " + (SELECT count(*) FROM recipient_group WHERE upper(code) = upper(?))",
                Integer.class,
                code,
                code);
        return n != null && n > 0;
    }

    /** Creates the system group of a category if it is missing; true when it was created. */
    boolean ensureCategoryGroup(UnitCategory category, Instant now) {
        Integer present = jdbc.queryForObject(
                "SELECT count(*) FROM recipient_group WHERE category = ?", Integer.class, category.name());
        if (present != null && present > 0) {
            return false;
        }
        jdbc.update(
                "INSERT INTO recipient_group (code, name, name_en, kind, category, created_at, updated_at, updated_by)"
                        + " VALUES (?, ?, ?, 'CATEGORY', ?, ?, ?, 'system')",
                category.name(),
                category.nameZh(),
                category.nameEn(),
                category.name(),
                at(now),
                at(now));
        return true;
    }

    void insertCustom(
            String code,
            String name,
            String nameEn,
            String description,
            Collection<Long> unitIds,
            String by,
            Instant now) {
        jdbc.update(
                "INSERT INTO recipient_group (code, name, name_en, kind, description, created_at, updated_at, updated_by)"
                        + " VALUES (?, ?, ?, 'CUSTOM', ?, ?, ?, ?)",
                code,
                name,
                nameEn,
                description,
                at(now),
                at(now),
                by);
        replaceMembers(code, unitIds);
    }

    void updateCustom(
            String code,
            String name,
            String nameEn,
            String description,
            Collection<Long> unitIds,
            String by,
            Instant now) {
        jdbc.update(
                "UPDATE recipient_group SET name = ?, name_en = ?, description = ?, updated_at = ?, updated_by = ?"
                        + " WHERE code = ? AND kind = 'CUSTOM'",
                name,
                nameEn,
                description,
                at(now),
                by,
                code);
        replaceMembers(code, unitIds);
    }

    void deleteCustom(String code) {
        jdbc.update("DELETE FROM recipient_group WHERE code = ? AND kind = 'CUSTOM'", code);
    }

    private void replaceMembers(String code, Collection<Long> unitIds) {
        Long groupId = jdbc.queryForObject("SELECT id FROM recipient_group WHERE code = ?", Long.class, code);
        jdbc.update("DELETE FROM recipient_group_member WHERE group_id = ?", groupId);
        for (Long unitId : unitIds) {
            jdbc.update("INSERT INTO recipient_group_member (group_id, unit_id) VALUES (?, ?)", groupId, unitId);
        }
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
