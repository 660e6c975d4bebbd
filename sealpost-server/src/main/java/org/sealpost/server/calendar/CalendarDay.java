package org.sealpost.server.calendar;

import java.time.Instant;
import java.time.LocalDate;

/** An exception to "Monday to Friday": a holiday on a weekday or a make-up working day (调休). */
public record CalendarDay(LocalDate day, Kind kind, String name, String changedBy, Instant changedAt) {

    public enum Kind {
        HOLIDAY,
        WORKDAY
    }
}
