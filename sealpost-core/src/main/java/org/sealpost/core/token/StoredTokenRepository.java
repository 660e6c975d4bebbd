package org.sealpost.core.token;

import java.util.Optional;

/**
 * Persistence of stored tokens, implemented by the server with JDBC. {@code save} replaces the
 * record with the same id; implementations must make each save atomic. The retry counter is kept
 * by {@link #recordWrongPin} and {@link #recordCorrectPin}, each one atomic statement, so that
 * {@link StoredTokens#unlock} can derive the PIN key (slow by design) without holding a lock or a
 * database connection and parallel wrong PINs still cannot slip past the counter.
 */
public interface StoredTokenRepository {

    Optional<StoredTokenRecord> find(String tokenId);

    void save(StoredTokenRecord record);

    /**
     * Atomically counts one wrong PIN on an unlocked token, locking it when the count reaches
     * {@code maxAttempts}.
     *
     * @return the new count, or {@code -1} when the token was already locked (or is absent), in
     *     which case nothing changes
     */
    int recordWrongPin(String tokenId, int maxAttempts);

    /**
     * Atomically clears the wrong-PIN count of an unlocked token.
     *
     * @return false when the token is locked (or absent): a correct PIN does not open a token that
     *     locked while the PIN was being checked
     */
    boolean recordCorrectPin(String tokenId);
}
