package org.sealpost.server.printing;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sealpost.server.printing.ipp.IppClient;
import org.sealpost.server.printing.ipp.IppException;
import org.sealpost.server.printing.ipp.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reports copies sent to a printer by their IPP job state: {@code completed} → OK, {@code
 * canceled} or {@code aborted} → FAILED, anything else is asked again after {@code
 * sealpost.printing.poll-interval}. An unreachable print server is retried, never taken for a
 * result. On start it resumes every copy still PENDING with a job id, so a restart loses none.
 */
@Component
class PrintJobWatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PrintJobWatcher.class);

    /** The actor of results that come from the printer. */
    static final String PRINTER_ACTOR = "printer";

    private final PrintingStore store;
    private final CopyResults results;
    private final PrintingProperties properties;
    private final IppClient client;
    private final ScheduledExecutorService scheduler;

    PrintJobWatcher(PrintingStore store, CopyResults results, PrintingProperties properties) {
        this.store = store;
        this.results = results;
        this.properties = properties;
        this.client =
                properties.cupsUrl() == null ? null : new IppClient(properties.cupsUrl(), properties.requestTimeout());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "print-job-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** The IPP client, if a print server is configured. */
    Optional<IppClient> client() {
        return Optional.ofNullable(client);
    }

    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        if (client == null) {
            return;
        }
        store.jdbc()
                .query(
                        "SELECT delivery_id, copy_number, printer, job_id FROM print_copy"
                                + " WHERE result = 'PENDING' AND job_id IS NOT NULL",
                        rs -> {
                            watch(rs.getLong(1), new CopyNumber(rs.getInt(2)), rs.getString(3), rs.getString(4));
                        });
    }

    void watch(long deliveryId, CopyNumber copy, String printer, String jobId) {
        scheduler.schedule(
                () -> poll(deliveryId, copy, printer, jobId),
                properties.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void poll(long deliveryId, CopyNumber copy, String printer, String jobId) {
        try {
            JobState state = client.jobState(printer, Integer.parseInt(jobId));
            if (!state.terminal()) {
                watch(deliveryId, copy, printer, jobId);
                return;
            }
            CopyResult result = state == JobState.COMPLETED ? CopyResult.OK : CopyResult.FAILED;
            String reason =
                    "job " + jobId + " on " + printer + " " + state.name().toLowerCase(java.util.Locale.ROOT);
            report(deliveryId, copy, result, reason);
        } catch (IppException e) {
            log.warn("print job {} of delivery {} copy {}: {}; asking again", jobId, deliveryId, copy, e.getMessage());
            watch(deliveryId, copy, printer, jobId);
        } catch (RuntimeException e) {
            log.error("print job {} of delivery {} copy {} could not be recorded", jobId, deliveryId, copy, e);
            watch(deliveryId, copy, printer, jobId);
        }
    }

    /** Records the printer's result; a copy already reported is left as it is. */
    void report(long deliveryId, CopyNumber copy, CopyResult result, String reason) {
        try {
            store.tx().executeWithoutResult(status -> {
                CopyResults.Reported r = results.record(deliveryId, copy, result, PRINTER_ACTOR, reason, true);
                store.audit(
                        PRINTER_ACTOR,
                        r.delivery().unitCode(),
                        r.event(),
                        true,
                        "delivery:" + deliveryId + "/copy:" + copy,
                        reason);
            });
        } catch (PrintingException e) {
            log.info("print job result for delivery {} copy {} not recorded: {}", deliveryId, copy, e.getMessage());
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
