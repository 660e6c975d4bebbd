package org.sealpost.server.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The working-day calendar every timeliness figure is measured on (第二十八条): Monday to Friday
 * are working days unless a holiday says otherwise, weekend days listed as make-up working days
 * (调休) are working days, and only the configured working hours (default 08:30–12:00 and
 * 13:30–17:30, Asia/Shanghai) count.
 */
public interface WorkingCalendar {

    /**
     * The instant at which {@code amount} of working time has passed since {@code start}. Time
     * outside working hours does not count: one working hour from 16:50 on the Friday before a
     * holiday ends 20 minutes into the first working morning after it. An amount that ends exactly
     * at the end of a working period ends there (17:30), not at the next period's start.
     *
     * @throws IllegalArgumentException for a negative amount
     */
    Instant addWorkingTime(Instant start, Duration amount);

    /** The working time inside {@code [a, b)}; zero when {@code b} is not after {@code a}. */
    Duration workingTimeBetween(Instant a, Instant b);

    boolean isWorkingDay(LocalDate day);

    /**
     * The end of working hours on the {@code n}-th working day after the day of {@code t} (n = 0:
     * the day of {@code t} itself if it is a working day, else the next one).
     */
    Instant endOfWorkingDay(Instant t, int n);
}
