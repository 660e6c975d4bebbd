package org.sealpost.server.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Decrypted documents opened for viewing, in memory only (SECURITY D01), keyed by delivery and
 * user: the operator types the unit PIN once when opening, and the page images of the next minutes
 * are rendered from here. Bounded by entry count and total bytes (least recently used go first)
 * and by age ({@code sealpost.delivery.view-ttl}, default 10 minutes, from the last use); every
 * evicted, expired or replaced entry is overwritten with zeros. Nothing is ever written to disk.
 * Per node: on another node behind a load balancer the operator types the PIN again.
 */
@Component
class ViewCache {

    private record Key(long deliveryId, String username) {}

    private static final class Entry {
        final List<PlainFile> files;
        final long bytes;
        Instant lastUse;

        Entry(List<PlainFile> files, Instant lastUse) {
            this.files = files;
            this.bytes = files.stream().mapToLong(PlainFile::size).sum();
            this.lastUse = lastUse;
        }

        void wipe() {
            files.forEach(PlainFile::wipe);
        }
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final long maxBytes;
    private long bytes;

    ViewCache(
            Clock clock,
            @Value("${sealpost.delivery.view-ttl:PT10M}") Duration ttl,
            @Value("${sealpost.delivery.view-cache-entries:64}") int maxEntries,
            @Value("${sealpost.delivery.view-cache-bytes:268435456}") long maxBytes) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Keeps the files (they belong to the cache from now on); a file larger than the whole cache is not kept. */
    synchronized void put(long deliveryId, String username, List<PlainFile> files) {
        Entry entry = new Entry(files, clock.instant());
        Entry previous = entries.remove(new Key(deliveryId, username));
        if (previous != null) {
            bytes -= previous.bytes;
            previous.wipe();
        }
        if (entry.bytes > maxBytes) {
            entry.wipe();
            return;
        }
        entries.put(new Key(deliveryId, username), entry);
        bytes += entry.bytes;
        evict();
    }

    /** The cached files, if opened within the TTL; the use extends the TTL. */
    synchronized Optional<List<PlainFile>> get(long deliveryId, String username) {
        expire();
        Entry entry = entries.get(new Key(deliveryId, username));
        if (entry == null) {
            return Optional.empty();
        }
        entry.lastUse = clock.instant();
        return Optional.of(entry.files);
    }

    /** Forgets (and wipes) every user's copy of a delivery: after a return, recall or void. */
    synchronized void forget(long deliveryId) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Entry> e = it.next();
            if (e.getKey().deliveryId() == deliveryId) {
                bytes -= e.getValue().bytes;
                e.getValue().wipe();
                it.remove();
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }

    @Scheduled(fixedDelayString = "${sealpost.delivery.view-sweep:PT30S}")
    synchronized void expire() {
        Instant oldest = clock.instant().minus(ttl);
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.lastUse.isBefore(oldest)) {
                bytes -= e.bytes;
                e.wipe();
                it.remove();
            }
        }
    }

    private void evict() {
        Iterator<Entry> it = entries.values().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Entry e = it.next();
            bytes -= e.bytes;
            e.wipe();
            it.remove();
        }
    }
}
