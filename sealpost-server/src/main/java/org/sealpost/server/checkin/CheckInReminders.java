package org.sealpost.server.checkin;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminds units that have not checked in (公告 三, 第十五条). Every minute it looks at the clock in
 * {@code sealpost.checkin.zone}: on a working day, once the first reminder time of the current
 * half-day has passed (10:00 for the morning, 15:00 for the afternoon by default), every active
 * unit without a check-in since the half-day began (00:00 or 12:00) and not yet reminded for it
 * gets a {@link CheckInReminderDue}. The reminder row and the event commit together, and the row is
 * unique per unit and half-day, so a unit is reminded once per half-day even with several nodes or
 * after a restart; a server that was down at 10:00 reminds when it comes back, before noon.
 */
@Component
public class CheckInReminders {

    private static final Logger log = LoggerFactory.getLogger(CheckInReminders.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CheckInProperties props;
    private final WorkingDays workingDays;
    private final UnitDirectory units;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    CheckInReminders(
            JdbcTemplate jdbc,
            Clock clock,
            CheckInProperties props,
            WorkingDays workingDays,
            UnitDirectory units,
            ApplicationEventPublisher events,
            TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
        this.workingDays = workingDays;
        this.units = units;
        this.events = events;
        this.tx = tx;
    }

    @Scheduled(cron = "${sealpost.checkin.reminder-cron:30 * * * * *}")
    void tick() {
        if (props.remindersEnabled()) {
            remindDue();
        }
    }

    /** Sends the reminders due at the clock's now; returns how many units were reminded. */
    public int remindDue() {
        ZonedDateTime now = clock.instant().atZone(props.zone());
        LocalDate today = now.toLocalDate();
        HalfDay half = HalfDay.of(now.toLocalTime());
        Optional<LocalTime> due = props.reminderTimes().stream()
                .filter(t -> HalfDay.of(t) == half && !t.isAfter(now.toLocalTime()))
                .findFirst();
        if (due.isEmpty() || !workingDays.isWorkingDay(today)) {
            return 0;
        }
        Instant since = today.atTime(half.start()).atZone(props.zone()).toInstant();
        Set<String> checkedIn = new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT unit_code FROM check_in WHERE occurred_at >= ?",
                String.class,
                OffsetDateTime.ofInstant(since, ZoneOffset.UTC)));
        Set<String> reminded = new HashSet<>(jdbc.queryForList(
                "SELECT unit_code FROM check_in_reminder WHERE slot_day = ? AND half_day = ?",
                String.class,
                today,
                half.name()));
        int sent = 0;
        for (UnitRef unit : units.all()) {
            if (checkedIn.contains(unit.code()) || reminded.contains(unit.code())) {
                continue;
            }
            CheckInReminderDue event =
                    new CheckInReminderDue(unit.code(), today, half, due.get().toString());
            try {
                tx.executeWithoutResult(s -> {
                    jdbc.update(
                            "INSERT INTO check_in_reminder (unit_code, slot_day, half_day, reminded_at) VALUES (?, ?, ?, ?)",
                            unit.code(),
                            today,
                            half.name(),
                            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                    events.publishEvent(event);
                });
                sent++;
            } catch (DuplicateKeyException otherNode) {
                // another node reminded this unit for this half-day at the same moment
            }
        }
        if (sent > 0) {
            log.info("check-in reminders for {} {}: {} unit(s)", today, half, sent);
        }
        return sent;
    }
}
