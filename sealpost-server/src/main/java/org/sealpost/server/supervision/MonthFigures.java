package org.sealpost.server.supervision;

import java.time.YearMonth;

/** One month of a trend: the figures of one unit, or of all units together. */
public record MonthFigures(
        YearMonth month,
        int delivered,
        int signed,
        Long averageMinutes,
        Long p90Minutes,
        int overdue,
        int returnsMade,
        double compliance) {}
