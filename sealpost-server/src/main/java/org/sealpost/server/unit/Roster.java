package org.sealpost.server.unit;

import java.time.Instant;
import java.util.List;

/**
 * A unit's roster and contacts as one viewer may see them: phones and contacts' e-mail addresses
 * are already masked when {@code phonesMasked}; the flags say what this viewer may do next.
 */
public record Roster(
        UnitRef unit,
        Instant confirmedAt,
        boolean stale,
        boolean phonesMasked,
        boolean editable,
        boolean confirmable,
        boolean changesVisible,
        List<RosterEntry> entries,
        List<Contact> contacts) {

    public Roster {
        entries = List.copyOf(entries);
        contacts = List.copyOf(contacts);
    }
}
