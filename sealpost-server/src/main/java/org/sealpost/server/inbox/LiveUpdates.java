package org.sealpost.server.inbox;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.sealpost.server.access.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The per-node hub of live-update streams (server-sent events): one {@link SseEmitter} per open
 * page, keyed by the caller's unit, so that an event for a unit reaches only that unit's streams.
 * Events carry ids and an urgency, never a title or other document content: the page fetches what
 * changed through its ordinary, authorised requests. At most {@code sealpost.live.max-per-user}
 * streams per person (the oldest is closed when a newer page opens one); a comment line every
 * {@code sealpost.live.heartbeat} (20 s) keeps proxies from closing idle streams and finds dead
 * ones; each stream ends after {@code sealpost.live.timeout} (30 min) and the browser reconnects
 * (its session is checked again then). Sending happens on one fan-out thread so that the
 * committing request never waits for slow clients.
 *
 * <p>Several nodes: {@link #publish} delivers to this node's streams at once and hands the event
 * to the relay, if one is attached ({@link PostgresLiveRelay} on PostgreSQL), which brings it to
 * the streams of every other node; a node never gets its own events back, so each stream sees an
 * event once.
 */
@Component
public class LiveUpdates implements SmartLifecycle {

    /** A new delivery, a returned/recalled/voided one or any change to the unit's inbox. */
    public static final String INBOX_CHANGED = "inbox-changed";

    /** A change to a delivery of one of the unit's own sent documents (tracking view). */
    public static final String DELIVERY_CHANGED = "delivery-changed";

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private record Stream(long id, String unitCode, String username, SseEmitter emitter) {}

    private final Map<String, Set<Stream>> byUnit = new ConcurrentHashMap<>();
    private final Map<String, Deque<Stream>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService fanOut = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "live-updates");
        t.setDaemon(true);
        return t;
    });
    private final Duration timeout;
    private final int maxPerUser;
    private volatile Relay relay;

    LiveUpdates(
            @Value("${sealpost.live.timeout:PT30M}") Duration timeout,
            @Value("${sealpost.live.max-per-user:6}") int maxPerUser) {
        this.timeout = timeout;
        this.maxPerUser = maxPerUser;
    }

    /** Opens a stream for the caller's unit; an older stream of the same person beyond the cap is closed. */
    public SseEmitter subscribe(SignedInUser user) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(ids.incrementAndGet(), user.unitCode(), user.username(), emitter);
        emitter.onCompletion(() -> remove(stream));
        emitter.onTimeout(() -> remove(stream));
        emitter.onError(e -> remove(stream));
        Stream evicted = null;
        synchronized (byUser) {
            Deque<Stream> mine = byUser.computeIfAbsent(user.username(), u -> new ArrayDeque<>());
            mine.addLast(stream);
            if (mine.size() > maxPerUser) {
                evicted = mine.removeFirst();
            }
        }
        byUnit.computeIfAbsent(user.unitCode(), u -> ConcurrentHashMap.newKeySet())
                .add(stream);
        if (evicted != null) {
            remove(evicted);
            evicted.emitter().complete();
        }
        try {
            // the browser's EventSource waits 5 s before reconnecting after a dropped stream
            emitter.send(SseEmitter.event().reconnectTime(5000).comment("connected"));
        } catch (IOException | IllegalStateException e) {
            remove(stream);
        }
        return emitter;
    }

    /**
     * Sends {@code event} with {@code data} (a small JSON object without document content) to every
     * open stream of {@code unitCode}, asynchronously, on this node and — when a relay is attached
     * (PostgreSQL LISTEN/NOTIFY, {@code sealpost.live.transport}) — on every other node.
     */
    public void publish(String unitCode, String event, String data) {
        if (unitCode == null) {
            return;
        }
        publish(List.of(unitCode), event, data);
    }

    /**
     * Sends {@code event} with {@code data} to every open stream of each of {@code unitCodes} (a
     * broadcast travels to the other nodes in as few notifications as the payload limit allows).
     * Call it after the change committed: a stream that re-fetches on the event must see it.
     */
    public void publish(Collection<String> unitCodes, String event, String data) {
        List<String> units =
                unitCodes.stream().filter(Objects::nonNull).distinct().toList();
        if (units.isEmpty()) {
            return;
        }
        deliver(units, event, data);
        Relay r = relay;
        if (r != null) {
            r.relay(event, data, units);
        }
    }

    /** Sends to this node's streams only (what arrived from another node, or when nothing relays). */
    void deliver(List<String> unitCodes, String event, String data) {
        try {
            fanOut.execute(() -> unitCodes.forEach(unit -> send(unit, event, data)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("live updates stopped: {} for {} units not sent", event, unitCodes.size());
        }
    }

    /**
     * Sends {@code event} to every open stream on this node, whatever its unit: after the node's
     * relay was cut off from the other nodes for a while, so that pages re-fetch what they may have
     * missed.
     */
    void deliverToAll(String event, String data) {
        deliver(List.copyOf(byUnit.keySet()), event, data);
    }

    /** Carries published events to the other nodes (see {@link PostgresLiveRelay}). */
    interface Relay {
        void relay(String event, String data, List<String> unitCodes);
    }

    /** Attaches the relay to other nodes (null: this node's streams only). */
    void relayThrough(Relay relay) {
        this.relay = relay;
    }

    /**
     * An event's data: {@code kind}, ids and urgency only (document ids are generated, never user
     * text), and {@code at}, when the change had committed (µs since the epoch; the latency benchmark
     * measures from it).
     */
    public static String data(String kind, String documentId, Long deliveryId, String urgency, Instant at) {
        StringBuilder b = new StringBuilder("{\"kind\":\"").append(safe(kind)).append('"');
        b.append(",\"documentId\":\"").append(safe(documentId)).append('"');
        if (deliveryId != null) {
            b.append(",\"deliveryId\":").append(deliveryId);
        }
        if (urgency != null) {
            b.append(",\"urgency\":\"").append(safe(urgency)).append('"');
        }
        b.append(",\"at\":").append(ChronoUnit.MICROS.between(Instant.EPOCH, at));
        return b.append('}').toString();
    }

    private static String safe(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9_.:-]", "");
    }

    /** Open streams on this node (all units). */
    public int openStreams() {
        return byUnit.values().stream().mapToInt(Set::size).sum();
    }

    /** Open streams of one unit on this node. */
    public int openStreams(String unitCode) {
        return byUnit.getOrDefault(unitCode, Set.of()).size();
    }

    private void send(String unitCode, String event, String data) {
        for (Stream s : List.copyOf(byUnit.getOrDefault(unitCode, Set.of()))) {
            try {
                s.emitter().send(SseEmitter.event().name(event).data(data, MediaType.TEXT_PLAIN));
            } catch (IOException | IllegalStateException e) {
                remove(s);
                s.emitter().completeWithError(e);
            }
        }
    }

    @Scheduled(fixedDelayString = "${sealpost.live.heartbeat:PT20S}")
    void heartbeat() {
        if (fanOut.isShutdown()) {
            return;
        }
        fanOut.execute(() -> {
            for (Set<Stream> streams : byUnit.values()) {
                for (Stream s : List.copyOf(streams)) {
                    try {
                        s.emitter().send(SseEmitter.event().comment("hb"));
                    } catch (IOException | IllegalStateException e) {
                        remove(s);
                        s.emitter().completeWithError(e);
                    }
                }
            }
        });
    }

    private void remove(Stream s) {
        Set<Stream> unit = byUnit.get(s.unitCode());
        if (unit != null) {
            unit.remove(s);
        }
        synchronized (byUser) {
            Deque<Stream> mine = byUser.get(s.username());
            if (mine != null) {
                mine.remove(s);
                if (mine.isEmpty()) {
                    byUser.remove(s.username());
                }
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream when the application stops, before the web server's graceful shutdown
     * (a higher phase stops first), which would otherwise wait its whole timeout for them.
     */
    @Override
    public void stop() {
        running = false;
        completeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @PreDestroy
    void close() {
        fanOut.shutdownNow();
        completeAll();
    }

    private void completeAll() {
        for (Set<Stream> streams : byUnit.values()) {
            for (Stream s : List.copyOf(streams)) {
                remove(s);
                try {
                    s.emitter().complete();
                } catch (RuntimeException e) {
                    log.debug("closing a live stream", e);
                }
            }
        }
    }
}
