package org.sealpost.server.identity.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Dates as the regulator reads them: China Standard Time. */
final class Dates {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZONE);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

    private Dates() {}

    static String day(Instant instant) {
        return instant == null ? "-" : DAY.format(instant);
    }

    static String minute(Instant instant) {
        return instant == null ? "-" : MINUTE.format(instant);
    }
}
