package org.sealpost.server.seal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sealpost.server.access.Role;
import org.sealpost.server.identity.DemoAccountFields;
import org.sealpost.server.identity.DemoProperties;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Demo seals (order 16: after the CA, before the accounts file). The regulator office and every
 * demo bank get an approved server-held 公章 (custodian: the office's staff account, the bank's
 * operator A); each bank also gets a separate unit-held 业务专用章 written as {@code
 * data/demo-seals/<unit code>.p12} under the same seal PIN. The custodian's record in {@code
 * data/demo-accounts.json} gains {@code sealId} and {@code sealPin}. Seal PINs are kept in {@code
 * data/demo-seal-pins.properties} (demo only) so that restarts write the same values.
 */
@Component
@Order(16)
@ConditionalOnProperty(name = "sealpost.demo.enabled", havingValue = "true")
class DemoSeals implements ApplicationRunner, DemoAccountFields {

    private static final Logger log = LoggerFactory.getLogger(DemoSeals.class);

    private final UnitDirectory units;
    private final RequestingSeals requesting;
    private final ActivatingSeals activating;
    private final SealRegister register;
    private final SystemCa ca;
    private final JdbcTemplate jdbc;
    private final SecureRandom random;
    private final Path pinFile;
    private final Path sealDir;
    private final Properties pins = new Properties();
    private final Map<String, String> sealOfCustodian = new HashMap<>();

    DemoSeals(
            UnitDirectory units,
            RequestingSeals requesting,
            ActivatingSeals activating,
            SealRegister register,
            SystemCa ca,
            JdbcTemplate jdbc,
            DemoProperties demo,
            SecureRandom random) {
        this.units = units;
        this.requesting = requesting;
        this.activating = activating;
        this.register = register;
        this.ca = ca;
        this.jdbc = jdbc;
        this.random = random;
        Path accounts = Path.of(demo.accountsFile());
        this.pinFile = accounts.resolveSibling("demo-seal-pins.properties");
        this.sealDir = accounts.resolveSibling("demo-seals");
    }

    @Override
    public void run(ApplicationArguments args) {
        ca.ensureCreated();
        load();
        long started = System.nanoTime();
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Future<?>> jobs = new ArrayList<>();
        try {
            for (UnitRef unit : units.all()) {
                String custodian = custodian(unit);
                if (custodian == null) {
                    continue;
                }
                String pin = pins.getProperty("seal." + unit.code());
                if (pin == null) {
                    pin = newPin();
                    pins.setProperty("seal." + unit.code(), pin);
                }
                String finalPin = pin;
                boolean bank = unit.category() != UnitCategory.REGULATOR_DEPT;
                jobs.add(pool.submit(() -> serverSeal(unit, custodian, finalPin)));
                if (bank) {
                    jobs.add(pool.submit(() -> unitHeldSeal(unit, custodian, finalPin)));
                }
            }
            save();
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making demo seals", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot make demo seals", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        log.info("Demo seals ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** The office's staff account, a bank's operator A; null for units without a demo seal. */
    static String custodian(UnitRef unit) {
        String prefix = unit.code().toLowerCase(Locale.ROOT);
        if (unit.category() == UnitCategory.REGULATOR) {
            return null;
        }
        if (unit.category() == UnitCategory.REGULATOR_DEPT) {
            return unit.code().endsWith("-OFFICE") ? prefix + "-staff" : null;
        }
        return prefix + "-a";
    }

    private void serverSeal(UnitRef unit, String custodian, String pin) {
        List<String> existing = jdbc.queryForList(
                "SELECT seal_id FROM seal WHERE unit_code = ? AND holding = 'SERVER' AND requested_by = 'demo'"
                        + " AND state = 'ACTIVE'",
                String.class,
                unit.code());
        String sealId = existing.isEmpty() ? null : existing.get(0);
        if (sealId == null) {
            sealId = requesting.createRequest(unit, "公章", custodian, null, "demo", null);
            SealView seal = register.find(sealId).orElseThrow();
            requesting.review(seal, SealState.APPROVED, "demo", null);
            activating.activate(register.find(sealId).orElseThrow(), pin.toCharArray(), "demo");
        }
        synchronized (sealOfCustodian) {
            sealOfCustodian.put(custodian, sealId);
        }
    }

    private void unitHeldSeal(UnitRef unit, String custodian, String pin) {
        Path file = sealDir.resolve(unit.code() + ".p12");
        if (Files.exists(file)) {
            return;
        }
        String sealId = requesting.createRequest(unit, "业务专用章", custodian, null, "demo", null);
        requesting.review(register.find(sealId).orElseThrow(), SealState.APPROVED, "demo", null);
        byte[] p12 = activating.activateUnitHeld(register.find(sealId).orElseThrow(), pin.toCharArray(), "demo");
        try {
            Files.createDirectories(sealDir);
            Files.write(file, p12);
            restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public Map<String, String> fieldsFor(String username, Role role, String unitCode) {
        String sealId;
        synchronized (sealOfCustodian) {
            sealId = sealOfCustodian.get(username);
        }
        String pin = pins.getProperty("seal." + unitCode);
        if (sealId == null || pin == null) {
            return Map.of();
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("sealId", sealId);
        fields.put("sealPin", pin);
        return fields;
    }

    private String newPin() {
        StringBuilder pin = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            pin.append((char) ('0' + random.nextInt(10)));
        }
        return pin.toString();
    }

    private void load() {
        if (Files.isReadable(pinFile)) {
            try (Reader in = Files.newBufferedReader(pinFile, StandardCharsets.UTF_8)) {
                pins.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void save() {
        try {
            Files.createDirectories(pinFile.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(pinFile, StandardCharsets.UTF_8)) {
                pins.store(out, "SealPost demo seal PINs: demo only");
            }
            restrict(pinFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pinFile, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows
        }
    }
}
