package org.sealpost.server.blob;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where blobs live ({@code sealpost.blobs.*}).
 *
 * @param store {@code file} (a local directory, the default) or {@code database} (the {@code
 *     blob.content} column, for several nodes without a shared file system)
 * @param dir the directory of the file store
 * @param keyFile the 16-byte blob key (outside the database, like the master key); created when
 *     missing only if {@code sealpost.keys.create-if-missing} is true
 * @param orphanGrace a blob file without a row is removed on start once older than this: long
 *     enough that no transaction can still be about to commit its row
 */
@ConfigurationProperties("sealpost.blobs")
public record BlobProperties(String store, String dir, String keyFile, Duration orphanGrace) {

    public BlobProperties {
        store = store == null || store.isBlank() ? "file" : store;
        dir = dir == null || dir.isBlank() ? "data/blobs" : dir;
        keyFile = keyFile == null || keyFile.isBlank() ? "data/blob.key" : keyFile;
        orphanGrace = orphanGrace == null ? Duration.ofHours(1) : orphanGrace;
        if (!store.equals("file") && !store.equals("database")) {
            throw new IllegalArgumentException("sealpost.blobs.store is file or database, not " + store);
        }
    }
}
