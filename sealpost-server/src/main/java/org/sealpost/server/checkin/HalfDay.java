package org.sealpost.server.checkin;

import java.time.LocalTime;

/** Morning (00:00–12:00) or afternoon (12:00–24:00), in the configured zone (China time). */
public enum HalfDay {
    AM,
    PM;

    static final LocalTime NOON = LocalTime.NOON;

    public static HalfDay of(LocalTime time) {
        return time.isBefore(NOON) ? AM : PM;
    }

    public LocalTime start() {
        return this == AM ? LocalTime.MIDNIGHT : NOON;
    }
}
