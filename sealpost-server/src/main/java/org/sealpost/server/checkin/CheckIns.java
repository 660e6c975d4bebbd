package org.sealpost.server.checkin;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.DocumentUsage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Check-ins (公告 三, 第十五条). A check-in is a person who handles documents (operator, usage grant,
 * the regulator's office and departments) opening the home page or the inbox — a full page load, in
 * the browser or through the API. One person's opens within {@code sealpost.checkin.min-interval}
 * (10 minutes) count once: each real visit is a row, reloads are not.
 */
@Service
public class CheckIns {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CheckInProperties props;
    private final DocumentUsage usage;

    CheckIns(JdbcTemplate jdbc, Clock clock, CheckInProperties props, DocumentUsage usage) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
        this.usage = usage;
    }

    /** Records that the user opened the system now; returns false when it was not counted. */
    public boolean record(SignedInUser user) {
        if (!usage.mayUseDocuments(user)) {
            return false;
        }
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        Integer recent = jdbc.queryForObject(
                "SELECT count(*) FROM check_in WHERE unit_code = ? AND occurred_at > ? AND username = ?",
                Integer.class,
                user.unitCode(),
                now.minus(props.minInterval()),
                user.username());
        if (recent > 0) {
            return false;
        }
        jdbc.update(
                "INSERT INTO check_in (unit_code, username, occurred_at) VALUES (?, ?, ?)",
                user.unitCode(),
                user.username(),
                now);
        return true;
    }

    /** The unit has a check-in at or after {@code since}. */
    boolean checkedInSince(String unitCode, Instant since) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM check_in WHERE unit_code = ? AND occurred_at >= ?",
                        Integer.class,
                        unitCode,
                        OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                > 0;
    }

    /** Check-ins of one unit on one day (in the configured zone), by half-day. */
    public record DayCompliance(LocalDate day, int morning, int afternoon) {

        /** The rule's bar: at least two check-ins in the morning and two in the afternoon. */
        public boolean compliant() {
            return morning >= 2 && afternoon >= 2;
        }
    }

    /**
     * Check-in figures of a unit for each day from {@code from} to {@code to} inclusive (days in
     * China time): the number of check-ins in the morning and in the afternoon, days without any
     * included as zeros. For supervision's "check-in compliance".
     */
    public List<DayCompliance> compliance(String unitCode, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is before from");
        }
        Map<LocalDate, int[]> counts = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            counts.put(d, new int[2]);
        }
        jdbc.query(
                "SELECT occurred_at FROM check_in WHERE unit_code = ? AND occurred_at >= ? AND occurred_at < ?",
                rs -> {
                    ZonedDateTime at = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(props.zone());
                    int[] c = counts.get(at.toLocalDate());
                    if (c != null) {
                        c[HalfDay.of(at.toLocalTime()).ordinal()]++;
                    }
                },
                unitCode,
                from.atStartOfDay(props.zone()).toOffsetDateTime(),
                to.plusDays(1).atStartOfDay(props.zone()).toOffsetDateTime());
        List<DayCompliance> days = new ArrayList<>();
        counts.forEach((d, c) -> days.add(new DayCompliance(d, c[0], c[1])));
        return days;
    }
}
