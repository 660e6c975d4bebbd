package org.sealpost.server.calendar;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sets {@code delivery.due_at} where it is still NULL, once a minute, in batches. The inbox shows
 * it; supervision never trusts it and recomputes every deadline from the events and today's
 * calendar, so a holiday added later changes the figures but not a due date already written.
 */
@Component
public class FillingDueDates {

    private static final Logger log = LoggerFactory.getLogger(FillingDueDates.class);
    static final int BATCH = 1_000;

    private final JdbcTemplate jdbc;
    private final SignDeadlines deadlines;

    FillingDueDates(JdbcTemplate jdbc, SignDeadlines deadlines) {
        this.jdbc = jdbc;
        this.deadlines = deadlines;
    }

    @Scheduled(initialDelay = 30_000, fixedDelay = 60_000)
    void scheduled() {
        int filled = fillMissing();
        if (filled > 0) {
            log.info("due dates filled for {} deliveries", filled);
        }
    }

    /** Fills every missing due date; returns how many rows were set. */
    public int fillMissing() {
        int total = 0;
        while (true) {
            record Row(long id, Instant deliveredAt, String urgency) {}
            List<Row> rows = jdbc.query(
                    "SELECT d.id, d.delivered_at, doc.urgency FROM delivery d JOIN document doc ON doc.id = d.document_id"
                            + " WHERE d.due_at IS NULL ORDER BY d.id LIMIT " + BATCH,
                    (rs, n) -> new Row(
                            rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)));
            if (rows.isEmpty()) {
                return total;
            }
            for (Row row : rows) {
                Instant due;
                try {
                    due = deadlines.dueAt(row.deliveredAt(), row.urgency());
                } catch (IllegalArgumentException e) {
                    log.warn("delivery {}: {}; due date set to the delivery time", row.id(), e.getMessage());
                    due = row.deliveredAt();
                }
                total += jdbc.update(
                        "UPDATE delivery SET due_at = ? WHERE id = ? AND due_at IS NULL",
                        due.atOffset(ZoneOffset.UTC),
                        row.id());
            }
        }
    }
}
