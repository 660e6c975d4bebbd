package org.sealpost.server.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable version of the calendar: zone, working periods of a day, and the exceptions to
 * "Monday to Friday" (true: a make-up working day, false: a holiday). Pure, so the arithmetic is
 * tested without a database.
 */
public final class WorkingTime implements WorkingCalendar {

    /** A working period of a day, e.g. 08:30–12:00. */
    public record Period(LocalTime start, LocalTime end) {
        public Period {
            Objects.requireNonNull(start);
            Objects.requireNonNull(end);
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("working period ends before it starts: " + start + "-" + end);
            }
        }

        /** Parses {@code HH:mm-HH:mm}. */
        public static Period parse(String text) {
            String[] parts = text.trim().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("working period must look like 08:30-12:00, was: " + text);
            }
            try {
                return new Period(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("working period must look like 08:30-12:00, was: " + text, e);
            }
        }

        Duration length() {
            return Duration.between(start, end);
        }
    }

    /** No search runs further than this: a calendar with no working day at all is a configuration error. */
    static final int MAX_DAYS = 3_660;

    private final ZoneId zone;
    private final List<Period> periods;
    private final Map<LocalDate, Boolean> exceptions;

    public WorkingTime(ZoneId zone, List<Period> periods, Map<LocalDate, Boolean> exceptions) {
        this.zone = Objects.requireNonNull(zone);
        List<Period> sorted = new ArrayList<>(periods);
        sorted.sort(Comparator.comparing(Period::start));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("at least one working period is needed");
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
                throw new IllegalArgumentException(
                        "working periods overlap: " + sorted.get(i - 1) + " and " + sorted.get(i));
            }
        }
        this.periods = List.copyOf(sorted);
        this.exceptions = Map.copyOf(exceptions);
    }

    public ZoneId zone() {
        return zone;
    }

    public List<Period> periods() {
        return periods;
    }

    @Override
    public boolean isWorkingDay(LocalDate day) {
        Boolean exception = exceptions.get(day);
        if (exception != null) {
            return exception;
        }
        DayOfWeek dow = day.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    @Override
    public Instant addWorkingTime(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("negative working time: " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        ZonedDateTime at = start.atZone(zone);
        LocalDate day = at.toLocalDate();
        LocalTime from = at.toLocalTime();
        Duration remaining = amount;
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1), from = LocalTime.MIN) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (Period p : periods) {
                if (!from.isBefore(p.end())) {
                    continue;
                }
                LocalTime s = from.isAfter(p.start()) ? from : p.start();
                Duration available = Duration.between(s, p.end());
                if (remaining.compareTo(available) <= 0) {
                    return ZonedDateTime.of(day, s, zone).plus(remaining).toInstant();
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalStateException("no working time within " + MAX_DAYS + " days of " + start);
    }

    @Override
    public Duration workingTimeBetween(Instant a, Instant b) {
        if (!b.isAfter(a)) {
            return Duration.ZERO;
        }
        LocalDate first = a.atZone(zone).toLocalDate();
        LocalDate last = b.atZone(zone).toLocalDate();
        Duration total = Duration.ZERO;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (Period p : periods) {
                Instant ps = ZonedDateTime.of(day, p.start(), zone).toInstant();
                Instant pe = ZonedDateTime.of(day, p.end(), zone).toInstant();
                Instant s = ps.isAfter(a) ? ps : a;
                Instant e = pe.isBefore(b) ? pe : b;
                if (e.isAfter(s)) {
                    total = total.plus(Duration.between(s, e));
                }
            }
        }
        return total;
    }

    @Override
    public Instant endOfWorkingDay(Instant t, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative number of working days: " + n);
        }
        LocalDate day = t.atZone(zone).toLocalDate();
        int seen = 0;
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            if (i == 0 && n > 0) {
                continue; // the day of t itself is day zero
            }
            if (seen == (n == 0 ? 0 : n - 1)) {
                return ZonedDateTime.of(day, periods.get(periods.size() - 1).end(), zone)
                        .toInstant();
            }
            seen++;
        }
        throw new IllegalStateException("no working day within " + MAX_DAYS + " days of " + t);
    }
}
