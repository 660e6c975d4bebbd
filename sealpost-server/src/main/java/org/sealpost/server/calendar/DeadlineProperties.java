package org.sealpost.server.calendar;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sealpost.supervision.deadline.*}: how long a unit has to sign for a delivery, in working
 * time (第二十八条).
 *
 * @param extraUrgent 特急: working time after delivery (default 30 minutes)
 * @param urgent 急件: working time after delivery (default 1 hour)
 * @param normalWorkingDays 平件: due at the end of this many working days after the day of
 *     delivery (default 1: the end of the next working day)
 */
@ConfigurationProperties("sealpost.supervision.deadline")
public record DeadlineProperties(
        @DefaultValue("30m") Duration extraUrgent,
        @DefaultValue("1h") Duration urgent,
        @DefaultValue("1") int normalWorkingDays) {

    public DeadlineProperties {
        if (extraUrgent.isNegative() || extraUrgent.isZero() || urgent.isNegative() || urgent.isZero()) {
            throw new IllegalArgumentException("sealpost.supervision.deadline.* must be positive");
        }
        if (normalWorkingDays < 0) {
            throw new IllegalArgumentException("sealpost.supervision.deadline.normal-working-days must be >= 0");
        }
    }
}
