package org.sealpost.server.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/** Chooses the store ({@code sealpost.blobs.store}) and sweeps orphans once the application is up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BlobProperties.class)
class BlobConfig {

    private static final Logger log = LoggerFactory.getLogger(BlobConfig.class);

    @Bean
    AbstractBlobStore blobStore(
            BlobProperties props,
            JdbcTemplate jdbc,
            Clock clock,
            SecureRandom random,
            @Value("${sealpost.keys.create-if-missing:false}") boolean createIfMissing) {
        byte[] key = blobKey(Path.of(props.keyFile()), createIfMissing, random);
        try {
            BlobCipher cipher = new BlobCipher(key, random);
            return props.store().equals("database")
                    ? new DatabaseBlobStore(jdbc, cipher, clock)
                    : new FileBlobStore(jdbc, cipher, clock, Path.of(props.dir()), props.orphanGrace());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void sweep(ApplicationReadyEvent event) {
        AbstractBlobStore store = event.getApplicationContext().getBean(AbstractBlobStore.class);
        int removed = store.sweepOrphans();
        if (removed > 0) {
            log.warn("Blob sweep removed {} blob file(s) without a row (left by an interrupted write)", removed);
        } else {
            log.info("Blob sweep: no orphaned blob files");
        }
    }

    static byte[] blobKey(Path file, boolean create, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                if (!create) {
                    throw new IllegalStateException(
                            "Missing blob key file " + file.toAbsolutePath()
                                    + ": create 16 random bytes there (docs/operations.md, 'Keys') or set sealpost.blobs.key-file");
                }
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".blobkey", ".tmp");
                byte[] secret = new byte[16];
                random.nextBytes(secret);
                try {
                    try {
                        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // the directory's permissions apply
                    }
                    Files.write(tmp, secret);
                    Files.move(tmp, file);
                    log.info("Created blob key file {} (owner read/write only)", file.toAbsolutePath());
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first
                } finally {
                    Files.deleteIfExists(tmp);
                    Arrays.fill(secret, (byte) 0);
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != 16) {
                throw new IllegalStateException("blob key file " + file.toAbsolutePath() + " must hold 16 bytes");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob key file " + file.toAbsolutePath(), e);
        }
    }
}
