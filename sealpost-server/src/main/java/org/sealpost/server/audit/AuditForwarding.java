package org.sealpost.server.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forwards every audit entry to a separate system over syslog (SECURITY.md L05): RFC 5424 messages
 * ({@link SyslogMessages}) over TCP with octet-counting framing (RFC 6587), or over UDP.
 *
 * <p>Forwarding never touches the business action: {@link AuditLog} only wakes this forwarder
 * after a commit (a non-blocking hand-off to one worker thread), and the worker reads committed
 * entries from {@code audit_event}. The outbox is the audit table itself plus a cursor, {@code
 * audit_forward_cursor.last_seq}: a round locks the cursor row (so nodes take turns), sends the
 * entries after it in seq order and moves the cursor only after the whole batch was written and
 * flushed. Seq order is commit order (appends hold the chain head lock until commit), so no
 * entry can appear behind the cursor. While the receiver is down nothing moves; after an outage or
 * a restart forwarding resumes at the cursor.
 *
 * <p>Before each batch the TCP connection is checked (a receiver that closed it is noticed before
 * anything is written into a dead socket); a batch that fails part-way is sent again whole, so an
 * entry is never lost, and a receiver that crashed mid-batch may see the tail of that batch twice:
 * every message carries its {@code seq} for it to recognise. UDP is best effort (no delivery
 * report exists to hold the cursor back).
 */
@Component
class AuditForwarding implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditForwarding.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AuditProperties.Syslog props;
    private final TransactionTemplate round;
    private final String hostname;
    private final ExecutorService worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    private Transport transport;
    private String lastProblem;

    AuditForwarding(JdbcTemplate jdbc, Clock clock, AuditProperties props, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props.syslog();
        this.round = new TransactionTemplate(transactions);
        this.round.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.hostname = this.props.hostname() != null ? this.props.hostname() : localHostname();
        this.worker = this.props.enabled()
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "audit-syslog");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    /** Asks the worker to forward what is pending; returns at once (called after each commit). */
    void wake() {
        if (worker != null && !worker.isShutdown() && queued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    queued.set(false);
                    forwardPending();
                });
            } catch (RuntimeException e) {
                queued.set(false);
            }
        }
    }

    @Scheduled(
            initialDelayString = "${sealpost.audit.syslog.interval:PT10S}",
            fixedDelayString = "${sealpost.audit.syslog.interval:PT10S}")
    void onSchedule() {
        wake();
    }

    /**
     * Forwards every committed entry after the cursor, batch by batch, until none is left or the
     * receiver cannot be reached; returns how many were sent. Never throws.
     */
    synchronized int forwardPending() {
        if (!props.enabled()) {
            return 0;
        }
        int sent = 0;
        try {
            int n;
            do {
                n = forwardBatch();
                sent += n;
            } while (n == props.batchSize());
            if (lastProblem != null) {
                log.info("audit forwarding to {}:{} resumed", props.host(), props.port());
                lastProblem = null;
            }
        } catch (RuntimeException e) {
            closeTransport();
            String problem =
                    e instanceof UncheckedIOException io ? io.getCause().toString() : e.toString();
            if (!problem.equals(lastProblem)) {
                log.warn(
                        "audit forwarding to {}:{} {} paused ({}); entries wait in the audit log and are sent"
                                + " when it answers",
                        props.host(),
                        props.port(),
                        props.protocol(),
                        problem);
                lastProblem = problem;
            }
        }
        return sent;
    }

    /** The last seq the receiver accepted. */
    long forwardedUpTo() {
        return jdbc.queryForObject("SELECT last_seq FROM audit_forward_cursor WHERE id = 1", Long.class);
    }

    private int forwardBatch() {
        Integer n = round.execute(s -> {
            long last = jdbc.queryForObject(
                    "SELECT last_seq FROM audit_forward_cursor WHERE id = 1 FOR UPDATE", Long.class);
            List<SyslogMessages.Row> rows = jdbc.query(
                    "SELECT seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail, hash"
                            + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?",
                    (rs, i) -> new SyslogMessages.Row(
                            rs.getLong("seq"),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            rs.getString("actor"),
                            rs.getString("unit_code"),
                            rs.getString("event_type"),
                            rs.getBoolean("success"),
                            rs.getString("ip"),
                            rs.getString("object_ref"),
                            rs.getString("detail"),
                            rs.getBytes("hash")),
                    last,
                    props.batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            List<byte[]> messages = rows.stream()
                    .map(r -> SyslogMessages.format(r, props.facility(), hostname))
                    .toList();
            try {
                transport().send(messages);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jdbc.update(
                    "UPDATE audit_forward_cursor SET last_seq = ?, forwarded_at = ? WHERE id = 1",
                    rows.get(rows.size() - 1).seq(),
                    OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    private Transport transport() {
        if (transport == null) {
            transport = props.protocol() == AuditProperties.Syslog.Protocol.UDP ? new Udp() : new Tcp();
        }
        return transport;
    }

    private void closeTransport() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    @Override
    public void destroy() {
        if (worker != null) {
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closeTransport();
        }
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }

    private interface Transport {
        void send(List<byte[]> messages) throws IOException;

        void close();
    }

    /** One TCP connection, reopened when the receiver closed it; octet-counted frames. */
    private final class Tcp implements Transport {
        private Socket socket;
        private OutputStream out;

        @Override
        public void send(List<byte[]> messages) throws IOException {
            if (socket != null && !alive()) {
                close();
            }
            if (socket == null) {
                int timeout = (int) props.timeout().toMillis();
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(props.host(), props.port()), timeout);
                    s.setSoTimeout(timeout);
                    s.setKeepAlive(true);
                    s.setTcpNoDelay(true);
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
                socket = s;
                out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            }
            for (byte[] m : messages) {
                out.write(SyslogMessages.octetCounted(m));
            }
            out.flush();
        }

        /** A receiver never writes to us: end of stream means it closed the connection. */
        private boolean alive() {
            try {
                InputStream in = socket.getInputStream();
                int timeout = socket.getSoTimeout();
                socket.setSoTimeout(1);
                try {
                    return in.read() != -1;
                } catch (SocketTimeoutException quiet) {
                    return true;
                } finally {
                    socket.setSoTimeout(timeout);
                }
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already gone
                }
                socket = null;
                out = null;
            }
        }
    }

    /** One datagram per message (RFC 5426). */
    private final class Udp implements Transport {
        private DatagramSocket socket;

        @Override
        public void send(List<byte[]> messages) throws IOException {
            if (socket == null) {
                socket = new DatagramSocket();
                socket.connect(new InetSocketAddress(props.host(), props.port()));
            }
            for (byte[] m : messages) {
                socket.send(new DatagramPacket(m, m.length));
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }
}
