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
import org.springframework.dao.DuplicateKeyException;
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

    /**
     * Claims one notification for sending, in its own commit, before the gateway is called: inserts a
     * SENDING row, or turns the FAILED row of an earlier attempt into SENDING. Returns false when the
     * row is already SENT, SKIPPED or SENDING (another node or an earlier delivery has it): the
     * caller must not send. The unique key (event key, channel, recipient hash) decides between two
     * nodes inserting at once.
     */
    boolean claim(String eventKey, String channel, String address, String unitCode, String subject) {
        int updated = jdbc.update(
                "UPDATE notification SET status = 'SENDING', attempts = attempts + 1, detail = NULL,"
                        + " claimed_at = ? WHERE event_key = ? AND channel = ? AND recipient_hash = ? AND status = 'FAILED'",
                now(),
                eventKey,
                channel,
                hash(address));
        if (updated > 0) {
            return true;
        }
        if (status(eventKey, channel, address).isPresent()) {
            return false;
        }
        try {
            jdbc.update(
                    "INSERT INTO notification (channel, recipient, recipient_hash, unit_code, subject, status,"
                            + " attempts, event_key, created_at, claimed_at) VALUES (?, ?, ?, ?, ?, 'SENDING', 1, ?, ?, ?)",
                    channel,
                    masked(channel, address),
                    hash(address),
                    unitCode,
                    cut(subject),
                    eventKey,
                    now(),
                    now());
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /** Records the outcome of a claimed notification. */
    void finish(
            String eventKey,
            String channel,
            String address,
            NotificationStatus status,
            String providerId,
            String detail) {
        OffsetDateTime now = now();
        jdbc.update(
                "UPDATE notification SET status = ?, provider_id = ?, detail = ?, sent_at = ?"
                        + " WHERE event_key = ? AND channel = ? AND recipient_hash = ? AND status = 'SENDING'",
                status.name(),
                providerId,
                cut(detail),
                status == NotificationStatus.SENT ? now : null,
                eventKey,
                channel,
                hash(address));
    }

    /**
     * Notifications claimed longer ago than {@code olderThan} and never finished: the node died
     * between the gateway's answer and the commit, so nobody knows whether the message went out.
     * They are not resent automatically (that could send twice); an operator checks the gateway's
     * log by the masked recipient and time (docs/operations.md).
     */
    public List<Notification> stuckSending(java.time.Duration olderThan) {
        return jdbc.query(
                "SELECT * FROM notification WHERE status = 'SENDING' AND claimed_at < ? ORDER BY claimed_at",
                ROW,
                now().minus(olderThan));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }

    private static String cut(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }

    static String masked(String channel, String address) {
        return Notifier.EMAIL.equals(channel) ? PhoneNumbers.maskEmail(address) : PhoneNumbers.mask(address);
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
