package org.sealpost.server.checkin;

import java.time.LocalDate;

/**
 * Published (through the event publication registry) when a unit has not checked in during a
 * half-day by a reminder time on a working day; at most once per unit and half-day.
 */
public record CheckInReminderDue(String unitCode, LocalDate day, HalfDay halfDay, String reminderTime) {

    /** Stable identity across redeliveries. */
    public String key() {
        return "checkin-reminder:" + unitCode + ":" + day + ":" + halfDay;
    }
}
