package org.sealpost.server.unit;

import java.time.Instant;

/**
 * One recorded change to a unit's roster, contacts or roster confirmation: who (username and
 * unit), when, what ({@code subject} and {@code change}), and the rows before and after.
 */
public record RosterChange(
        Instant occurredAt,
        String actor,
        String actorUnitCode,
        Subject subject,
        Change change,
        String before,
        String after) {

    public enum Subject {
        ROSTER,
        CONTACTS,
        CONFIRMATION
    }

    public enum Change {
        ADDED,
        UPDATED,
        REMOVED,
        REPLACED,
        CONFIRMED
    }
}
