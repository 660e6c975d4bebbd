package org.sealpost.server.calendar;

import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * When a delivery must be signed for (第二十八条): extra-urgent and urgent deliveries within a span
 * of working time, normal ones by the end of a working day ({@link DeadlineProperties}). Receiving
 * calls {@link #dueAt} when it writes a delivery; {@link FillingDueDates} fills any it missed.
 */
@Service
public class SignDeadlines {

    private final WorkingCalendar calendar;
    private final DeadlineProperties deadlines;

    SignDeadlines(WorkingCalendar calendar, DeadlineProperties deadlines) {
        this.calendar = calendar;
        this.deadlines = deadlines;
    }

    /**
     * @param urgency {@code NORMAL}, {@code URGENT} or {@code EXTRA_URGENT} (document.urgency)
     * @throws IllegalArgumentException for any other urgency
     */
    public Instant dueAt(Instant deliveredAt, String urgency) {
        return switch (urgency) {
            case "EXTRA_URGENT" -> calendar.addWorkingTime(deliveredAt, deadlines.extraUrgent());
            case "URGENT" -> calendar.addWorkingTime(deliveredAt, deadlines.urgent());
            case "NORMAL" -> calendar.endOfWorkingDay(deliveredAt, deadlines.normalWorkingDays());
            default -> throw new IllegalArgumentException("unknown urgency: " + urgency);
        };
    }

    public DeadlineProperties deadlines() {
        return deadlines;
    }
}
