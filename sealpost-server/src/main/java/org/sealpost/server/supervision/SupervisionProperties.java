package org.sealpost.server.supervision;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sealpost.supervision.*} (the deadlines are {@code sealpost.supervision.deadline.*}, bound
 * by the calendar).
 *
 * @param checkInsPerHalfDay 公告 三 / 第十五条: times a unit must open the system each morning and
 *     each afternoon of a working day (default 2)
 * @param praiseMinCompliance a unit is praised only with at least this share of compliant half-days
 *     (default 0.95), besides no overdue delivery, a current roster and no seal incident
 * @param criticiseBelowCompliance a unit below this share of compliant half-days is criticised
 *     (default 0.8)
 */
@ConfigurationProperties("sealpost.supervision")
public record SupervisionProperties(
        @DefaultValue("2") int checkInsPerHalfDay,
        @DefaultValue("0.95") double praiseMinCompliance,
        @DefaultValue("0.8") double criticiseBelowCompliance) {}
