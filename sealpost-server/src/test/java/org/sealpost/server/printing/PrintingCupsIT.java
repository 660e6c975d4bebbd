package org.sealpost.server.printing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.printing.ipp.IppClient;
import org.sealpost.server.printing.ipp.JobState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Printing through a real CUPS scheduler ({@link CupsServer}) with cups-pdf printers over our own
 * IPP/1.1 client: the copy is submitted with Print-Job and its result follows from the job state
 * (completed → OK, canceled → FAILED) without the operator; a printer that does not exist fails the
 * copy at once and frees the next number.
 */
@SpringBootTest(properties = {"sealpost.demo.enabled=true", "sealpost.printing.poll-interval=200ms"})
@ActiveProfiles("test")
@AutoConfigureMockMvc
class PrintingCupsIT {

    private static CupsServer cups;

    @DynamicPropertySource
    static void printServer(DynamicPropertyRegistry registry) {
        registry.add("sealpost.printing.cups-url", () -> cups().url());
    }

    private static synchronized CupsServer cups() {
        if (cups == null) {
            try {
                cups = CupsServer.start();
                cups.addPdfPrinter("SealPostPDF", false);
                cups.addPdfPrinter("Held", true);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("CUPS could not be started", e);
            }
        }
        return cups;
    }

    @BeforeAll
    static void needsCups() {
        Assumptions.assumeTrue(
                CupsServer.available(),
                "CUPS with cups-pdf is not installed (apt-get install cups printer-driver-cups-pdf)");
    }

