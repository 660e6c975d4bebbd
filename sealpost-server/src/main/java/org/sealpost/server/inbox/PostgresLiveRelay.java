package org.sealpost.server.inbox;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Live updates between nodes over PostgreSQL LISTEN/NOTIFY (DESIGN.md "Beyond one machine"), on
 * when {@code sealpost.live.transport} is {@code postgres}, or {@code auto} (the default) and the
 * datasource is PostgreSQL. On H2 or with {@code local} it stays idle and {@link LiveUpdates}
 * reaches this node's streams only.
 *
 * <p><b>Sending.</b> {@link LiveUpdates#publish} delivers to the local streams and hands the event
 * here; a sender thread drains what has queued, encodes it as {@link LiveNotification} payloads
 * (node id, event, ids — never a title — and unit codes, split below the 8000-byte limit) and sends
 * them all with one {@code SELECT pg_notify(...)} on a pooled connection in auto-commit. Events are
 * published after the business transaction committed ({@link LiveUpdateListeners} listen
 * AFTER_COMMIT), not with NOTIFY inside it, by choice: a rolled-back change never reaches the
 * listeners, so it sends nothing either way, and a live update is a hint — the page re-fetches
 * through its authorised routes and shows the change on its next load regardless — so the
 * business transaction must not depend on it. A NOTIFY inside the transaction would make the send
 * fail when the notification queue is full, would take PostgreSQL's database-wide notify lock in
 * every committing send (serialising them across all nodes), and would hold the request until
 * then. The price: a node that dies in the milliseconds between its commit and the NOTIFY loses
 * that hint, and so does a NOTIFY that fails (logged); with a full queue (10,000 events) new
 * events are dropped for the other nodes and counted.
 *
 * <p><b>Receiving.</b> One dedicated connection per node, opened with the datasource's URL and
 * credentials outside the pool (application name {@code sealpost-live <node>}), runs {@code
 * LISTEN sealpost_live} and waits in {@link PGConnection#getNotifications(int)}; each notification
 * from another node goes to {@link LiveUpdates#deliver}, its own are skipped (delivered locally
 * already), so every stream sees each event once. A connection that fails (killed backend,
 * restart, network) is closed and reopened with back-off (0.5 s doubling to 30 s, with jitter) and
 * LISTENs again; an idle one is checked every 30 s. Whatever was notified while it was down is
 * lost, so after a reconnect every local stream gets {@code inbox-changed} and {@code
 * delivery-changed} of kind {@code resync} and its page re-fetches.
 */
@Component
class PostgresLiveRelay implements SmartLifecycle, LiveUpdates.Relay {

    static final String CHANNEL = "sealpost_live";

    private static final Logger log = LoggerFactory.getLogger(PostgresLiveRelay.class);
    private static final int QUEUE = 10_000;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration IDLE_CHECK = Duration.ofSeconds(30);
    private static final int POLL_MILLIS = 500;

    private record Outgoing(String event, String data, List<String> units) {}

    private final LiveUpdates live;
    private final LiveProperties properties;
    private final DataSource dataSource;
    private final ObjectProvider<JdbcConnectionDetails> connectionDetails;
    private final SecureRandom random;
    private final Clock clock;
    private final BlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong listens = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    private volatile boolean running;
    private volatile boolean active;
    private volatile boolean listening;
    private String node;
    private Thread sender;
    private Thread listener;

    PostgresLiveRelay(
            LiveUpdates live,
            LiveProperties properties,
            DataSource dataSource,
            ObjectProvider<JdbcConnectionDetails> connectionDetails,
            SecureRandom random,
            Clock clock) {
        this.live = live;
        this.properties = properties;
        this.dataSource = dataSource;
        this.connectionDetails = connectionDetails;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!relaysThroughPostgres()) {
            log.info("live updates: this node's streams only (sealpost.live.transport={})", properties.transport());
            return;
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        node = HexFormat.of().formatHex(id);
        active = true;
        sender = daemon("live-notify", this::sendLoop);
        listener = daemon("live-listen", this::listenLoop);
        live.relayThrough(this);
        log.info("live updates: relayed between nodes over PostgreSQL LISTEN/NOTIFY {} (node {})", CHANNEL, node);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private boolean relaysThroughPostgres() {
        LiveProperties.Transport transport = properties.transport();
        if (transport == LiveProperties.Transport.LOCAL) {
            return false;
        }
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("live updates: cannot tell which database this is", e);
        }
        boolean postgres = "PostgreSQL".equalsIgnoreCase(product);
        if (transport == LiveProperties.Transport.POSTGRES && !postgres) {
            throw new IllegalStateException("sealpost.live.transport=postgres needs a PostgreSQL datasource, not "
                    + product + " (use auto or local)");
        }
        return postgres;
    }

    @Override
    public void relay(String event, String data, List<String> unitCodes) {
        if (!active) {
            return;
        }
        if (!LiveNotification.sendable(event, data)) {
            log.warn("live update {} not relayed to other nodes: its data is not of the expected shape", event);
            return;
        }
        if (!outgoing.offer(new Outgoing(event, data, unitCodes))) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.warn("live updates: notification queue full, {} event(s) not relayed to other nodes", n);
            }
        }
    }

    private void sendLoop() {
        List<Outgoing> batch = new ArrayList<>();
        while (active) {
            try {
                batch.add(outgoing.take());
            } catch (InterruptedException e) {
                break;
            }
            outgoing.drainTo(batch, 999);
            send(batch);
            batch.clear();
        }
    }

    private void send(List<Outgoing> batch) {
        // events with the same name and data (one broadcast published unit by unit) share payloads
        Map<List<String>, List<String>> units = new LinkedHashMap<>();
        for (Outgoing o : batch) {
            units.computeIfAbsent(List.of(o.event(), o.data()), k -> new ArrayList<>())
                    .addAll(o.units());
        }
        List<String> payloads = new ArrayList<>();
        units.forEach((k, u) -> payloads.addAll(LiveNotification.encode(
                node, k.get(0), k.get(1), u.stream().distinct().toList())));
        if (payloads.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement notify =
                        c.prepareStatement("SELECT count(pg_notify(?, p)) FROM unnest(?::text[]) AS p")) {
            Array array = c.createArrayOf("text", payloads.toArray());
            notify.setString(1, CHANNEL);
            notify.setArray(2, array);
            notify.executeQuery().close();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            log.warn("live updates: {} notification(s) for other nodes not sent: {}", payloads.size(), e.toString());
        }
    }

    private void listenLoop() {
        Duration backoff = FIRST_BACKOFF;
        while (active) {
            try (Connection c = connect()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                boolean reconnected = listens.getAndIncrement() > 0;
                listening = true;
                backoff = FIRST_BACKOFF;
                if (reconnected) {
                    log.info("live updates: listening again on {} (node {})", CHANNEL, node);
                    resync();
                }
                receive(c.unwrap(PGConnection.class), c);
            } catch (SQLException | RuntimeException e) {
                if (!active) {
                    break;
                }
                listening = false;
                log.warn("live updates: listener connection lost ({}); reconnecting in {} ms", e, backoff.toMillis());
                if (!pause(jitter(backoff))) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                listening = false;
            }
        }
    }

    private void receive(PGConnection pg, Connection c) throws SQLException {
        long lastSeen = System.nanoTime();
        while (active) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                lastSeen = System.nanoTime();
                for (PGNotification n : notifications) {
                    handle(n);
                }
            } else if (System.nanoTime() - lastSeen > IDLE_CHECK.toNanos()) {
                // a silently dropped connection only shows when something is sent on it
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastSeen = System.nanoTime();
            }
        }
    }

    private void handle(PGNotification n) {
        if (!CHANNEL.equals(n.getName())) {
            return;
        }
        LiveNotification.decode(n.getParameter())
                .ifPresentOrElse(
                        m -> {
                            if (!m.node().equals(node)) {
                                received.incrementAndGet();
                                live.deliver(m.units(), m.event(), m.data());
                            }
                        },
                        () -> log.warn(
                                "live updates: ignored a notification on {} that is not of the expected form",
                                CHANNEL));
    }

    /** Pages on this node may have missed events while the listener was away: let them re-fetch. */
    private void resync() {
        String data = LiveUpdates.data("resync", null, null, null, clock.instant());
        live.deliverToAll(LiveUpdates.INBOX_CHANGED, data);
        live.deliverToAll(LiveUpdates.DELIVERY_CHANGED, data);
    }

    private Connection connect() throws SQLException {
        JdbcConnectionDetails details = connectionDetails.getIfAvailable();
        if (details == null) {
            throw new IllegalStateException("no JDBC connection details for the live-update listener");
        }
        Properties p = new Properties();
        if (details.getUsername() != null) {
            p.setProperty("user", details.getUsername());
        }
        if (details.getPassword() != null) {
            p.setProperty("password", details.getPassword());
        }
        p.setProperty("ApplicationName", "sealpost-live " + node);
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectTimeout", "10");
        Connection c = DriverManager.getConnection(details.getJdbcUrl(), p);
        c.setAutoCommit(true);
        return c;
    }

    private Duration jitter(Duration d) {
        long ms = d.toMillis();
        return Duration.ofMillis(ms - ms / 4 + (long) (random.nextDouble() * (ms / 2.0)));
    }

    private boolean pause(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the listener connection is up and LISTENing (tests, health). */
    boolean listening() {
        return listening;
    }

    /** Whether events travel between nodes at all (PostgreSQL transport). */
    boolean active() {
        return active;
    }

    /** How many times the listener has LISTENed: 1 after start, +1 after each reconnect. */
    long listens() {
        return listens.get();
    }

    /** Events from other nodes handed to this node's streams. */
    long received() {
        return received.get();
    }

    /** This node's id in the payloads (random per start). */
    String node() {
        return node;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (!active) {
            return;
        }
        active = false;
        live.relayThrough(null);
        // the listener notices within one poll (0.5 s) and closes its connection itself
        sender.interrupt();
        listener.interrupt();
        join(sender);
        join(listener);
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
