package org.sealpost.server.pki;

import java.util.List;
import java.util.Optional;
import org.sealpost.core.token.StoredTokenRecord;
import org.sealpost.core.token.StoredTokenRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code stored_token} rows. {@link #find} reads {@code FOR UPDATE}: inside the caller's
 * transaction, parallel unlock attempts on one token queue up, so wrong PINs cannot slip past the
 * retry counter.
 */
class JdbcStoredTokenRepository implements StoredTokenRepository {

    private final JdbcTemplate jdbc;

    JdbcStoredTokenRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
