package org.sealpost.server.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sealpost.server.access.Role;
import org.sealpost.server.unit.UnitCategory;
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
 * Demo accounts for every demo unit (runs after the units loader, order 10). Idempotent: a
 * restart creates only missing accounts. The demo password is {@code sealpost.demo.password}
 * ({@code SEALPOST_DEMO_PASSWORD}) when set, else the one in the accounts file if it still
 * matches the stored hashes, else a newly generated one; when it changes, every demo account's
 * hash is reset. The hashes in the database are the source of truth. Demo accounts need not
 * change their password; every per-account salt is fresh, so equal passwords hash differently.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "sealpost.demo.enabled", havingValue = "true")
class DemoAccounts implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);
    private static final Pattern FILE_PASSWORD = Pattern.compile("\"password\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Planned(String username, String displayName, Role role, UnitRef unit) {}

    private final UnitDirectory units;
    private final AccountStore accounts;
    private final Passwords passwords;
    private final DemoProperties props;
    private final Clock clock;
    private final List<DemoAccountFields> extraFields;

    DemoAccounts(
            UnitDirectory units,
            AccountStore accounts,
            Passwords passwords,
            DemoProperties props,
            Clock clock,
            org.springframework.beans.factory.ObjectProvider<DemoAccountFields> extraFields) {
        this.units = units;
        this.accounts = accounts;
        this.passwords = passwords;
        this.props = props;
        this.clock = clock;
        this.extraFields = extraFields.orderedStream().toList();
    }

    @Override
    public void run(ApplicationArguments args) {
        List<Planned> plan = plan(units.all());
        if (plan.isEmpty()) {
            log.warn("No units found: no demo accounts created");
            return;
        }
        Map<String, Account> existing =
                accounts.findDemoAccounts().stream().collect(Collectors.toMap(Account::username, Function.identity()));
        try (Secret password = password(existing)) {
            boolean reset = !existing.isEmpty()
                    && !passwords.matches(
                            password, existing.values().iterator().next().passwordHash());
            List<Planned> missing = plan.stream()
                    .filter(p -> !existing.containsKey(p.username()) && !accounts.usernameTaken(p.username()))
                    .toList();
            List<String> hashes = hashAll(password, missing.size() + (reset ? existing.size() : 0));
            Instant now = clock.instant();
            int next = 0;
            if (reset) {
                for (Account a : existing.values()) {
                    accounts.setPassword(a.id(), hashes.get(next++), false, now);
                }
                log.info("Demo password changed: reset {} demo accounts", existing.size());
            }
            for (Planned p : missing) {
                long id = accounts.insert(
                        p.username(), p.displayName(), p.unit().id(), hashes.get(next++), false, true, now);
                accounts.grantRole(id, p.role(), "demo", now);
            }
            writeFile(plan, password);
            print(plan, password, missing.size());
        }
    }

    static List<Planned> plan(List<UnitRef> all) {
        List<Planned> plan = new ArrayList<>();
        for (UnitRef unit : all) {
            String prefix = unit.code().toLowerCase(java.util.Locale.ROOT);
            if (unit.category() == UnitCategory.REGULATOR) {
                plan.add(new Planned(prefix + "-sysadmin", unit.name() + "系统管理员", Role.SYSTEM_ADMIN, unit));
                plan.add(new Planned(prefix + "-secadmin", unit.name() + "安全管理员", Role.SECURITY_ADMIN, unit));
                plan.add(new Planned(prefix + "-auditor", unit.name() + "审计员", Role.AUDITOR, unit));
            } else if (unit.category() == UnitCategory.REGULATOR_DEPT
                    && unit.code().endsWith("-OFFICE")) {
                plan.add(new Planned(prefix + "-staff", unit.name() + "工作人员", Role.OFFICE_STAFF, unit));
                plan.add(new Planned(prefix + "-director", unit.name() + "主任", Role.OFFICE_DIRECTOR, unit));
            } else if (unit.category() == UnitCategory.REGULATOR_DEPT) {
                plan.add(new Planned(prefix + "-staff", unit.name() + "工作人员", Role.DEPT_STAFF, unit));
                plan.add(new Planned(prefix + "-head", unit.name() + "负责人", Role.DEPT_HEAD, unit));
            } else {
                plan.add(new Planned(prefix + "-admin", unit.name() + "单位管理员", Role.UNIT_ADMIN, unit));
                plan.add(new Planned(prefix + "-a", unit.name() + "操作员A", Role.OPERATOR_A, unit));
                plan.add(new Planned(prefix + "-b", unit.name() + "操作员B", Role.OPERATOR_B, unit));
                plan.add(new Planned(prefix + "-leader", unit.name() + "单位领导", Role.UNIT_LEADER, unit));
            }
        }
        return plan;
    }

    private Secret password(Map<String, Account> existing) {
        if (!props.password().isBlank()) {
            return Secret.of(props.password());
        }
        Optional<Secret> fromFile = readFilePassword();
        if (fromFile.isPresent()) {
            Secret candidate = fromFile.get();
            if (existing.isEmpty()
                    || passwords.matches(
                            candidate, existing.values().iterator().next().passwordHash())) {
                return candidate;
            }
            candidate.close();
        }
        return passwords.generate();
    }

    private Optional<Secret> readFilePassword() {
        Path file = Path.of(props.accountsFile());
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            Matcher m = FILE_PASSWORD.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(Secret.of(unescape(m.group(1)))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** PBKDF2 at full strength is slow: hash on every core, each hash with its own salt. */
    private List<String> hashAll(Secret password, int count) {
        if (count == 0) {
            return List.of();
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> passwords.hash(password)));
            }
            List<String> hashes = new ArrayList<>(count);
            for (Future<String> f : futures) {
                hashes.add(f.get());
            }
            return hashes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing demo passwords", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot hash demo passwords", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeFile(List<Planned> plan, Secret password) {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            json.append("  {\"username\":\"")
                    .append(escape(p.username()))
                    .append("\",\"role\":\"")
                    .append(p.role().name())
                    .append("\",\"unit\":\"")
                    .append(escape(p.unit().code()))
                    .append("\",\"unitName\":\"")
                    .append(escape(p.unit().name()))
                    .append("\",\"password\":\"")
                    .append(escape(password.reveal()))
                    .append('"');
            java.util.Set<String> standard = java.util.Set.of("username", "role", "unit", "unitName", "password");
            for (DemoAccountFields extra : extraFields) {
                extra.fieldsFor(p.username(), p.role(), p.unit().code()).forEach((name, value) -> {
                    if (!standard.contains(name)) {
                        json.append(",\"")
                                .append(escape(name))
                                .append("\":\"")
                                .append(escape(value))
                                .append('"');
                    }
                });
            }
            json.append(i + 1 < plan.size() ? "},\n" : "}\n");
        }
        json.append("]\n");
        Path file = Path.of(props.accountsFile()).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The demo sign-ins go to standard output on purpose (never to the log): the demo's user reads them. */
    private void print(List<Planned> plan, Secret password, int created) {
        StringBuilder out = new StringBuilder();
        out.append("\n=== SealPost demo sign-ins (")
                .append(plan.size())
                .append(" accounts, ")
                .append(created)
                .append(" new) ===\n");
        out.append("Password for every demo account: ")
                .append(password.reveal())
                .append('\n');
        for (Planned p : plan) {
            out.append(String.format(
                    "  %-24s %-16s %-14s %s%n",
                    p.username(), p.role(), p.unit().code(), p.unit().name()));
        }
        out.append("Written to ")
                .append(Path.of(props.accountsFile()).toAbsolutePath())
                .append('\n');
        System.out.print(out);
    }

    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String unescape(String value) {
        return value.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
