package org.sealpost.server.notify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.sealpost.server.support.TestAccounts;
import org.springframework.jdbc.core.JdbcTemplate;

/** Units with SMS contacts, certificate records about to expire, and the notification rows of an alert. */
final class NotifyFixtures {

    static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    NotifyFixtures(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A fresh unit ("测试银行CODE支行"); returns its code. */
    String unit() {
        String code = "NTF-" + hex(3);
        new TestAccounts(jdbc).unit(code, unitName(code), "JOINT_STOCK_BANK");
        return code;
    }

    static String unitName(String code) {
        return "测试银行" + code + "支行";
    }

    void contact(String unitCode, String role, String name, String mobile, boolean sms) {
        contact(unitCode, role, name, mobile, sms, null);
    }

    void contact(String unitCode, String role, String name, String mobile, boolean sms, String email) {
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        jdbc.update(
                "INSERT INTO unit_contact (unit_id, contact_role, name, mobile, receives_sms, meeting_contact, email,"
                        + " sort_order) VALUES (?, ?, ?, ?, ?, FALSE, ?, (SELECT count(*) + 1 FROM unit_contact WHERE unit_id = ?))",
                unitId,
                role,
                name,
                mobile,
                sms,
                email,
                unitId);
    }

    /** A certificate record of the unit valid for {@code validFor} from the clock's now; returns its serial. */
    String certificate(String unitCode, String kind, Duration validFor) {
        String serial = hex(8);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        jdbc.update(
                "INSERT INTO pki_certificate (serial, unit_code, kind, subject, certificate, not_before, not_after,"
                        + " issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                serial,
                unitCode,
                kind,
                "CN=" + unitCode,
                new byte[] {0x30, 0x00},
                now,
                now.plus(validFor),
                "test",
                now);
        return serial;
    }

    OffsetDateTime notAfter(String serial) {
        return jdbc.queryForObject(
                "SELECT not_after FROM pki_certificate WHERE serial = ?", OffsetDateTime.class, serial);
    }

    /** The notification rows of the alerts of one certificate, oldest first. */
    List<Notification> rows(String serial) {
        return rowsLike("pki-alert:" + serial + ":%");
    }

    /** The notification rows whose event key is LIKE the pattern, oldest first. */
    List<Notification> rowsLike(String pattern) {
        return jdbc.query(
                "SELECT * FROM notification WHERE event_key LIKE ? ORDER BY id",
                (rs, n) -> new Notification(
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
                        rs.getObject("sent_at", OffsetDateTime.class) == null
                                ? null
                                : rs.getObject("sent_at", OffsetDateTime.class).toInstant()),
                pattern);
    }

    /** Every publication of this certificate's alerts to the notify listener is complete. */
    boolean completed(String serial) {
        List<Object> dates = jdbc.queryForList(
                "SELECT completion_date FROM event_publication WHERE serialized_event LIKE ?"
                        + " AND listener_id LIKE '%NotifyingCertificateExpiry%'",
                Object.class, "%" + serial + "%");
        return !dates.isEmpty() && dates.stream().allMatch(d -> d != null);
    }

    /** Every publication mentioning {@code text} to a listener whose id contains {@code listener} is complete. */
    boolean completed(String text, String listener) {
        List<Object> dates = jdbc.queryForList(
                "SELECT completion_date FROM event_publication WHERE serialized_event LIKE ? AND listener_id LIKE ?",
                Object.class,
                "%" + text + "%",
                "%" + listener + "%");
        return !dates.isEmpty() && dates.stream().allMatch(d -> d != null);
    }

    /** The unit's id, for a signed-in user of it. */
    long unitId(String unitCode) {
        return jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
    }

    boolean publicationFailed(String serial) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM event_publication WHERE serialized_event LIKE ?"
                                + " AND completion_date IS NULL AND status = 'FAILED'",
                        Integer.class,
                        "%" + serial + "%")
                > 0;
    }

    static String masked(String mobile) {
        return mobile.substring(0, 3) + "****" + mobile.substring(7);
    }

    static String mobile() {
        return "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
