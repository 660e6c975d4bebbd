package org.sealpost.server.inbox.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Numbered print copies rendered for the browser, held in memory between the print request and
 * the operator's download (the page then asks for the result of that copy number): one download
 * each, for the person who printed it, within {@link #TTL}; then the bytes are zeroed. Bounded to
 * {@link #MAX} copies (oldest dropped). Per node, like the view cache.
 */
@Component
class IssuedCopies {

    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX = 64;

    private record Key(String username, long deliveryId, String copyNumber) {}

    private record Held(byte[] pdf, Instant at) {}

    private final Map<Key, Held> held = new LinkedHashMap<>();
    private final Clock clock;

    IssuedCopies(Clock clock) {
        this.clock = clock;
    }

    synchronized void put(String username, long deliveryId, String copyNumber, byte[] pdf) {
        Held previous = held.put(new Key(username, deliveryId, copyNumber), new Held(pdf, clock.instant()));
        if (previous != null) {
            Arrays.fill(previous.pdf(), (byte) 0);
        }
        Iterator<Held> it = held.values().iterator();
        while (held.size() > MAX && it.hasNext()) {
            Arrays.fill(it.next().pdf(), (byte) 0);
            it.remove();
        }
    }

    /** The copy, once: removed from memory (the caller zeroes it after writing). */
    synchronized Optional<byte[]> take(String username, long deliveryId, String copyNumber) {
        expire();
        Held h = held.remove(new Key(username, deliveryId, copyNumber));
        return Optional.ofNullable(h).map(Held::pdf);
    }

    synchronized boolean has(String username, long deliveryId, String copyNumber) {
        expire();
        return held.containsKey(new Key(username, deliveryId, copyNumber));
    }

    @Scheduled(fixedDelayString = "PT1M")
    synchronized void expire() {
        Instant oldest = clock.instant().minus(TTL);
        Iterator<Held> it = held.values().iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (h.at().isBefore(oldest)) {
                Arrays.fill(h.pdf(), (byte) 0);
                it.remove();
            }
        }
    }
}
