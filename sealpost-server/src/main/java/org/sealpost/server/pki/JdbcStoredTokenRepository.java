package org.sealpost.server.pki;

import java.util.List;
import java.util.Optional;
import org.sealpost.core.token.StoredTokenRecord;
import org.sealpost.core.token.StoredTokenRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code stored_token} rows. {@link #find} reads {@code FOR UPDATE}: inside a caller's transaction
 * (PIN change) parallel attempts queue up. An unlock runs outside any transaction: it reads the row,
 * releases the connection, derives the PIN key, and then counts the attempt in one short
 * transaction (an atomic {@code UPDATE} guarded by {@code locked = FALSE}, then the new count read
 * under the row lock that UPDATE holds), so parallel wrong PINs lock exactly at the limit.
 */
class JdbcStoredTokenRepository implements StoredTokenRepository {

    private final JdbcTemplate jdbc;

    private final TransactionTemplate tx;

    JdbcStoredTokenRepository(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public int recordWrongPin(String tokenId, int maxAttempts) {
        Integer count = tx.execute(status -> {
            int updated = jdbc.update(
                    "UPDATE stored_token SET failed_attempts = failed_attempts + 1,"
                            + " locked = CASE WHEN failed_attempts + 1 >= ? THEN TRUE ELSE FALSE END"
                            + " WHERE token_id = ? AND locked = FALSE",
                    maxAttempts,
                    tokenId);
            if (updated == 0) {
                return -1;
            }
            return jdbc.queryForObject(
                    "SELECT failed_attempts FROM stored_token WHERE token_id = ?", Integer.class, tokenId);
        });
        return count == null ? -1 : count;
    }

    @Override
    public boolean recordCorrectPin(String tokenId) {
        // one statement: clears the count only if the token did not lock meanwhile
        return jdbc.update("UPDATE stored_token SET failed_attempts = 0 WHERE token_id = ? AND locked = FALSE", tokenId)
                > 0;
    }

    @Override
    public Optional<StoredTokenRecord> find(String tokenId) {
        List<StoredTokenRecord> rows = jdbc.query(
                "SELECT token_id, label, signing_certificate, encryption_certificate, salt, iterations, sealed_keys,"
                        + " failed_attempts, locked FROM stored_token WHERE token_id = ? FOR UPDATE",
                (rs, n) -> new StoredTokenRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBytes(3),
                        rs.getBytes(4),
                        rs.getBytes(5),
                        rs.getInt(6),
                        rs.getBytes(7),
                        rs.getInt(8),
                        rs.getBoolean(9)),
                tokenId);
        return rows.stream().findFirst();
    }

    @Override
    public void save(StoredTokenRecord r) {
        int updated = jdbc.update(
                "UPDATE stored_token SET label = ?, signing_certificate = ?, encryption_certificate = ?, salt = ?,"
                        + " iterations = ?, sealed_keys = ?, failed_attempts = ?, locked = ? WHERE token_id = ?",
                r.label(),
                r.signingCertificate(),
                r.encryptionCertificate(),
                r.salt(),
                r.iterations(),
                r.sealedKeys(),
                r.failedAttempts(),
                r.locked(),
                r.tokenId());
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO stored_token (token_id, label, signing_certificate, encryption_certificate, salt,"
                            + " iterations, sealed_keys, failed_attempts, locked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.tokenId(),
                    r.label(),
                    r.signingCertificate(),
                    r.encryptionCertificate(),
                    r.salt(),
                    r.iterations(),
                    r.sealedKeys(),
                    r.failedAttempts(),
                    r.locked());
        }
    }
}
