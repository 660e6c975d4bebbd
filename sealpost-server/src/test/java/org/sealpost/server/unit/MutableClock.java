package org.sealpost.server.unit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock tests set and advance. */
final class MutableClock extends Clock {

    static final Instant START = Instant.parse("2026-11-27T02:00:00Z");

    private volatile Instant now = START;
    private final ZoneId zone = ZoneId.of("Asia/Shanghai");

    void reset() {
        now = START;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
