package org.sealpost.server.printing;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Records the result of an issued copy, exactly once: the copy must exist for that delivery and
 * still be PENDING (else 409), under the delivery row's lock so that a report and an issue never
 * interleave. An OK SEALED copy counts in {@code copies_succeeded} and turns a SIGNED or
 * DOWNLOADED delivery PRINTED; a FAILED one frees its place for the next copy number. One
 * delivery event (PRINTED, GREY_PRINTED or PRINT_FAILED) in the same transaction; the audit row is
 * written by the caller's transaction too.
 */
@Component
class CopyResults {

    /** A copy row as issued. */
    record IssuedRow(String kind, String result, String printer, String jobId) {}

    /** The delivery as it was before the report, and the event written (also the audit type). */
    record Reported(PrintableDelivery delivery, String event) {}

    private final PrintingStore store;

    CopyResults(PrintingStore store) {
        this.store = store;
    }

    /** Runs inside the caller's transaction. */
    Reported record(
            long deliveryId, CopyNumber copy, CopyResult result, String actor, String reason, boolean byPrinter) {
        if (result == CopyResult.PENDING) {
            throw PrintingException.invalid("bad-result", "Report a result as ok or failed.");
        }
        PrintableDelivery d = store.read(deliveryId, true).orElseThrow(PrintingException::notFound);
        IssuedRow row = row(deliveryId, copy);
        if (row == null) {
            throw PrintingException.conflict(
                    "unknown-copy", "Copy " + copy + " was never issued for this delivery: nothing to report.");
        }
        if (!CopyResult.PENDING.name().equals(row.result())) {
            throw PrintingException.conflict(
                    "already-reported",
                    "Copy " + copy + " was already reported " + row.result().toLowerCase(java.util.Locale.ROOT)
                            + ": a result is reported once.");
        }
        if (!byPrinter && row.jobId() != null) {
            throw PrintingException.conflict(
                    "reported-by-printer",
                    "Copy " + copy + " went to printer " + row.printer() + " (job " + row.jobId() + "): its result"
                            + " comes from the printer's job state. Cancel the job at the printer to fail it.");
        }
        int updated = store.jdbc()
                .update(
                        "UPDATE print_copy SET result = ?, reported_by = ?, reported_at = ?, failure_reason = ?"
                                + " WHERE delivery_id = ? AND copy_number = ? AND result = 'PENDING'",
                        result.name(),
                        PrintingStore.clip(actor, 64),
                        store.now(),
                        reason == null ? null : PrintingStore.clip(reason, 500),
                        deliveryId,
                        copy.value());
        if (updated != 1) {
            throw new IllegalStateException("copy " + copy + " changed under the delivery lock");
        }
        boolean sealed = PrintKind.SEALED.name().equals(row.kind());
        String event;
        if (result == CopyResult.OK && sealed) {
            store.jdbc()
                    .update(
                            "UPDATE delivery SET copies_succeeded = copies_succeeded + 1,"
                                    + " state = CASE WHEN state IN ('SIGNED', 'DOWNLOADED') THEN 'PRINTED' ELSE state END,"
                                    + " version = version + 1 WHERE id = ?",
                            deliveryId);
            event = "PRINTED";
        } else if (result == CopyResult.OK) {
            event = "GREY_PRINTED";
        } else {
            event = "PRINT_FAILED";
        }
        store.event(d, event, actor, row.kind() + " " + copy + (reason == null ? "" : ": " + reason));
        return new Reported(d, event);
    }

    IssuedRow row(long deliveryId, CopyNumber copy) {
        List<IssuedRow> rows = store.jdbc()
                .query(
                        "SELECT kind, result, printer, job_id FROM print_copy WHERE delivery_id = ? AND copy_number = ?",
                        (rs, n) -> new IssuedRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                        deliveryId,
                        copy.value());
        return rows.isEmpty() ? null : rows.get(0);
    }
}
