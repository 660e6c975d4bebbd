package org.sealpost.server.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sealpost.server.access.Role;
import org.sealpost.server.identity.DemoAccountFields;
import org.sealpost.server.identity.DemoProperties;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo: the system CA and certificates for every demo unit at first start (order 15: after the
 * units, before the accounts file). The unit PINs are random and kept in {@code
 * data/demo-pins.properties} (owner-only), so that a restart writes the same {@code pin} into
 * {@code data/demo-accounts.json}. PBKDF2 work runs on every core.
 *
 * <p>Each unit's keys are issued with the unit-held copy (end-to-end mode, docs/security.md): the
 * PKCS#12 under the unit PIN is written to {@code data/demo-keys/<unit code>.p12} (owner-only), and
 * the records of the unit's PIN holders gain {@code keyFile}, its path. The file is written only
 * when the keys are issued: a data directory whose keys were issued before this existed has none
 * (renew on /pki with the box ticked to get one).
 */
@Component
@Order(15)
@ConditionalOnProperty(name = "sealpost.demo.enabled", havingValue = "true")
class DemoPki implements ApplicationRunner, DemoAccountFields {

    private static final Logger log = LoggerFactory.getLogger(DemoPki.class);
    private static final java.util.Set<Role> PIN_HOLDERS = java.util.EnumSet.of(
            Role.UNIT_ADMIN,
            Role.OPERATOR_A,
            Role.OPERATOR_B,
            Role.OFFICE_STAFF,
            Role.OFFICE_DIRECTOR,
            Role.DEPT_STAFF,
            Role.DEPT_HEAD);

    private final UnitDirectory units;
    private final UnitKeys unitKeys;
    private final SystemCa ca;
    private final DemoSecrets secrets;
    private final Path keyDir;
    private final SecureRandom random;

    DemoPki(UnitDirectory units, UnitKeys unitKeys, SystemCa ca, DemoProperties demo, SecureRandom random) {
        this.units = units;
        this.unitKeys = unitKeys;
        this.ca = ca;
        this.secrets = new DemoSecrets(Path.of(demo.accountsFile()).resolveSibling("demo-pins.properties"));
        this.keyDir = Path.of(demo.accountsFile()).resolveSibling("demo-keys");
        this.random = random;
    }

    @Override
    public void run(ApplicationArguments args) {
        ca.ensureCreated();
        List<UnitRef> missing = units.all().stream()
                .filter(u -> unitKeys.current(u.code()).isEmpty())
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (UnitRef unit : missing) {
                String pin = secrets.get("unit." + unit.code()).orElseGet(() -> newPin(random));
                secrets.put("unit." + unit.code(), pin);
                jobs.add(pool.submit(
                        () -> writeKeyFile(unit.code(), unitKeys.issue(unit, pin.toCharArray(), "demo", true))));
            }
            secrets.save();
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while issuing demo certificates", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot issue demo certificates", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        log.info(
                "Demo: issued certificates for {} units in {} ms",
                missing.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The unit key file of a demo unit (whether or not it exists). */
    Path keyFile(String unitCode) {
        return keyDir.resolve(unitCode + ".p12");
    }

    /** Writes the unit-held copy owner-only, replacing one left by an earlier run (its keys are gone). */
    private void writeKeyFile(String unitCode, UnitKeys.IssuedKeys issued) {
        Path file = keyFile(unitCode);
        try {
            Files.createDirectories(keyDir);
            restrict(keyDir, "rwx------");
            Path temp = Files.createTempFile(keyDir, ".key-", ".part");
            restrict(temp, "rw-------");
            Files.write(temp, issued.keyFile());
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply
        }
    }

    @Override
    public Map<String, String> fieldsFor(String username, Role role, String unitCode) {
        if (!PIN_HOLDERS.contains(role)) {
            return Map.of();
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        secrets.get("unit." + unitCode).ifPresent(pin -> fields.put("pin", pin));
        Path file = keyFile(unitCode);
        if (!fields.isEmpty() && Files.isRegularFile(file)) {
            fields.put("keyFile", file.toString());
        }
        return fields;
    }

    /** Eight random digits. */
    static String newPin(SecureRandom random) {
        StringBuilder pin = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            pin.append((char) ('0' + random.nextInt(10)));
        }
        return pin.toString();
    }

    /** The demo's PINs on disk (demo only: a real unit's PIN is known to the unit alone). */
    static final class DemoSecrets {
        private final Path file;
        private final Properties values = new Properties();

        DemoSecrets(Path file) {
            this.file = file;
            if (Files.isReadable(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    values.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        synchronized java.util.Optional<String> get(String key) {
            return java.util.Optional.ofNullable(values.getProperty(key));
        }

        synchronized void put(String key, String value) {
            values.setProperty(key, value);
        }

        synchronized void save() {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    values.store(out, "SealPost demo PINs: demo only");
                }
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}
