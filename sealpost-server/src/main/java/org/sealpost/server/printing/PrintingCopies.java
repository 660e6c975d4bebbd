package org.sealpost.server.printing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sealpost.core.render.PrintCopies;
import org.sealpost.core.render.RenderException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.printing.ipp.IppClient;
import org.sealpost.server.printing.ipp.IppException;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;

/**
 * Controlled printing of a delivery (第十四条), one attempt at a time:
 *
 * <ol>
 *   <li><b>Check</b>: the delivery belongs to the caller's unit (else 404), the caller may use
 *       documents, and {@link PrintAllowance} allows a copy of that kind — a cheap first look so
 *       that refused attempts cost no decryption.
 *   <li><b>Open</b>: the sealed body is decrypted in memory with the unit key under the PIN in the
 *       request, before any number is taken, so a wrong PIN uses no copy number.
 *   <li><b>Issue</b>, in one transaction: the delivery row is locked ({@code SELECT … FOR UPDATE}),
 *       the allowance is checked again on what is now committed, the next copy number (last + 1,
 *       SEALED and GREY in one gapless sequence per delivery) is written to print_copy as PENDING,
 *       {@code copies_issued} grows for a SEALED copy, with a PRINT_ISSUED delivery event and the
 *       PRINT_ISSUED audit row. Concurrent attempts queue on the lock; each sees the previous one's
 *       copy, so a PENDING SEALED copy blocks the others until it is reported FAILED.
 *   <li><b>Render</b>: {@link PrintCopies#numberedCopy} with 份号 and the unit's name (SEALED) or
 *       {@link PrintCopies#greyCopy} labelled "脱密件 份号 …" (GREY), in memory.
 *   <li><b>Deliver</b>: to the named printer with IPP Print-Job when {@code
 *       sealpost.printing.cups-url} is set (the result then follows from the job state, see {@link
 *       PrintJobWatcher}); otherwise the PDF goes back to the caller, who reports the result.
 * </ol>
 *
 * <p>Every attempt leaves exactly one PRINT_ISSUED audit row: success with the copy number, or a
 * refusal with its code. A copy that cannot be rendered or submitted after its number was taken is
 * recorded FAILED at once (PRINT_FAILED), so its number is never lost and the next one can be used.
 */
@Service
public class PrintingCopies {

    private static final Logger log = LoggerFactory.getLogger(PrintingCopies.class);
    private static final int LOCK_RETRIES = 5;

    /**
     * One print attempt.
     *
     * @param printer a CUPS printer name, or null to receive the PDF
     * @param pin the unit key PIN (wiped after use)
     */
    public record PrintCommand(long deliveryId, PrintKind kind, String printer, char[] pin) {
        @Override
        public String toString() {
            return "PrintCommand[" + deliveryId + ", " + kind + ", " + printer + ", pin=[REDACTED]]";
        }
    }

    /**
     * An issued copy. {@code pdf} is the rendered copy when no printer was named (null otherwise);
     * {@code failure} says why a copy is already FAILED (it could not be rendered or submitted).
     */
    public record IssuedCopy(
            long deliveryId,
            CopyNumber copyNumber,
            PrintKind kind,
            CopyResult result,
            String printer,
            String jobId,
            String failure,
            byte[] pdf) {
        @Override
        public String toString() {
            return "IssuedCopy[" + deliveryId + ", " + copyNumber + ", " + kind + ", " + result + ", " + printer
                    + ", job " + jobId + (pdf == null ? "" : ", " + pdf.length + " bytes of PDF") + "]";
        }
    }

    /** A copy as listed for its unit. */
    public record CopyView(
            CopyNumber copyNumber,
            PrintKind kind,
            CopyResult result,
            String issuedBy,
            Instant issuedAt,
            String printer,
            String jobId,
            String reportedBy,
            Instant reportedAt,
            String failureReason) {}

    /** The allowance and its use, for the unit and the sender. */
    public record Allowance(
            long deliveryId, String state, int authorised, int toSucceed, int issued, int succeeded, int pending) {}

    private final PrintingStore store;
    private final SealedBodies bodies;
    private final CopyResults results;
    private final PrintJobWatcher watcher;
    private final PrintCopies render;
    private final UnitDirectory units;
    private final PrintingProperties properties;

    PrintingCopies(
            PrintingStore store,
            SealedBodies bodies,
            CopyResults results,
            PrintJobWatcher watcher,
            PrintCopies render,
            UnitDirectory units,
            PrintingProperties properties) {
        this.store = store;
        this.bodies = bodies;
        this.results = results;
        this.watcher = watcher;
        this.render = render;
        this.units = units;
        this.properties = properties;
    }

