package org.sealpost.server.supervision;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Whole months, first to last inclusive, in China time. At most {@link #MAX_MONTHS}. */
public record Period(YearMonth first, YearMonth last) {

    public static final int MAX_MONTHS = 36;

    public Period {
        if (first == null || last == null) {
            throw SupervisionRefused.invalid("period", "both months are required");
        }
        if (last.isBefore(first)) {
            throw SupervisionRefused.invalid("period", "the last month is before the first");
        }
        if (first.plusMonths(MAX_MONTHS).isBefore(last.plusMonths(1))) {
            throw SupervisionRefused.invalid("period", "at most " + MAX_MONTHS + " months");
        }
    }

    public static Period month(YearMonth month) {
        return new Period(month, month);
    }

    Instant start(ZoneId zone) {
        return first.atDay(1).atStartOfDay(zone).toInstant();
    }

    Instant end(ZoneId zone) {
        return last.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }
}
