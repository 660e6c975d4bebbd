package org.sealpost.server.document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.sealpost.server.SealPostApplication;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The server process of {@link CrashSendIT}: {@code setup DIR N D} makes N units with keys and D
 * drafts; {@code send DIR ID [PREVIOUS]} first reports on the previously killed send (the blob
 * sweeper ran on this start), then sends one draft, printing {@code SENDING} before and
 * {@code COMMITTED} once the send's transaction has committed, and then waits to be killed (the test
 * kills it with -9 at some point); {@code check DIR ID} only reports. Key derivation runs with the
 * test iteration counts, as in ServerCliTest.
 */
public final class CrashSendMain {

    static final String PIN = "20261127";

    private CrashSendMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]).toAbsolutePath();
        ConfigurableApplicationContext context = new SpringApplication(SealPostApplication.class)
                .run(
                        "--spring.profiles.active=test",
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db")
                                // WRITE_DELAY=0: H2 otherwise writes a commit to the file up to 500 ms
                                // later, and a kill -9 right after "COMMITTED" loses it (seen here)
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                        "--sealpost.blobs.dir=" + dir.resolve("blobs"),
                        "--sealpost.blobs.key-file=" + dir.resolve("blob.key"),
                        "--sealpost.blobs.orphan-grace=0s",
                        "--sealpost.keys.master-key-file=" + dir.resolve("master.key"),
                        "--sealpost.keys.ca-pin-file=" + dir.resolve("ca.pin"),
                        "--sealpost.security.password-hash-iterations=1000",
                        "--sealpost.keys.pin-iterations=1000",
                        "--logging.level.root=WARN");
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        new TestAccounts(jdbc).standardUnits();
        long officeId = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC-OFFICE'", Long.class);
        SignedInUser office =
                new SignedInUser(1, "crash-office", "崩溃测试", officeId, "ZJBRC-OFFICE", Set.of(Role.OFFICE_STAFF));
        switch (mode) {
            case "send" -> {
                if (args.length > 3) {
                    check(jdbc, dir, args[3]);
                }
                System.out.println("SENDING");
                System.out.flush();
                // send() runs in its own transaction: when it returns, that transaction has committed
                context.getBean(SendingDocuments.class)
                        .send(
                                office,
                                new SendingDocuments.SendCommand(args[2], true, "crash-" + args[2], PIN.toCharArray()));
                System.out.println("COMMITTED");
                System.out.flush();
                // the process would exit now; wait for the test's kill -9 instead
                Thread.sleep(120_000);
            }
            case "check" -> check(jdbc, dir, args[2]);
            default -> setup(context, jdbc, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
        System.out.flush();
        context.close();
        System.exit(0);
    }

    private static void check(JdbcTemplate jdbc, Path dir, String id) throws Exception {
        String state = jdbc.queryForObject("SELECT state FROM document WHERE id = ?", String.class, id);
        int deliveries = jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ?", Integer.class, id);
        int envelopes = jdbc.queryForObject(
                "SELECT count(*) FROM document WHERE id = ? AND envelope_blob IS NOT NULL", Integer.class, id);
        int rows = jdbc.queryForObject("SELECT count(*) FROM blob", Integer.class);
        long files;
        try (Stream<Path> walk = Files.walk(dir.resolve("blobs"))) {
            files = walk.filter(Files::isRegularFile).count();
        }
        System.out.printf(
                Locale.ROOT,
                "CHECK id=%s state=%s deliveries=%d envelopes=%d blobRows=%d blobFiles=%d%n",
                id,
                state,
                deliveries,
                envelopes,
                rows,
                files);
        System.out.flush();
    }

    private static void setup(ConfigurableApplicationContext context, JdbcTemplate jdbc, int units, int drafts)
            throws Exception {
        TestAccounts accounts = new TestAccounts(jdbc);
        accounts.standardUnits();
        UnitKeys keys = context.getBean(UnitKeys.class);
        UnitDirectory directory = context.getBean(UnitDirectory.class);
        keys.issue(directory.findByCode("ZJBRC-OFFICE").orElseThrow(), PIN.toCharArray(), "crash");
        List<String> codes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 1; i <= units; i++) {
            String code = String.format(Locale.ROOT, "CRASH-%03d", i);
            codes.add(code);
            accounts.unit(code, "崩溃测试银行" + i, "RURAL_FINANCIAL_INSTITUTION");
            jobs.add(pool.submit(
                    () -> keys.issue(directory.findByCode(code).orElseThrow(), PIN.toCharArray(), "crash")));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        pool.shutdown();
        long officeId = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC-OFFICE'", Long.class);
        SignedInUser office =
                new SignedInUser(1, "crash-office", "崩溃测试", officeId, "ZJBRC-OFFICE", Set.of(Role.OFFICE_STAFF));
        ComposingDocuments composing = context.getBean(ComposingDocuments.class);
        byte[] body = SendBenchmark.pdfOfAbout(2 * 1024 * 1024);
        for (int d = 0; d < drafts; d++) {
            DocumentView draft = composing.createDraft(
                    office,
                    new DraftCommand(
                            "BUREAU_OTHER",
                            null,
                            "崩溃测试 " + d,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            codes,
                            null));
            composing.uploadBody(office, draft.id(), "crash.pdf", body);
            composing.confirmNoText(office, draft.id());
            System.out.println("DRAFT " + draft.id());
        }
    }
}
