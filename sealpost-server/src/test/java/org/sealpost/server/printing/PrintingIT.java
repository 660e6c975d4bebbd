package org.sealpost.server.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.printing.PrintingCopies.IssuedCopy;
import org.sealpost.server.printing.PrintingCopies.PrintCommand;
import org.sealpost.server.support.Audits;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Controlled printing (issue 6 item 5, 第十四条; SECURITY.md R01) through the REST API and, for the
 * concurrency cases, the service: numbered copies with the unit's name, results reported once, a
 * failure freeing the next number, the allowance, grey copies, extra copies granted on request,
 * and every refusal of the issue with its audit row.
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class PrintingIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PrintingCopies printing;

    PrintingFixtures f;
    SignedInUser office;
    SignedInUser icbcA;
    SignedInUser icbcB;
    SignedInUser icbcLeader;
    SignedInUser cmbA;

    @BeforeEach
    void people() {
        f = new PrintingFixtures(mvc, jdbc);
        office = f.user("zjbrc-office-staff");
        icbcA = f.user("icbc-zj-a");
        icbcB = f.user("icbc-zj-b");
        icbcLeader = f.user("icbc-zj-leader");
        cmbA = f.user("cmb-hz-a");
    }

    @Test
    void numberedCopyFailureFreesTheNextNumberAndTheAllowanceRefusesAThirdSealedCopy() throws Exception {
        String doc = f.sendDocument(office, 3, 1);
        long d = f.deliveryId(doc, "ICBC-ZJ");

        // before signing: refused, audited, no number taken
        var early = f.print(icbcB, d);
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.<String>json("$.code")).isEqualTo("printing.not-signed");
        assertThat(f.audits(d, "PRINT_ISSUED", false)).isEqualTo(1);

        f.signed(d, icbcB.username());
        // no PIN, wrong PIN: refused before any number is taken
        var noPin = f.print(icbcB, d, "{}");
        assertThat(noPin.status()).isEqualTo(400);
        assertThat(noPin.<String>json("$.code")).isEqualTo("printing.unit-pin-required");
        var wrongPin = f.print(icbcB, d, "{\"pin\":\"00000000\"}");
        assertThat(wrongPin.status()).as(wrongPin.toString()).isEqualTo(422);
        assertThat(wrongPin.<String>json("$.code")).isEqualTo("printing.unit-key.wrong-pin");
        assertThat(f.count("SELECT count(*) FROM print_copy WHERE delivery_id = ?", d))
                .isZero();

        // copy 000001: the PDF carries the copy number and the unit's name; it fails
        var first = f.print(icbcB, d);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("application/pdf");
        assertThat(first.copyNumber()).isEqualTo("000001");
        String unitName = jdbc.queryForObject("SELECT name FROM unit WHERE code = 'ICBC-ZJ'", String.class);
        assertThat(PrintingFixtures.text(first.bytes()))
                .contains("份号 000001")
                .contains(unitName)
                .contains("Printing notice body");
        // while it is out, no second sealed copy
        var blocked = f.print(icbcA, d);
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.<String>json("$.code")).isEqualTo("printing.copy-pending");
        var failed = f.report(icbcB, d, "000001", "failed");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(failed.<String>json("$.result")).isEqualTo("FAILED");
        // a result is reported once; a number never issued cannot be reported
        var again = f.report(icbcB, d, "000001", "ok");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.<String>json("$.code")).isEqualTo("printing.already-reported");
        var unknown = f.report(icbcB, d, "000009", "ok");
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.<String>json("$.code")).isEqualTo("printing.unknown-copy");
        assertThat(f.report(icbcB, d, "12a", "ok").status()).isEqualTo(400);
        assertThat(f.report(icbcB, d, "000001", "maybe").status()).isEqualTo(400);

        // copy 000002 succeeds: the delivery is PRINTED
        var second = f.print(icbcB, d);
        assertThat(second.copyNumber()).isEqualTo("000002");
        assertThat(PrintingFixtures.text(second.bytes())).contains("份号 000002");
        assertThat(f.report(icbcB, d, "000002", "ok").status()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT state, copies_issued, copies_succeeded FROM delivery WHERE id = ?", d))
                .containsEntry("state", "PRINTED")
                .containsEntry("copies_issued", 2)
                .containsEntry("copies_succeeded", 1);

        // a third sealed copy is refused; a grey copy (脱密打印) is allowed and logged
        var third = f.print(icbcB, d);
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.<String>json("$.code")).isEqualTo("printing.allowance-used");
        var grey = f.print(icbcB, d, "{\"grey\":true,\"pin\":\"" + f.unitPin("ICBC-ZJ") + "\"}");
        assertThat(grey.status()).as(grey.toString()).isEqualTo(200);
        assertThat(grey.copyNumber()).isEqualTo("000003");
        assertThat(PrintingFixtures.text(grey.bytes()))
                .contains("脱密件 份号 000003")
                .doesNotContain(unitName);
        assertThat(f.report(icbcB, d, "000003", "ok").status()).isEqualTo(200);

        // the sealed counters did not move for the grey copy
        assertThat(jdbc.queryForMap("SELECT copies_issued, copies_succeeded FROM delivery WHERE id = ?", d))
                .containsEntry("copies_issued", 2)
                .containsEntry("copies_succeeded", 1);
        var listing = f.get(icbcA, "/deliveries/" + d + "/print");
        assertThat(listing.<List<String>>json("$.copies[*].copyNumber")).containsExactly("000001", "000002", "000003");
        assertThat(listing.<List<String>>json("$.copies[*].result")).containsExactly("FAILED", "OK", "OK");
        assertThat(listing.<List<String>>json("$.copies[*].kind")).containsExactly("SEALED", "SEALED", "GREY");

        // one event per transition, one audit row per attempt and per report
        assertThat(f.events(d, "PRINT_ISSUED")).isEqualTo(3);
        assertThat(f.events(d, "PRINT_FAILED")).isEqualTo(1);
        assertThat(f.events(d, "PRINTED")).isEqualTo(1);
        assertThat(f.events(d, "GREY_PRINTED")).isEqualTo(1);
        assertThat(f.audits(d, "PRINT_ISSUED", true)).isEqualTo(3);
        // not signed, no PIN, wrong PIN, pending, allowance used
        assertThat(f.audits(d, "PRINT_ISSUED", false)).isEqualTo(5);
        assertThat(f.audits(d, "PRINTED", true)).isEqualTo(1);
        assertThat(f.audits(d, "PRINT_FAILED", true)).isEqualTo(1);
        assertThat(f.audits(d, "GREY_PRINTED", true)).isEqualTo(1);
        // reported twice, never issued, bad number, bad result
        assertThat(f.audits(d, "PRINTED", false)).isEqualTo(4);
    }

    @Test
    void anotherUnitsDeliveryIsNotFoundAndPeopleWithoutUsageAreForbidden() throws Exception {
        String doc = f.sendDocument(office, 3, 1);
        long d = f.deliveryId(doc, "ICBC-ZJ");
        f.signed(d, icbcA.username());
        var other = f.print(cmbA, d, "{\"pin\":\"" + f.unitPin("CMB-HZ") + "\"}");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.<String>json("$.code")).isEqualTo("printing.not-found");
        assertThat(f.report(cmbA, d, "000001", "ok").status()).isEqualTo(404);
        assertThat(f.get(cmbA, "/deliveries/" + d + "/print").status()).isEqualTo(404);
        assertThat(f.post(cmbA, "/deliveries/" + d + "/copy-requests", "{\"copies\":1,\"reason\":\"x\"}")
                        .status())
                .isEqualTo(404);
        // the sender sees its deliveries in tracking, but prints none of them
        assertThat(f.print(office, d).status()).isEqualTo(404);
        var leader = f.print(icbcLeader, d);
        assertThat(leader.status()).isEqualTo(403);
        // a printer needs a print server (sealpost.printing.cups-url), which this one has not
        var noServer = f.print(icbcA, d, "{\"printer\":\"Office\",\"pin\":\"" + f.unitPin("ICBC-ZJ") + "\"}");
        assertThat(noServer.status()).isEqualTo(422);
        assertThat(noServer.<String>json("$.code")).isEqualTo("printing.no-print-server");
        assertThat(f.count("SELECT count(*) FROM print_copy WHERE delivery_id = ?", d))
                .isZero();
        assertThat(f.audits(d, "PRINT_ISSUED", false)).isEqualTo(4);
    }

    @Test
    void voidedDeliveryCannotBePrintedNorItsCopiesReportedAsNew() throws Exception {
        String doc = f.sendDocument(office, 3, 1);
        long d = f.deliveryId(doc, "ICBC-ZJ");
        long cmb = f.deliveryId(doc, "CMB-HZ");
        f.signed(d, icbcA.username());
        assertThat(f.print(icbcA, d).copyNumber()).isEqualTo("000001");
        var voided = f.post(
                office,
                "/documents/" + doc + "/void",
                "{\"reason\":\"内容有误\",\"pin\":\"" + f.unitPin(office.unitCode()) + "\"}");
        assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
        var refused = f.print(icbcA, d);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.<String>json("$.code")).isEqualTo("printing.closed");
        // the unsigned delivery was recalled
        var recalled = f.print(cmbA, cmb, "{\"pin\":\"" + f.unitPin("CMB-HZ") + "\"}");
        assertThat(recalled.status()).isEqualTo(409);
        assertThat(recalled.<String>json("$.code")).isEqualTo("printing.recalled");
        // what was printed before the void can still be reported (the register must know it)
        assertThat(f.report(icbcA, d, "000001", "ok").status()).isEqualTo(200);
    }

    @Test
    void allAuthorisedNumbersFailedThenTheSenderGrantsMoreOnRequest() throws Exception {
        String doc = f.sendDocument(office, 2, 1);
        long d = f.deliveryId(doc, "ICBC-ZJ");
        f.signed(d, icbcA.username());
        assertThat(f.print(icbcA, d).copyNumber()).isEqualTo("000001");
        f.report(icbcA, d, "000001", "failed");
        assertThat(f.print(icbcA, d).copyNumber()).isEqualTo("000002");
        f.report(icbcA, d, "000002", "failed");
        var exhausted = f.print(icbcA, d);
        assertThat(exhausted.status()).isEqualTo(409);
        assertThat(exhausted.<String>json("$.code")).isEqualTo("printing.copies-exhausted");

        String path = "/deliveries/" + d + "/copy-requests";
        var noReason = f.post(icbcA, path, "{\"copies\":1,\"reason\":\" \"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.<String>json("$.code")).isEqualTo("printing.reason-required");
        assertThat(f.post(icbcA, path, "{\"copies\":11,\"reason\":\"打印机卡纸\"}").status())
                .isEqualTo(400);
        var asked = f.post(icbcA, path, "{\"copies\":2,\"reason\":\"打印机卡纸两次\"}");
        assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
        int requestId = asked.json("$.id");
        var twice = f.post(icbcB, path, "{\"copies\":1,\"reason\":\"再要一份\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.<String>json("$.code")).isEqualTo("printing.request-pending");

        // the sender sees it; the recipient cannot grant itself; more than asked is refused
        assertThat(f.get(office, "/copy-requests").<List<Integer>>json("$[*].id"))
                .contains(requestId);
        assertThat(f.get(icbcA, "/copy-requests").<List<Integer>>json("$[*].id"))
                .doesNotContain(requestId);
        var self = f.post(icbcA, "/copy-requests/" + requestId + "/grant", "{}");
        assertThat(self.status()).isEqualTo(404);
        assertThat(f.post(office, "/copy-requests/" + requestId + "/grant", "{\"copies\":3}")
                        .status())
                .isEqualTo(400);
        var granted = f.post(office, "/copy-requests/" + requestId + "/grant", "{\"copies\":1,\"note\":\"同意\"}");
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(granted.<String>json("$.state")).isEqualTo("GRANTED");
        assertThat(f.post(office, "/copy-requests/" + requestId + "/deny", "{\"note\":\"迟了\"}")
                        .status())
                .isEqualTo(409);
        assertThat(jdbc.queryForMap("SELECT copies_authorised, copies_to_succeed FROM delivery WHERE id = ?", d))
                .containsEntry("copies_authorised", 3)
                .containsEntry("copies_to_succeed", 2);
        assertThat(f.events(d, "COPIES_GRANTED")).isEqualTo(1);
        assertThat(f.count(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'COPIES_GRANTED' AND success = TRUE"
                                + " AND object_ref = ?",
                        "copy-request:" + requestId))
                .isEqualTo(1);

        // the next number continues the sequence
        Audits trail = new Audits(jdbc);
        var next = f.print(icbcA, d);
        assertThat(next.copyNumber()).isEqualTo("000003");
        trail.assertOne("PRINT_ISSUED", icbcA.username(), "delivery:" + d + "/copy:000003", true);
        f.report(icbcA, d, "000003", "ok");

        // a denial needs a note
        var another = f.post(icbcA, path, "{\"copies\":1,\"reason\":\"另需存档\"}");
        int anotherId = another.json("$.id");
        assertThat(f.post(office, "/copy-requests/" + anotherId + "/deny", "{}").status())
                .isEqualTo(400);
        var denied = f.post(office, "/copy-requests/" + anotherId + "/deny", "{\"note\":\"请使用脱密打印\"}");
        assertThat(denied.<String>json("$.state")).isEqualTo("DENIED");
        assertThat(f.count(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'COPIES_DENIED' AND success = TRUE"
                                + " AND object_ref = ?",
                        "copy-request:" + anotherId))
                .isEqualTo(1);
    }

    /** Issue 6 "done when": 100 concurrent attempts on allowance 1. */
    @Test
    void hundredConcurrentAttemptsOnAllowanceOneIssueExactlyOneCopyAtATime() throws Exception {
        String doc = f.sendDocument(office, 3, 1);
        long d = f.deliveryId(doc, "ICBC-ZJ");
        f.signed(d, icbcA.username());

        Map<String, Integer> round1 = race(d, 100, false);
        assertThat(round1.get("issued")).isEqualTo(1);
        assertThat(round1.get("printing.copy-pending")).isEqualTo(99);
        assertThat(f.audits(d, "PRINT_ISSUED", true) + f.audits(d, "PRINT_ISSUED", false))
                .isEqualTo(100);

        printing.report(icbcA, d, "000001", "failed", "paper jam");
        Map<String, Integer> round2 = race(d, 100, false);
        assertThat(round2.get("issued")).isEqualTo(1);
        assertThat(jdbc.queryForList(
                        "SELECT copy_number FROM print_copy WHERE delivery_id = ? ORDER BY copy_number",
                        Integer.class,
                        d))
                .containsExactly(1, 2);

        printing.report(icbcA, d, "000002", "ok", null);
        Map<String, Integer> round3 = race(d, 100, false);
        assertThat(round3.get("issued")).isNull();
        assertThat(round3.get("printing.allowance-used")).isEqualTo(100);
        assertThat(jdbc.queryForMap("SELECT copies_issued, copies_succeeded FROM delivery WHERE id = ?", d))
                .containsEntry("copies_issued", 2)
                .containsEntry("copies_succeeded", 1);
        assertThat(f.audits(d, "PRINT_ISSUED", true)).isEqualTo(2);
        assertThat(f.audits(d, "PRINT_ISSUED", false)).isEqualTo(298);
        assertThat(f.events(d, "PRINTED")).isEqualTo(1);
    }

    /** SECURITY.md R01: 100 threads, quota 5 → exactly 5 succeed, counter = 5, 5 audit rows. */
    @Test
    void printQuotaIsCountedExactlyOnceUnderConcurrency() throws Exception {
        String doc = f.sendDocument(office, 5, 5);
        long d = f.deliveryId(doc, "ICBC-ZJ");
        f.signed(d, icbcA.username());

        Map<String, Integer> outcome = race(d, 100, true);
        assertThat(outcome.get("issued")).as(outcome.toString()).isEqualTo(5);
        assertThat(jdbc.queryForMap("SELECT copies_issued, copies_succeeded, state FROM delivery WHERE id = ?", d))
                .containsEntry("copies_issued", 5)
                .containsEntry("copies_succeeded", 5)
                .containsEntry("state", "PRINTED");
        assertThat(jdbc.queryForList(
                        "SELECT copy_number FROM print_copy WHERE delivery_id = ? AND result = 'OK' ORDER BY copy_number",
                        Integer.class,
                        d))
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(f.count("SELECT count(*) FROM print_copy WHERE delivery_id = ?", d))
                .isEqualTo(5);
        assertThat(f.audits(d, "PRINTED", true)).isEqualTo(5);
        assertThat(f.events(d, "PRINTED")).isEqualTo(5);
        assertThat(f.audits(d, "PRINT_ISSUED", true) + f.audits(d, "PRINT_ISSUED", false))
                .isEqualTo(100);
        assertThatThrownBy(() -> printing.print(icbcA, command(d)))
                .isInstanceOf(PrintingException.class)
                .hasMessageContaining("allowed copies");
    }

    private PrintCommand command(long d) {
        return new PrintCommand(d, PrintKind.SEALED, null, f.unitPin("ICBC-ZJ").toCharArray());
    }

    /** {@code threads} attempts released together; counts "issued" and each refusal code. */
    private Map<String, Integer> race(long d, int threads, boolean reportOk) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicInteger unexpected = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                SignedInUser who = i % 2 == 0 ? icbcA : icbcB;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        IssuedCopy copy = printing.print(who, command(d));
                        outcomes.merge("issued", 1, Integer::sum);
                        if (reportOk) {
                            printing.report(who, d, copy.copyNumber().toString(), "ok", null);
                        }
                    } catch (PrintingException e) {
                        outcomes.merge(e.code(), 1, Integer::sum);
                    } catch (RuntimeException e) {
                        unexpected.incrementAndGet();
                        throw e;
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).hasValue(0);
        return outcomes;
    }
}
