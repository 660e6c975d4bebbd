package org.sealpost.core.token;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link StoredTokenRepository} in memory, for tests and the offline CLI. */
public final class InMemoryStoredTokenRepository implements StoredTokenRepository {

    private final ConcurrentMap<String, StoredTokenRecord> records = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredTokenRecord> find(String tokenId) {
        return Optional.ofNullable(records.get(tokenId));
    }

    @Override
    public void save(StoredTokenRecord record) {
        records.put(record.tokenId(), record);
    }
}
