package org.sealpost.server.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.sealpost.core.token.MasterKey;
import org.sealpost.core.token.StoredTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The master key and stored tokens. The master key file must exist unless {@code
 * sealpost.keys.create-if-missing} is true (demo, dev, tests): production refuses to start
 * without it rather than silently making a new key that opens none of the existing tokens.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeysProperties.class)
@EnableScheduling
class PkiConfig {

    private static final Logger log = LoggerFactory.getLogger(PkiConfig.class);

    @Bean
    StoredTokens storedTokens(
            KeysProperties props,
            JdbcTemplate jdbc,
            org.springframework.transaction.PlatformTransactionManager transactions,
            SecureRandom random) {
        byte[] key = secretFile(Path.of(props.masterKeyFile()), props.createIfMissing(), random, MasterKey.SIZE, false);
        try {
            return new StoredTokens(
                    MasterKey.of(key),
                    new JdbcStoredTokenRepository(
                            jdbc, new org.springframework.transaction.support.TransactionTemplate(transactions)),
                    random,
                    props.pinIterations());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Bean
    CaPin caPin(KeysProperties props, SecureRandom random) {
        byte[] pin = secretFile(Path.of(props.caPinFile()), props.createIfMissing(), random, 24, true);
        return new CaPin(new String(pin, StandardCharsets.US_ASCII).trim());
    }

    /**
     * Reads a secret file, or (when allowed) creates it with owner-only permissions: {@code size}
     * random bytes, or that many random bytes in Base64url when {@code text}.
     */
    static byte[] secretFile(Path file, boolean create, SecureRandom random, int size, boolean text) {
        try {
            if (!Files.exists(file)) {
                if (!create) {
                    throw new IllegalStateException("Missing key file " + file.toAbsolutePath()
                            + ": create it (see docs/operations.md, 'Keys') or set sealpost.keys.* to its location");
                }
                byte[] secret = new byte[size];
                random.nextBytes(secret);
                byte[] content = text ? Base64.getUrlEncoder().withoutPadding().encode(secret) : secret;
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".key", ".tmp");
                try {
                    restrict(tmp);
                    Files.write(tmp, content);
                    Files.move(tmp, file);
                    log.info("Created key file {} (owner read/write only)", file.toAbsolutePath());
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                } finally {
                    Files.deleteIfExists(tmp);
                    Arrays.fill(secret, (byte) 0);
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file.toAbsolutePath(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply
        }
    }

    /** The CA token's PIN, from its secret file. Prints as [REDACTED]. */
    static final class CaPin {
        private final String value;

        CaPin(String value) {
            this.value = value;
        }

        char[] chars() {
            return value.toCharArray();
        }

        @Override
        public String toString() {
            return "CaPin[REDACTED]";
        }
    }
}