    /** One print attempt; see the class comment. Refusals are {@link PrintingException}s. */
    public IssuedCopy print(SignedInUser actor, PrintCommand command) {
        String ref = "delivery:" + command.deliveryId();
        PrintKind kind = command.kind() == null ? PrintKind.SEALED : command.kind();
        byte[] body = null;
        Issued issued;
        try {
            try {
                Optional<IppClient> ipp = printerFor(command.printer());
                PrintableDelivery d = store.recipientView(actor, command.deliveryId());
                PrintAllowance.refusal(d, kind, properties.greyAllowed()).ifPresent(e -> {
                    throw e;
                });
                body = bodies.open(d, command.pin());
                issued = issue(actor, command.deliveryId(), kind, ipp.isPresent() ? command.printer() : null);
            } catch (PrintingException e) {
                store.audit(actor, "PRINT_ISSUED", false, ref, e.code());
                throw e;
            } catch (RuntimeException e) {
                store.audit(actor, "PRINT_ISSUED", false, ref, e.getClass().getSimpleName());
                throw e;
            }
            return deliver(actor, issued, kind, body, command.printer());
        } finally {
            SealedBodies.wipe(body);
            if (command.pin() != null) {
                Arrays.fill(command.pin(), '\0');
            }
        }
    }

    private Optional<IppClient> printerFor(String printer) {
        if (printer == null || printer.isBlank()) {
            return Optional.empty();
        }
        if (!IppClient.validPrinterName(printer)) {
            throw PrintingException.invalid(
                    "bad-printer", "A printer name has 1 to 127 letters, digits, '.', '_' or '-'.");
        }
        return Optional.of(watcher.client()
                .orElseThrow(() -> PrintingException.unprocessable(
                        "no-print-server",
                        "This server prints through no print server (sealpost.printing.cups-url is not set):"
                                + " print without a printer name and report the result.")));
    }

    private record Issued(PrintableDelivery delivery, CopyNumber number) {}

