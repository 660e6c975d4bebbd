package org.sealpost.server.calendar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The calendar as configured and stored: a snapshot of {@code calendar_day} that this node
 * reloads after its own changes and at most a minute after another node's.
 */
@Service
class DatabaseWorkingCalendar implements WorkingCalendar {

    static final Duration RELOAD_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final CalendarProperties properties;
    private final Clock clock;
    private volatile WorkingTime snapshot;
    private volatile Instant loadedAt = Instant.MIN;

    DatabaseWorkingCalendar(JdbcTemplate jdbc, CalendarProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        // fails at start-up on bad working hours, not at the first deadline
        this.snapshot = new WorkingTime(properties.zone(), properties.periods(), Map.of());
    }

    WorkingTime current() {
        Instant now = clock.instant();
        if (Duration.between(loadedAt, now).compareTo(RELOAD_AFTER) > 0 || now.isBefore(loadedAt)) {
            reload();
        }
        return snapshot;
    }

    synchronized void reload() {
        Map<LocalDate, Boolean> exceptions = new HashMap<>();
        jdbc.query("SELECT cal_day, kind FROM calendar_day", rs -> {
            exceptions.put(rs.getObject(1, LocalDate.class), "WORKDAY".equals(rs.getString(2)));
        });
        snapshot = new WorkingTime(properties.zone(), properties.periods(), exceptions);
        loadedAt = clock.instant();
    }

    @Override
    public Instant addWorkingTime(Instant start, Duration amount) {
        return current().addWorkingTime(start, amount);
    }

    @Override
    public Duration workingTimeBetween(Instant a, Instant b) {
        return current().workingTimeBetween(a, b);
    }

    @Override
    public boolean isWorkingDay(LocalDate day) {
        return current().isWorkingDay(day);
    }

    @Override
    public Instant endOfWorkingDay(Instant t, int n) {
        return current().endOfWorkingDay(t, n);
    }
}
