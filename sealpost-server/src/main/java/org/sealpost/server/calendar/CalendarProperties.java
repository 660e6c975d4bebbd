package org.sealpost.server.calendar;

import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sealpost.calendar.*}: the working day. Holidays and make-up days are data (the calendar
 * page, table {@code calendar_day}), not configuration.
 *
 * @param zone the zone working hours are read in (default Asia/Shanghai)
 * @param workingHours the working periods of a working day as {@code HH:mm-HH:mm} (default
 *     08:30-12:00 and 13:30-17:30); the end of the first period splits a day into morning and
 *     afternoon for check-in compliance
 */
@ConfigurationProperties("sealpost.calendar")
public record CalendarProperties(
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue({"08:30-12:00", "13:30-17:30"}) List<String> workingHours) {

    public List<WorkingTime.Period> periods() {
        return workingHours.stream().map(WorkingTime.Period::parse).toList();
    }
}
