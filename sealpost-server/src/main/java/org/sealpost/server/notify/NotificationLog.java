package org.sealpost.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.sealpost.server.unit.PhoneNumbers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The notification table. Every write commits on its own (callers run outside a transaction), so
 * the record of an SMS already sent survives a later failure in the same delivery.
 */
@Repository
public class NotificationLog {

    private static final RowMapper<Notification> ROW = (rs, n) -> new Notification(
            rs.getLong("id"),
            rs.getString("channel"),
            rs.getString("recipient"),
            rs.getString("unit_code"),
            rs.getString("subject"),
            NotificationStatus.valueOf(rs.getString("status")),
            rs.getString("provider_id"),
            rs.getString("detail"),
            rs.getInt("attempts"),
            rs.getString("event_key"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            instant(rs.getObject("sent_at", OffsetDateTime.class)));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    NotificationLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The notifications of a unit (or all, for null), newest first. */
    public List<Notification> forUnit(String unitCode) {
        String sql = "SELECT * FROM notification" + (unitCode == null ? "" : " WHERE unit_code = ?")
                + " ORDER BY created_at DESC, id DESC";
        return unitCode == null ? jdbc.query(sql, ROW) : jdbc.query(sql, ROW, unitCode);
    }

    Optional<NotificationStatus> status(String eventKey, String channel, String address) {
        return jdbc
                .queryForList(
                        "SELECT status FROM notification WHERE event_key = ? AND channel = ? AND recipient_hash = ?",
                        String.class,
                        eventKey,
                        channel,
                        hash(address))
                .stream()
                .findFirst()
                .map(NotificationStatus::valueOf);
    }

    /** Records an attempt: inserts the row, or updates the FAILED row of an earlier attempt. */
    void record(
            String eventKey,
            String channel,
            String address,
            String unitCode,
            String subject,
            NotificationStatus status,
            String providerId,
            String detail) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        OffsetDateTime sentAt = status == NotificationStatus.SENT ? now : null;
        String masked = PhoneNumbers.mask(address);
        String cut = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
        int updated = jdbc.update(
                "UPDATE notification SET status = ?, provider_id = ?, detail = ?, attempts = attempts + 1,"
                        + " sent_at = ? WHERE event_key = ? AND channel = ? AND recipient_hash = ? AND status = 'FAILED'",
                status.name(),
                providerId,
                cut,
                sentAt,
                eventKey,
                channel,
                hash(address));
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO notification (channel, recipient, recipient_hash, unit_code, subject, status,"
                            + " provider_id, detail, attempts, event_key, created_at, sent_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                    channel,
                    masked,
                    hash(address),
                    unitCode,
                    subject,
                    status.name(),
                    providerId,
                    cut,
                    eventKey,
                    now,
                    sentAt);
        }
    }

    static String hash(String address) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
