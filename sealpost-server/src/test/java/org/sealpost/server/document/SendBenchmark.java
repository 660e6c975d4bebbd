package org.sealpost.server.document;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Benchmark harness, not a test (no timed asserts; the name matches neither *Test nor *IT so the
 * build never runs it): server time of {@link SendingDocuments#send} for a 2 MB body to 500 units —
 * unlocking the unit key, sealing one envelope (encrypt once, wrap 500 content keys, sign), storing
 * it as a blob and the one transaction with 500 deliveries and events. Run on H2 and on embedded
 * PostgreSQL with {@code ./bench send} (docs/performance.md); figures go to stdout and to
 * {@code target/send-benchmark-<db>.txt}.
 */
@SpringBootTest(properties = "logging.level.org.sealpost.server.document.SendingDocuments=DEBUG")
@ActiveProfiles("test")
class SendBenchmark {

    static final int UNITS = Integer.getInteger("bench.units", 500);
    static final int BODY_BYTES = 2 * 1024 * 1024;
    static final int WARMUP = Integer.getInteger("bench.warmup", 3);
    static final int RUNS = Integer.getInteger("bench.runs", 10);
    static final String PIN = "20261127";
    /**
     * {@code -Dbench.session=true}: the sender has the office key open in a unit key session (as
     * after signing for or opening with the PIN), so the send checks the PIN against the session
     * instead of running PBKDF2 again ({@link org.sealpost.server.pki.UnitKeySessions#acquireConfirmed}).
     */
    static final boolean SESSION = Boolean.getBoolean("bench.session");

    @Autowired
    org.sealpost.server.pki.UnitKeySessions sessions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UnitKeys unitKeys;

    @Autowired
    UnitDirectory units;

    @Autowired
    ComposingDocuments composing;

    @Autowired
    SendingDocuments sending;

    @Test
    void sendTwoMegabytesToFiveHundredUnits() throws Exception {
        TestAccounts accounts = new TestAccounts(jdbc);
        accounts.standardUnits();
        long officeId = jdbc.queryForObject("SELECT id FROM unit WHERE code = 'ZJBRC-OFFICE'", Long.class);
        unitKeys.issue(units.findByCode("ZJBRC-OFFICE").orElseThrow(), PIN.toCharArray(), "bench");
        List<String> codes = new ArrayList<>();
        long setup = System.nanoTime();
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 1; i <= UNITS; i++) {
            String code = String.format(Locale.ROOT, "BENCH-%04d", i);
            codes.add(code);
            accounts.unit(code, "基准测试银行" + i, "CITY_COMMERCIAL_BANK");
            jobs.add(pool.submit(
                    () -> unitKeys.issue(units.findByCode(code).orElseThrow(), PIN.toCharArray(), "bench")));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        pool.shutdown();
        System.out.printf(
                "setup: %d units with certificates in %d ms%n", UNITS, (System.nanoTime() - setup) / 1_000_000);

        SignedInUser office =
                new SignedInUser(1, "bench-office", "基准", officeId, "ZJBRC-OFFICE", Set.of(Role.OFFICE_STAFF));
        byte[] body = pdfOfAbout(BODY_BYTES);
        if (SESSION) {
            org.springframework.mock.web.MockHttpServletRequest request =
                    new org.springframework.mock.web.MockHttpServletRequest();
            request.setSession(new org.springframework.mock.web.MockHttpSession());
            org.springframework.web.context.request.RequestContextHolder.setRequestAttributes(
                    new org.springframework.web.context.request.ServletRequestAttributes(request));
            org.springframework.security.core.context.SecurityContextHolder.getContext()
                    .setAuthentication(
                            new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                                    office, null, List.of()));
            sessions.acquire("ZJBRC-OFFICE", PIN.toCharArray()).close();
        }
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < WARMUP + RUNS; run++) {
            DocumentView draft = composing.createDraft(
                    office,
                    new DraftCommand(
                            "BUREAU_OTHER",
                            null,
                            "基准测试 " + run,
                            "NORMAL",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            codes,
                            null));
            composing.uploadBody(office, draft.id(), "bench.pdf", body);
            composing.confirmNoText(office, draft.id());
            long started = System.nanoTime();
            SendingDocuments.SendResult result = sending.send(
                    office, new SendingDocuments.SendCommand(draft.id(), true, "bench-" + run, PIN.toCharArray()));
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (result.deliveries() != UNITS) {
                throw new IllegalStateException("sent to " + result.deliveries());
            }
            if (run >= WARMUP) {
                millis.add(elapsed);
            }
        }
        millis.sort(null);
        String database = "postgres".equals(System.getProperty("sealpost.test.database")) ? "postgres" : "h2";
        String line = String.format(
                Locale.ROOT,
                "send %d bytes to %d units on %s%s: min %d ms, median %d ms, max %d ms over %d runs (after %d warm-up), %d cores%n",
                body.length,
                UNITS,
                database,
                SESSION ? " (unit key session open)" : "",
                millis.get(0),
                millis.get(millis.size() / 2),
                millis.get(millis.size() - 1),
                RUNS,
                WARMUP,
                Runtime.getRuntime().availableProcessors());
        System.out.print(line);
        Files.writeString(Path.of("target/send-benchmark-" + database + ".txt"), line);
    }

    /** A one-page PDF whose image of random pixels makes it about {@code bytes} long (incompressible). */
    static byte[] pdfOfAbout(int bytes) throws Exception {
        int side = (int) Math.sqrt(bytes / 3.0);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        SecureRandom random = new SecureRandom();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(xobject, 50, 200, 500, 500);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
