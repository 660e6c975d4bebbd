package org.sealpost.core.token;

import java.util.Optional;

/**
 * Persistence of stored tokens, implemented by the server with JDBC. {@code save} replaces the
 * record with the same id; implementations must make each save atomic, and should serialise
 * unlock attempts on one token (e.g. {@code SELECT … FOR UPDATE}) so that parallel wrong PINs
 * cannot slip past the retry counter.
 */
public interface StoredTokenRepository {

    Optional<StoredTokenRecord> find(String tokenId);

    void save(StoredTokenRecord record);
}
