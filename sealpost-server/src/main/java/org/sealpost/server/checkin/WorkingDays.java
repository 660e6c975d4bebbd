package org.sealpost.server.checkin;

import java.time.LocalDate;

/**
 * Which days are working days, for check-in reminders. The default bean counts Monday to Friday;
 * the working-day calendar (module {@code calendar}, holidays and 调休 working weekends) replaces it
 * when it is merged: a bean of this type that delegates to {@code WorkingCalendar.isWorkingDay}.
 */
@FunctionalInterface
public interface WorkingDays {

    boolean isWorkingDay(LocalDate day);
}
