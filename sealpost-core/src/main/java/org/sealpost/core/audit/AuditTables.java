package org.sealpost.core.audit;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.sealpost.core.audit.AuditChain.Checkpoint;
import org.sealpost.core.audit.AuditChain.Entry;
import org.sealpost.core.audit.AuditChain.Event;

/**
 * Reads the audit chain from the server's tables ({@code audit_event}, {@code audit_checkpoint},
 * {@code audit_chain_head}) over plain JDBC, so the server and the command line verify the same
 * way. Rows are read in keyset pages, never all at once.
 */
public final class AuditTables {

    public static final int PAGE_SIZE = 5_000;

    private AuditTables() {}

    /**
     * Verifies the whole chain in the database {@code connection} points at; when old entries were
     * purged after archiving (SECURITY.md L05, {@code audit_purge}), from the signed checkpoint the
     * purge stopped at.
     */
    public static AuditChain.Result verify(Connection connection, PublicKey checkpointKey) {
        return AuditChain.verifyFrom(
                purgedUpTo(connection), entries(connection), checkpoints(connection), checkpointKey, head(connection));
    }

    /** The seq up to which entries were archived and purged ({@code audit_purge}); 0 when none were. */
    public static long purgedUpTo(Connection connection) {
        try (PreparedStatement s = connection.prepareStatement("SELECT max(up_to_seq) FROM audit_purge");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new AuditReadException("cannot read audit_purge", e);
        }
    }

    /** The last seq the application appended, from {@code audit_chain_head}; empty when the table has no row. */
    public static OptionalLong head(Connection connection) {
        try (PreparedStatement s = connection.prepareStatement("SELECT seq FROM audit_chain_head WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            throw new AuditReadException("cannot read audit_chain_head", e);
        }
    }

    /** Every audit entry in (seq, id) order. */
    public static Iterator<Entry> entries(Connection connection) {
        return entries(connection, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The entries with {@code afterSeq < seq <= upToSeq}, in (seq, id) order. */
    public static Iterator<Entry> entries(Connection connection, long afterSeq, long upToSeq) {
        return new Pages<>() {
            private long lastSeq = afterSeq;
            private long lastId = Long.MIN_VALUE;

            @Override
            void fill(ArrayDeque<Entry> page) throws SQLException {
                try (PreparedStatement s = connection.prepareStatement(
                        "SELECT id, seq, occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail,"
                                + " prev_hash, hash FROM audit_event WHERE (seq > ? OR (seq = ? AND id > ?)) AND seq <= ?"
                                + " ORDER BY seq, id LIMIT " + PAGE_SIZE)) {
                    s.setLong(1, lastSeq);
                    s.setLong(2, lastSeq);
                    s.setLong(3, lastId);
                    s.setLong(4, upToSeq);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            lastId = rs.getLong("id");
                            lastSeq = rs.getLong("seq");
                            page.add(new Entry(
                                    lastSeq,
                                    new Event(
                                            rs.getObject("occurred_at", OffsetDateTime.class)
                                                    .toInstant(),
                                            rs.getString("actor"),
                                            rs.getString("unit_code"),
                                            rs.getString("event_type"),
                                            rs.getBoolean("success"),
                                            rs.getString("ip"),
                                            rs.getString("object_ref"),
                                            rs.getString("detail")),
                                    rs.getBytes("prev_hash"),
                                    rs.getBytes("hash")));
                        }
                    }
                }
            }
        };
    }

    /** Every checkpoint in seq order. */
    public static Iterator<Checkpoint> checkpoints(Connection connection) {
        return new Pages<>() {
            private long lastSeq = Long.MIN_VALUE;

            @Override
            void fill(ArrayDeque<Checkpoint> page) throws SQLException {
                try (PreparedStatement s = connection.prepareStatement(
                        "SELECT seq, hash, signed_at, signer, signature FROM audit_checkpoint WHERE seq > ?"
                                + " ORDER BY seq LIMIT " + PAGE_SIZE)) {
                    s.setLong(1, lastSeq);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            lastSeq = rs.getLong("seq");
                            page.add(new Checkpoint(
                                    lastSeq,
                                    rs.getBytes("hash"),
                                    rs.getObject("signed_at", OffsetDateTime.class)
                                            .toInstant(),
                                    rs.getString("signer"),
                                    rs.getBytes("signature")));
                        }
                    }
                }
            }
        };
    }

    /** The audit tables could not be read (missing, not a SealPost database, connection lost). */
    public static final class AuditReadException extends RuntimeException {
        AuditReadException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    private abstract static class Pages<T> implements Iterator<T> {
        private final ArrayDeque<T> page = new ArrayDeque<>();
        private boolean exhausted;

        abstract void fill(ArrayDeque<T> page) throws SQLException;

        @Override
        public boolean hasNext() {
            if (page.isEmpty() && !exhausted) {
                try {
                    fill(page);
                } catch (SQLException e) {
                    throw new AuditReadException("cannot read the audit log", e);
                }
                exhausted = page.size() < PAGE_SIZE;
            }
            return !page.isEmpty();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.poll();
        }
    }
}