    @AfterAll
    static void stopCups() {
        if (cups != null) {
            cups.close();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    PrintingFixtures f;
    SignedInUser office;
    SignedInUser icbcA;

    @BeforeEach
    void people() {
        f = new PrintingFixtures(mvc, jdbc);
        office = f.user("zjbrc-office-staff");
        icbcA = f.user("icbc-zj-a");
    }

    private String printer(String name) {
        return "{\"printer\":\"" + name + "\",\"pin\":\"" + f.unitPin("ICBC-ZJ") + "\"}";
    }

    @Test
    void completedJobReportsTheCopyPrintedWithoutTheOperator() throws Exception {
        String doc = f.sendDocument(office, 3, 1);
        long d = f.deliveryId(doc, "ICBC-ZJ");
        f.signed(d, icbcA.username());
        Instant started = Instant.now().minusSeconds(2);
        var printed = f.print(icbcA, d, printer("SealPostPDF"));
        assertThat(printed.status()).as(printed.toString()).isEqualTo(200);
        assertThat(printed.<String>json("$.copyNumber")).isEqualTo("000001");
        assertThat(printed.<String>json("$.result")).isEqualTo("PENDING");
        String jobId = printed.json("$.jobId");
        assertThat(jobId).matches("[0-9]+");

        Map<String, Object> copy = awaitResult(d, 1);
        assertThat(copy)
                .containsEntry("result", "OK")
                .containsEntry("reported_by", PrintJobWatcher.PRINTER_ACTOR)
                .containsEntry("printer", "SealPostPDF")
                .containsEntry("job_id", jobId);
        assertThat(jdbc.queryForMap("SELECT state, copies_succeeded FROM delivery WHERE id = ?", d))
                .containsEntry("state", "PRINTED")
                .containsEntry("copies_succeeded", 1);
        assertThat(f.audits(d, "PRINTED", true)).isEqualTo(1);
        assertThat(f.events(d, "PRINTED")).isEqualTo(1);

        // cups-pdf printed our job: one page, titled with the document and the copy number (its
        // Ghostscript pass turns all text into outlines, so the page text itself is checked on the
        // PDF we send, in PrintingIT)
        Path output = cupsPdfOutput(jobId, started);
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(output.toFile())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            assertThat(pdf.getDocumentInformation().getTitle()).contains(doc).contains("000001");
        }
        Files.deleteIfExists(output);

        // the allowance (one success) is used: the next sealed copy is refused
        var refused = f.print(icbcA, d, printer("SealPostPDF"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.<String>json("$.code")).isEqualTo("printing.allowance-used");
    }

    @Test
    void canceledJobIsAFailureAndTheNextNumberPrints() throws Exception {
        long d = signedDelivery();
        var held = f.print(icbcA, d, printer("Held"));
        assertThat(held.<String>json("$.result")).as(held.toString()).isEqualTo("PENDING");
        int jobId = Integer.parseInt(held.json("$.jobId"));
        IppClient ipp = new IppClient(URI.create(cups().url()), Duration.ofSeconds(10));
        assertThat(ipp.jobState("Held", jobId)).isIn(JobState.PENDING, JobState.PENDING_HELD);

        // the printer, not the operator, reports a copy it was sent
        var operator = f.report(icbcA, d, "000001", "failed");
        assertThat(operator.status()).isEqualTo(409);
        assertThat(operator.<String>json("$.code")).isEqualTo("printing.reported-by-printer");
        // while it waits no other sealed copy
        assertThat(f.print(icbcA, d, printer("SealPostPDF")).<String>json("$.code"))
                .isEqualTo("printing.copy-pending");

        ipp.cancelJob("Held", jobId, "tester");
        assertThat(awaitResult(d, 1)).containsEntry("result", "FAILED");
        assertThat(f.events(d, "PRINT_FAILED")).isEqualTo(1);

        var next = f.print(icbcA, d, printer("SealPostPDF"));
        assertThat(next.<String>json("$.copyNumber")).isEqualTo("000002");
        assertThat(awaitResult(d, 2)).containsEntry("result", "OK");
    }

    @Test
    void unknownPrinterFailsTheCopyAtOnceAndBadNamesAreRefused() throws Exception {
        long d = signedDelivery();
        var missing = f.print(icbcA, d, printer("NoSuchPrinter"));
        assertThat(missing.status()).as(missing.toString()).isEqualTo(200);
        assertThat(missing.<String>json("$.copyNumber")).isEqualTo("000001");
        assertThat(missing.<String>json("$.result")).isEqualTo("FAILED");
        assertThat(missing.<String>json("$.failure")).contains("NoSuchPrinter");
        assertThat(jdbc.queryForObject(
                        "SELECT result FROM print_copy WHERE delivery_id = ? AND copy_number = 1", String.class, d))
                .isEqualTo("FAILED");
        var bad = f.print(icbcA, d, printer("no such/printer"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.<String>json("$.code")).isEqualTo("printing.bad-printer");
        var next = f.print(icbcA, d, printer("SealPostPDF"));
        assertThat(next.<String>json("$.copyNumber")).isEqualTo("000002");
        assertThat(awaitResult(d, 2)).containsEntry("result", "OK");
    }

    private long signedDelivery() throws Exception {
        String doc = f.sendDocument(office, 3, 1);
        long d = f.deliveryId(doc, "ICBC-ZJ");
        f.signed(d, icbcA.username());
        return d;
    }

    private Map<String, Object> awaitResult(long d, int copy) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Map<String, Object> row = jdbc.queryForMap(
                    "SELECT result, reported_by, printer, job_id FROM print_copy WHERE delivery_id = ? AND copy_number = ?",
                    d,
                    copy);
            if (!"PENDING".equals(row.get("result"))) {
                return row;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("copy " + copy + " still pending; CUPS log:\n" + cups().log());
            }
            Thread.sleep(200);
        }
    }

    private static Path cupsPdfOutput(String jobId, Instant after) throws IOException {
        try (Stream<Path> files = Files.list(CupsServer.ANONYMOUS_OUTPUT)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith("job_" + jobId + ".pdf"))
                    .filter(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toInstant().isAfter(after);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
            assertThat(found).as("cups-pdf output of job " + jobId).hasSize(1);
            return found.get(0);
        }
    }
}
