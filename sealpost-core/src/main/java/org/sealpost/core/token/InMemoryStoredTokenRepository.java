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

    @Override
    public int recordWrongPin(String tokenId, int maxAttempts) {
        int[] count = {-1};
        records.computeIfPresent(tokenId, (id, r) -> {
            if (r.locked()) {
                return r;
            }
            count[0] = r.failedAttempts() + 1;
            return r.withAttempts(count[0], count[0] >= maxAttempts);
        });
        return count[0];
    }

    @Override
    public boolean recordCorrectPin(String tokenId) {
        boolean[] open = {false};
        records.computeIfPresent(tokenId, (id, r) -> {
            if (r.locked()) {
                return r;
            }
            open[0] = true;
            return r.failedAttempts() == 0 ? r : r.withAttempts(0, false);
        });
        return open[0];
    }
}
