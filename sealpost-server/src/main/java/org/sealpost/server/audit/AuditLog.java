package org.sealpost.server.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.core.audit.AuditChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes and reads the audit log ({@code audit_event}), an SM3 hash chain with signed checkpoints
 * (SECURITY.md L03, {@link AuditChain}).
 *
 * <p>Audit cannot be interrupted (L04): inside a transaction, {@link #record} joins it and the
 * entries are appended to the chain just before it commits, so a failed audit write rolls the
 * business action back and an action that rolls back leaves no entry. The chain head is locked
 * only from that moment to the commit, which keeps appends from concurrent transactions short.
 * Outside a transaction, or in a read-only one (nothing to roll back, and it could not insert),
 * each entry is appended in a transaction of its own.
 *
 * <p>Reading is for auditors only (C05); callers authorise before calling {@link #recent} or
 * {@link #search}.
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AuditChainWriter writer;
    private final AuditCheckpoints checkpoints;
    private final AuditForwarding forwarding;
    private final TransactionTemplate ownTransaction;

    AuditLog(
            JdbcTemplate jdbc,
            Clock clock,
            AuditChainWriter writer,
            AuditCheckpoints checkpoints,
            AuditForwarding forwarding,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.writer = writer;
        this.checkpoints = checkpoints;
        this.forwarding = forwarding;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Request attribute set once an entry recorded while serving the request is committed. */
    private static final String RECORDED = AuditLog.class.getName() + ".recorded";

    /** Whether an audit entry recorded while serving {@code request} was committed (L01: one row per action). */
    public static boolean recordedInRequest(jakarta.servlet.ServletRequest request) {
        return request.getAttribute(RECORDED) != null;
    }

    /** The client address of the request being served, when the caller did not name one (L02). */
    private static String requestIp() {
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes servlet) {
            return servlet.getRequest().getRemoteAddr();
        }
        return "-";
    }

    private static void markRequest() {
        org.springframework.web.context.request.RequestAttributes request =
                org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(
                    RECORDED, Boolean.TRUE, org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        }
    }

    public void record(AuditEntry entry) {
        AuditChain.Event event = new AuditChain.Event(
                clock.instant(),
                clip(entry.actor(), 64),
                clip(entry.unitCode(), 40),
                clip(entry.eventType(), 60),
                entry.success(),
                clip("-".equals(entry.ip()) ? requestIp() : entry.ip(), 64),
                clip(entry.objectRef(), 200),
                entry.detail() == null ? null : clip(entry.detail(), 2000));
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            pendingInThisTransaction().events.add(event);
        } else {
            // no transaction, or a read-only one that cannot insert: the entry commits on its own
            AuditChainWriter.Head head = ownTransaction.execute(s -> writer.append(List.of(event)));
            markRequest();
            checkpointIfDue(head);
            forwarding.wake();
        }
    }

    private Pending pendingInThisTransaction() {
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof Pending pending) {
                return pending;
            }
        }
        Pending pending = new Pending();
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending;
    }

    /** The entries recorded in one transaction, appended to the chain just before it commits. */
    private final class Pending implements TransactionSynchronization {
        final List<AuditChain.Event> events = new ArrayList<>();
        AuditChainWriter.Head head;

        @Override
        public void beforeCommit(boolean readOnly) {
            // an exception here rolls the whole transaction back: no business change without its audit
            head = writer.append(events);
        }

        @Override
        public void afterCommit() {
            markRequest();
            checkpointIfDue(head);
            // hands off to the forwarder's thread: never blocks or fails the committed action
            forwarding.wake();
        }

        @Override
        public int getOrder() {
            // after the other synchronizations' beforeCommit work, so nothing is recorded after the append
            return LOWEST_PRECEDENCE;
        }
    }

    private void checkpointIfDue(AuditChainWriter.Head head) {
        if (head != null && checkpoints.dueByCount(head)) {
            try {
                checkpoints.checkpointIfDue();
            } catch (RuntimeException e) {
                // the action is committed with its audit; the next append or the schedule signs the checkpoint
                log.warn("audit checkpoint not signed now: {}", e.toString());
            }
        }
    }

    /** The newest events first. */
    public List<AuditRecord> recent(int limit) {
        return search(new AuditQuery(null, null, null, null, null, null), 0, limit)
                .events();
    }

    /**
     * Events matching {@code query}, newest first, one page of {@code size}. Filters are ANDed; a
     * null filter matches everything.
     */
    public AuditPage search(AuditQuery query, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.from() != null) {
            where.append(" AND occurred_at >= ?");
            args.add(OffsetDateTime.ofInstant(query.from(), clock.getZone()));
        }
        if (query.to() != null) {
            where.append(" AND occurred_at < ?");
            args.add(OffsetDateTime.ofInstant(query.to(), clock.getZone()));
        }
        if (query.actor() != null) {
            where.append(" AND actor = ?");
            args.add(query.actor());
        }
        if (query.unitCode() != null) {
            where.append(" AND unit_code = ?");
            args.add(query.unitCode());
        }
        if (query.eventType() != null) {
            where.append(" AND event_type = ?");
            args.add(query.eventType());
        }
        if (query.success() != null) {
            where.append(" AND success = ?");
            args.add(query.success());
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM audit_event" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<AuditRecord> events = jdbc.query(
                "SELECT seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail"
                        + " FROM audit_event" + where + " ORDER BY seq DESC LIMIT ? OFFSET ?",
                (rs, n) -> new AuditRecord(
                        rs.getLong("seq"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        new AuditEntry(
                                rs.getString("actor"),
                                rs.getString("unit_code"),
                                rs.getString("event_type"),
                                rs.getBoolean("success"),
                                rs.getString("ip"),
                                rs.getString("object_ref"),
                                rs.getString("detail"))),
                pageArgs.toArray());
        return new AuditPage(events, page, size, total);
    }

    /** Control characters are encoded so that a stored value cannot forge a log line. */
    private static String clip(String value, int max) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.length() <= max ? out.toString() : out.substring(0, max);
    }

    /** One stored event; {@code seq} is its position in the chain. */
    public record AuditRecord(long seq, OffsetDateTime occurredAt, AuditEntry entry) {}

    /** Search filters; null means any. {@code to} is exclusive. */
    public record AuditQuery(
            Instant from, Instant to, String actor, String unitCode, String eventType, Boolean success) {
        public AuditQuery {
            actor = blankToNull(actor);
            unitCode = blankToNull(unitCode);
            eventType = blankToNull(eventType);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    public record AuditPage(List<AuditRecord> events, int page, int size, long total) {
        public int pages() {
            return (int) ((total + size - 1) / size);
        }

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }
}
