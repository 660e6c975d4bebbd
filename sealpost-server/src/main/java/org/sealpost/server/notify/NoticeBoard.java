package org.sealpost.server.notify;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The notice table: posting is idempotent by (notice key, unit). */
@Repository
class NoticeBoard {

    private static final RowMapper<Notice> ROW = (rs, n) -> new Notice(
            rs.getLong("id"),
            NoticeKind.valueOf(rs.getString("kind")),
            rs.getString("title"),
            rs.getString("detail"),
            rs.getString("document_id"),
            rs.getString("urgency"),
            rs.getString("sender_unit"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("read_at", OffsetDateTime.class) == null
                    ? null
                    : rs.getObject("read_at", OffsetDateTime.class).toInstant(),
            rs.getString("read_by"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    NoticeBoard(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One notice to draft; {@code key} is the event's stable key. */
    record Draft(
            String key,
            String unitCode,
            NoticeKind kind,
            String title,
            String detail,
            String documentId,
            String urgency,
            String senderUnit) {}

    /** Posts the notice unless the unit already has one with this key; true if it was new. */
    boolean post(Draft d) {
        if (exists(d.key(), d.unitCode())) {
            return false;
        }
        try {
            jdbc.update(
                    "INSERT INTO notice (notice_key, unit_code, kind, title, detail, document_id, urgency, sender_unit,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    d.key(),
                    d.unitCode(),
                    d.kind().name(),
                    cut(d.title() == null ? "" : d.title(), 500),
                    d.detail() == null ? null : cut(d.detail(), 1000),
                    d.documentId(),
                    d.urgency(),
                    d.senderUnit(),
                    OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)));
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    private boolean exists(String key, String unitCode) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM notice WHERE notice_key = ? AND unit_code = ?",
                        Integer.class,
                        key,
                        unitCode)
                > 0;
    }

    int unreadCount(String unitCode) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM notice WHERE unit_code = ? AND read_at IS NULL", Integer.class, unitCode);
    }

    List<Notice> list(String unitCode, int limit) {
        return jdbc.query(
                "SELECT * FROM notice WHERE unit_code = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                ROW,
                unitCode,
                limit);
    }

    List<Notice> byKey(String key) {
        return jdbc.query("SELECT * FROM notice WHERE notice_key = ? ORDER BY id", ROW, key);
    }

    /** Marks one of the unit's notices read; false when it is not the unit's (or unknown). */
    boolean markRead(String unitCode, long id, String username) {
        int n = jdbc.update(
                "UPDATE notice SET read_at = ?, read_by = ? WHERE id = ? AND unit_code = ? AND read_at IS NULL",
                OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)),
                username,
                id,
                unitCode);
        return n > 0
                || jdbc.queryForObject(
                                "SELECT count(*) FROM notice WHERE id = ? AND unit_code = ?",
                                Integer.class,
                                id,
                                unitCode)
                        > 0;
    }

    int markAllRead(String unitCode, String username) {
        return jdbc.update(
                "UPDATE notice SET read_at = ?, read_by = ? WHERE unit_code = ? AND read_at IS NULL",
                OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)),
                username,
                unitCode);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
