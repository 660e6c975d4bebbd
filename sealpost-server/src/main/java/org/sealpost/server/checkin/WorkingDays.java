package org.sealpost.server.checkin;

import java.time.LocalDate;

/**
 * Which days are working days, for check-in reminders: the working-day calendar (module {@code
 * calendar}, with holidays and 调休 working weekends) behind a narrow interface.
 */
@FunctionalInterface
public interface WorkingDays {

    boolean isWorkingDay(LocalDate day);
}
