package org.sealpost.server.checkin;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sealpost.checkin.*}.
 *
 * @param reminderTimes local times (in {@code zone}) at which units without a check-in in that
 *     half-day are reminded (default 10:00, 15:00); a time before noon checks the morning, one
 *     after noon the afternoon
 * @param zone the zone of the reminder times and of the half-days (default Asia/Shanghai)
 * @param minInterval one person's repeated opens within this interval count as one check-in
 *     (default 10m), which keeps the table small without hiding a second visit
 * @param remindersEnabled false turns the reminder job off (default true)
 */
@ConfigurationProperties("sealpost.checkin")
public record CheckInProperties(
        @DefaultValue({"10:00", "15:00"}) List<LocalTime> reminderTimes,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("10m") Duration minInterval,
        @DefaultValue("true") boolean remindersEnabled) {

    public CheckInProperties {
        reminderTimes = reminderTimes.stream().sorted().distinct().toList();
    }
}