    /** Takes the next copy number under the delivery lock; retried when the lock wait times out. */
    private Issued issue(SignedInUser actor, long deliveryId, PrintKind kind, String printer) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.tx().execute(status -> {
                    PrintableDelivery d = store.read(deliveryId, true).orElseThrow(PrintingException::notFound);
                    PrintAllowance.refusal(d, kind, properties.greyAllowed()).ifPresent(e -> {
                        throw e;
                    });
                    CopyNumber number = d.nextNumber();
                    store.jdbc()
                            .update(
                                    "INSERT INTO print_copy (delivery_id, copy_number, kind, issued_by, issued_at,"
                                            + " printer, result) VALUES (?, ?, ?, ?, ?, ?, 'PENDING')",
                                    deliveryId,
                                    number.value(),
                                    kind.name(),
                                    actor.username(),
                                    store.now(),
                                    printer);
                    if (kind == PrintKind.SEALED) {
                        int updated = store.jdbc()
                                .update(
                                        "UPDATE delivery SET copies_issued = copies_issued + 1, version = version + 1"
                                                + " WHERE id = ? AND copies_issued = ? AND copies_issued < copies_authorised",
                                        deliveryId,
                                        d.issued());
                        if (updated != 1) { // cannot happen under the lock; refuse rather than over-issue
                            throw new IllegalStateException("delivery " + deliveryId + " changed under its lock");
                        }
                    }
                    String detail = kind + " " + number + (printer == null ? "" : " to printer " + printer);
                    store.event(d, "PRINT_ISSUED", actor.username(), detail);
                    store.audit(actor, "PRINT_ISSUED", true, "delivery:" + deliveryId + "/copy:" + number, detail);
                    return new Issued(d, number);
                });
            } catch (TransientDataAccessException e) { // lock wait timed out, deadlock victim
                if (attempt >= LOCK_RETRIES) {
                    throw new PrintingException(
                            503, "busy", "Too many print attempts on this document at once: try again.");
                }
                log.debug("print copy of delivery {}: lock wait timed out, attempt {}", deliveryId, attempt);
            }
        }
    }

    private IssuedCopy deliver(SignedInUser actor, Issued issued, PrintKind kind, byte[] body, String printer) {
        long deliveryId = issued.delivery().id();
        CopyNumber number = issued.number();
        byte[] pdf;
        try {
            pdf = kind == PrintKind.SEALED
                    ? render.numberedCopy(
                            body, number.toString(), unitName(issued.delivery().unitCode()))
                    : render.greyCopy(body, "脱密件 份号 " + number);
        } catch (RenderException | java.io.UncheckedIOException e) {
            log.error("print copy {} of delivery {} could not be rendered", number, deliveryId, e);
            String reason = "the copy could not be rendered: " + e.getMessage();
            failNow(actor, deliveryId, number, reason);
            return new IssuedCopy(deliveryId, number, kind, CopyResult.FAILED, null, null, reason, null);
        }
        Optional<IppClient> ipp = printer == null || printer.isBlank() ? Optional.empty() : watcher.client();
        if (ipp.isEmpty()) {
            return new IssuedCopy(deliveryId, number, kind, CopyResult.PENDING, null, null, null, pdf);
        }
        try {
            int job = ipp.get()
                    .printJob(
                            printer,
                            "SealPost " + issued.delivery().documentId() + " 份号 " + number,
                            actor.username(),
                            pdf);
            store.jdbc()
                    .update(
                            "UPDATE print_copy SET job_id = ? WHERE delivery_id = ? AND copy_number = ?",
                            Integer.toString(job),
                            deliveryId,
                            number.value());
            watcher.watch(deliveryId, number, printer, Integer.toString(job));
            return new IssuedCopy(
                    deliveryId, number, kind, CopyResult.PENDING, printer, Integer.toString(job), null, null);
        } catch (IppException e) {
            String reason = "printer " + printer + ": " + e.getMessage();
            failNow(actor, deliveryId, number, reason);
            return new IssuedCopy(deliveryId, number, kind, CopyResult.FAILED, printer, null, reason, null);
        } finally {
            SealedBodies.wipe(pdf);
        }
    }

    private void failNow(SignedInUser actor, long deliveryId, CopyNumber number, String reason) {
        store.tx().executeWithoutResult(status -> {
            CopyResults.Reported r =
                    results.record(deliveryId, number, CopyResult.FAILED, actor.username(), reason, true);
            store.audit(actor, r.event(), true, "delivery:" + deliveryId + "/copy:" + number, reason);
        });
    }

    private String unitName(String unitCode) {
        return units.findByCode(unitCode).map(UnitRef::name).orElse(unitCode);
    }

    /**
     * The operator reports the result of a copy printed from its PDF: {@code ok} or {@code failed}.
     * Only an issued, still PENDING copy of this delivery can be reported, once; a copy sent to a
     * printer is reported by the printer's job state. Audited once as PRINTED, GREY_PRINTED or
     * PRINT_FAILED (a refusal under the type the report asked for).
     */
    public CopyView report(SignedInUser actor, long deliveryId, String copy, String result, String reason) {
        String ref = "delivery:" + deliveryId + "/copy:" + copy;
        String wanted = "failed".equalsIgnoreCase(result) ? "PRINT_FAILED" : "PRINTED";
        try {
            CopyResult outcome = parseResult(result);
            CopyNumber number = CopyNumber.parse(copy);
            store.recipientView(actor, deliveryId);
            String why = reason == null || reason.isBlank() ? null : reason.strip();
            store.tx().executeWithoutResult(status -> {
                CopyResults.Reported r = results.record(deliveryId, number, outcome, actor.username(), why, false);
                store.audit(actor, r.event(), true, "delivery:" + deliveryId + "/copy:" + number, why);
            });
            return copies(actor, deliveryId).stream()
                    .filter(c -> c.copyNumber().equals(number))
                    .findFirst()
                    .orElseThrow();
        } catch (PrintingException e) {
            store.audit(actor, wanted, false, ref, e.code());
            throw e;
        }
    }

    private static CopyResult parseResult(String result) {
        if (result == null) {
            throw PrintingException.invalid("bad-result", "Report a result as ok or failed.");
        }
        return switch (result.strip().toLowerCase(Locale.ROOT)) {
            case "ok", "success" -> CopyResult.OK;
            case "failed", "failure", "fail" -> CopyResult.FAILED;
            default -> throw PrintingException.invalid("bad-result", "Report a result as ok or failed.");
        };
    }

    /** The copies of a delivery of the caller's unit, in copy-number order. */
    public List<CopyView> copies(SignedInUser actor, long deliveryId) {
        store.recipientView(actor, deliveryId);
        return store.jdbc()
                .query(
                        "SELECT copy_number, kind, result, issued_by, issued_at, printer, job_id, reported_by,"
                                + " reported_at, failure_reason FROM print_copy WHERE delivery_id = ?"
                                + " ORDER BY copy_number",
                        (rs, n) -> new CopyView(
                                new CopyNumber(rs.getInt(1)),
                                PrintKind.valueOf(rs.getString(2)),
                                CopyResult.valueOf(rs.getString(3)),
                                rs.getString(4),
                                instant(rs.getObject(5, OffsetDateTime.class)),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                instant(rs.getObject(9, OffsetDateTime.class)),
                                rs.getString(10)),
                        deliveryId);
    }

    /** The allowance of a delivery of the caller's unit and how much of it is used. */
    public Allowance allowance(SignedInUser actor, long deliveryId) {
        store.recipientView(actor, deliveryId);
        PrintableDelivery d = store.read(deliveryId, false).orElseThrow(PrintingException::notFound);
        return new Allowance(
                d.id(), d.state(), d.authorised(), d.toSucceed(), d.issued(), d.succeeded(), d.pendingSealed());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
