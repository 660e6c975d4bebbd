package org.sealpost.server.calendar;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Holidays and make-up working days: everyone reads them, the system admin and the office edit them. */
@Service
public class ManagingCalendar {

    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final DatabaseWorkingCalendar calendar;

    ManagingCalendar(JdbcTemplate jdbc, AuditLog audit, Clock clock, DatabaseWorkingCalendar calendar) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.calendar = calendar;
    }

    public static boolean mayEdit(SignedInUser user) {
        return user.hasAny(Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR);
    }

    public List<CalendarDay> days(int year) {
        return jdbc.query(
                "SELECT cal_day, kind, name, changed_by, changed_at FROM calendar_day WHERE cal_day >= ? AND cal_day <= ?"
                        + " ORDER BY cal_day",
                (rs, n) -> new CalendarDay(
                        rs.getObject(1, LocalDate.class),
                        CalendarDay.Kind.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()),
                LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31));
    }

    /** Marks a day a holiday or a make-up working day, replacing what the day was. */
    @Transactional
    public void set(SignedInUser actor, LocalDate day, CalendarDay.Kind kind, String name) {
        if (!mayEdit(actor)) {
            throw CalendarRefused.forbidden();
        }
        if (day == null || day.isBefore(EARLIEST) || day.isAfter(LATEST)) {
            throw CalendarRefused.invalid("date", "the day must be between 2000-01-01 and 2100-12-31");
        }
        if (kind == null) {
            throw CalendarRefused.invalid("kind", "choose holiday or make-up working day");
        }
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw CalendarRefused.invalid("name", "the name is required and at most 100 characters");
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (kind == CalendarDay.Kind.WORKDAY && !weekend) {
            throw CalendarRefused.invalid("weekdayWorkday", day + " is a weekday: it is a working day already");
        }
        jdbc.update("DELETE FROM calendar_day WHERE cal_day = ?", day);
        jdbc.update(
                "INSERT INTO calendar_day (cal_day, kind, name, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)",
                day,
                kind.name(),
                trimmed,
                actor.username(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        audit.record(new AuditEntry(
                actor.username(),
                actor.unitCode(),
                "CALENDAR_DAY_SET",
                true,
                null,
                day.toString(),
                kind + " " + trimmed));
        calendar.reload();
    }

    /** Makes a day ordinary again (a weekday works, a weekend day rests). */
    @Transactional
    public void remove(SignedInUser actor, LocalDate day) {
        if (!mayEdit(actor)) {
            throw CalendarRefused.forbidden();
        }
        int n = jdbc.update("DELETE FROM calendar_day WHERE cal_day = ?", day);
        if (n == 0) {
            throw CalendarRefused.invalid("notListed", day + " is not in the calendar");
        }
        audit.record(new AuditEntry(
                actor.username(), actor.unitCode(), "CALENDAR_DAY_REMOVED", true, null, day.toString(), null));
        calendar.reload();
    }
}
