package org.sealpost.server.unit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Persistence of rosters, contacts, confirmations and the change log. */
@Repository
class RosterStore {

    private final JdbcTemplate jdbc;

    RosterStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<RosterEntry> entries(long unitId) {
        return jdbc.query(
                "SELECT id, duty, name, title, office_phone, mobile FROM roster_entry"
                        + " WHERE unit_id = ? ORDER BY sort_order, id",
                (rs, n) -> new RosterEntry(
                        rs.getLong("id"),
                        RosterDuty.valueOf(rs.getString("duty")),
                        rs.getString("name"),
                        rs.getString("title"),
                        rs.getString("office_phone"),
                        rs.getString("mobile")),
                unitId);
    }

    List<Contact> contacts(long unitId) {
        return jdbc.query(
                "SELECT id, contact_role, name, title, office_phone, mobile, email, receives_sms, meeting_contact"
                        + " FROM unit_contact WHERE unit_id = ? ORDER BY sort_order, id",
                (rs, n) -> new Contact(
                        rs.getLong("id"),
                        ContactRole.valueOf(rs.getString("contact_role")),
                        rs.getString("name"),
                        rs.getString("title"),
                        rs.getString("office_phone"),
                        rs.getString("mobile"),
                        rs.getString("email"),
                        rs.getBoolean("receives_sms"),
                        rs.getBoolean("meeting_contact")),
                unitId);
    }

    /** Rows with an id keep it (updated in place); rows without are inserted; missing rows are deleted. */
    void saveEntries(long unitId, List<RosterEntry> entries) {
        deleteMissing("roster_entry", unitId, entries);
        int order = 0;
        for (RosterEntry e : entries) {
            order++;
            if (e.id() != null) {
                jdbc.update(
                        "UPDATE roster_entry SET duty = ?, name = ?, title = ?, office_phone = ?, mobile = ?,"
                                + " sort_order = ? WHERE id = ? AND unit_id = ?",
                        e.duty().name(),
                        e.name(),
                        e.title(),
                        e.officePhone(),
                        e.mobile(),
                        order,
                        e.id(),
                        unitId);
            } else {
                jdbc.update(
                        "INSERT INTO roster_entry (unit_id, duty, name, title, office_phone, mobile, sort_order)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        unitId,
                        e.duty().name(),
                        e.name(),
                        e.title(),
                        e.officePhone(),
                        e.mobile(),
                        order);
            }
        }
    }

    void saveContacts(long unitId, List<Contact> contacts) {
        deleteMissing("unit_contact", unitId, contacts);
        int order = 0;
        for (Contact c : contacts) {
            order++;
            if (c.id() != null) {
                jdbc.update(
                        "UPDATE unit_contact SET contact_role = ?, name = ?, title = ?, office_phone = ?, mobile = ?,"
                                + " email = ?, receives_sms = ?, meeting_contact = ?, sort_order = ? WHERE id = ? AND unit_id = ?",
                        c.role().name(),
                        c.name(),
                        c.title(),
                        c.officePhone(),
                        c.mobile(),
                        c.email(),
                        c.receivesSms(),
                        c.meetingContact(),
                        order,
                        c.id(),
                        unitId);
            } else {
                jdbc.update(
                        "INSERT INTO unit_contact (unit_id, contact_role, name, title, office_phone, mobile, email,"
                                + " receives_sms, meeting_contact, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        unitId,
                        c.role().name(),
                        c.name(),
                        c.title(),
                        c.officePhone(),
                        c.mobile(),
                        c.email(),
                        c.receivesSms(),
                        c.meetingContact(),
                        order);
            }
        }
    }

    private void deleteMissing(String table, long unitId, List<? extends RosterLine> kept) {
        List<Long> keptIds =
                kept.stream().map(RosterLine::id).filter(id -> id != null).toList();
        for (Long existing : jdbc.queryForList("SELECT id FROM " + table + " WHERE unit_id = ?", Long.class, unitId)) {
            if (!keptIds.contains(existing)) {
                jdbc.update("DELETE FROM " + table + " WHERE id = ?", existing);
            }
        }
    }

    Optional<Instant> confirmedAt(long unitId) {
        OffsetDateTime at =
                jdbc.queryForObject("SELECT roster_confirmed_at FROM unit WHERE id = ?", OffsetDateTime.class, unitId);
        return Optional.ofNullable(at).map(OffsetDateTime::toInstant);
    }

    void confirm(long unitId, Instant at) {
        jdbc.update("UPDATE unit SET roster_confirmed_at = ? WHERE id = ?", RecipientGroupStore.at(at), unitId);
    }

    void record(
            long unitId,
            Instant at,
            SignedInActor actor,
            RosterChange.Subject subject,
            RosterChange.Change change,
            String before,
            String after) {
        jdbc.update(
                "INSERT INTO roster_change (unit_id, occurred_at, actor, actor_unit_code, subject, change_type,"
                        + " before_summary, after_summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                unitId,
                RecipientGroupStore.at(at),
                actor.username(),
                actor.unitCode(),
                subject.name(),
                change.name(),
                clip(before),
                clip(after));
    }

    List<RosterChange> changes(long unitId) {
        return jdbc.query(
                "SELECT occurred_at, actor, actor_unit_code, subject, change_type, before_summary, after_summary"
                        + " FROM roster_change WHERE unit_id = ? ORDER BY occurred_at DESC, id DESC",
                (rs, n) -> new RosterChange(
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"),
                        rs.getString("actor_unit_code"),
                        RosterChange.Subject.valueOf(rs.getString("subject")),
                        RosterChange.Change.valueOf(rs.getString("change_type")),
                        rs.getString("before_summary"),
                        rs.getString("after_summary")),
                unitId);
    }

    List<StaleRoster> staleSince(Instant cutoff) {
        return jdbc.query(
                "SELECT id, code, name, category, roster_confirmed_at FROM unit WHERE active"
                        + " AND (roster_confirmed_at IS NULL OR roster_confirmed_at < ?)"
                        + " ORDER BY roster_confirmed_at NULLS FIRST, code",
                (rs, n) -> {
                    OffsetDateTime at = rs.getObject("roster_confirmed_at", OffsetDateTime.class);
                    return new StaleRoster(JdbcUnitDirectory.ROW.mapRow(rs, n), at == null ? null : at.toInstant());
                },
                RecipientGroupStore.at(cutoff));
    }

    private static String clip(String summary) {
        return summary == null || summary.length() <= 4000 ? summary : summary.substring(0, 3999) + "…";
    }

    /** Who made a change, as the log records it. */
    record SignedInActor(String username, String unitCode) {}
}
