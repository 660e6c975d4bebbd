package org.sealpost.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The row half of both stores: {@code blob} rows, shredding marks, the transaction rules. */
abstract class AbstractBlobStore implements BlobStore {

    record Row(BlobRef ref, boolean shredded) {}

    protected final JdbcTemplate jdbc;
    protected final BlobCipher cipher;
    protected final Clock clock;

    AbstractBlobStore(JdbcTemplate jdbc, BlobCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a blob is attached inside the transaction of the row that refers to it");
        }
    }

    static void afterRollback(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    Optional<Row> row(String id) {
        return jdbc
                .query(
                        "SELECT id, size, sm3, shredded_at FROM blob WHERE id = ?",
                        (rs, n) -> new Row(
                                new BlobRef(rs.getString(1), rs.getLong(2), rs.getString(3)), rs.getObject(4) != null),
                        id)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<BlobRef> find(String id) {
        return row(id).map(Row::ref);
    }

    Row readable(String id) {
        Row row = row(id).orElseThrow(() -> new BlobException(BlobException.Reason.NOT_FOUND, "no blob " + id));
        if (row.shredded()) {
            throw new BlobException(BlobException.Reason.SHREDDED, "blob " + id + " was shredded");
        }
        return row;
    }

    @Override
    public InputStream open(String id) {
        Row row = readable(id);
        try {
            return cipher.open(
                    id, storedContent(id), row.ref().size(), row.ref().sm3());
        } catch (IOException e) {
            if (e.getCause() instanceof BlobException b) {
                throw b;
            }
            throw new UncheckedIOException(e);
        }
    }

    abstract InputStream storedContent(String id) throws IOException;

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Removes blob content without a row (a crash between staging and commit). Returns the count. */
    abstract int sweepOrphans();
}
