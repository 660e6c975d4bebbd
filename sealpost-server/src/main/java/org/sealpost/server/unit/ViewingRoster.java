package org.sealpost.server.unit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.RosterAccessPolicy.Activity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading rosters, contacts and their change log, each as the viewer may see it. */
@Service
@Transactional(readOnly = true)
public class ViewingRoster {

    private final UnitDirectory units;
    private final RosterStore store;
    private final RosterAccessPolicy policy;
    private final RosterProperties properties;
    private final Clock clock;

    ViewingRoster(UnitDirectory units, RosterStore store, RosterProperties properties, Clock clock) {
        this.units = units;
        this.store = store;
        this.policy = new RosterAccessPolicy();
        this.properties = properties;
        this.clock = clock;
    }

    public Roster view(String unitCode, SignedInUser viewer) {
        UnitRef unit = units.findByCode(unitCode).orElseThrow(() -> new UnitException.UnitNotFound(unitCode));
        boolean fullPhones = policy.require(viewer, unit, Activity.VIEW);
        List<RosterEntry> entries = store.entries(unit.id());
        List<Contact> contacts = store.contacts(unit.id());
        if (!fullPhones) {
            entries = entries.stream().map(RosterEntry::masked).toList();
            contacts = contacts.stream().map(Contact::masked).toList();
        }
        Instant confirmedAt = store.confirmedAt(unit.id()).orElse(null);
        return new Roster(
                unit,
                confirmedAt,
                confirmedAt == null || confirmedAt.isBefore(cutoff()),
                !fullPhones,
                policy.allows(viewer, unit, Activity.EDIT),
                policy.allows(viewer, unit, Activity.CONFIRM),
                policy.allows(viewer, unit, Activity.VIEW_CHANGES),
                entries,
                contacts);
    }

    /** The change log of a unit, newest first: for the unit itself and the regulator office. */
    public List<RosterChange> changes(String unitCode, SignedInUser viewer) {
        UnitRef unit = units.findByCode(unitCode).orElseThrow(() -> new UnitException.UnitNotFound(unitCode));
        policy.require(viewer, unit, Activity.VIEW_CHANGES);
        return store.changes(unit.id());
    }

    /** Units whose roster was not confirmed within {@code sealpost.roster.stale-after}, oldest first. */
    @PreAuthorize("hasAnyRole('OFFICE_STAFF', 'OFFICE_DIRECTOR')")
    public List<StaleRoster> stale() {
        return store.staleSince(cutoff());
    }

    public java.time.Duration staleAfter() {
        return properties.staleAfter();
    }

    private Instant cutoff() {
        return clock.instant().minus(properties.staleAfter());
    }
}
