package org.sealpost.server.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory token buckets keyed by a string (address, username, token digest). A bucket holds
 * {@code permits} and refills at {@code permits / period}; time comes from the injected clock.
 */
final class RateLimiter {

    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one permit; empty when allowed, otherwise how long until one is free. */
    Optional<Duration> acquire(String key, int permits, Duration period) {
        if (permits <= 0) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (calls.incrementAndGet() % 4096 == 0) {
            long idle = period.toMillis();
            buckets.entrySet().removeIf(e -> now - e.getValue().last > idle);
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(permits, now)).take(permits, period.toMillis(), now);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int permits, long now) {
            this.tokens = permits;
            this.last = now;
        }

        synchronized Optional<Duration> take(int permits, long periodMillis, long now) {
            double perMilli = (double) permits / Math.max(1, periodMillis);
            tokens = Math.min(permits, tokens + Math.max(0, now - last) * perMilli);
            last = Math.max(last, now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            long waitMillis = (long) Math.ceil((1 - tokens) / perMilli);
            return Optional.of(Duration.ofMillis(waitMillis));
        }
    }
}
