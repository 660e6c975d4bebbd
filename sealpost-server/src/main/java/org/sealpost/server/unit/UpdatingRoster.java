package org.sealpost.server.unit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.RosterAccessPolicy.Activity;
import org.sealpost.server.unit.RosterChange.Change;
import org.sealpost.server.unit.RosterChange.Subject;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A unit admin (for their own unit) or the regulator office (for any unit) changes a roster or the
 * contacts, or the unit admin confirms the roster is current. Every change that alters something
 * is written to the change log with who, when and the rows before and after.
 */
@Service
@Transactional
public class UpdatingRoster {

    /** Replace the whole roster (the API's PUT). Ids in {@code entries} are ignored. */
    public record ReplaceRoster(String unitCode, List<RosterEntry> entries, SignedInUser actor) {}

    /** Replace all contacts (the API's PUT). Ids in {@code contacts} are ignored. */
    public record ReplaceContacts(String unitCode, List<Contact> contacts, SignedInUser actor) {}

    /** Add ({@code entry.id()} null) or change one roster entry of the unit. */
    public record SaveRosterEntry(String unitCode, RosterEntry entry, SignedInUser actor) {}

    public record RemoveRosterEntry(String unitCode, long entryId, SignedInUser actor) {}

    /** Add ({@code contact.id()} null) or change one contact of the unit. */
    public record SaveContact(String unitCode, Contact contact, SignedInUser actor) {}

    public record RemoveContact(String unitCode, long contactId, SignedInUser actor) {}

    /** The unit admin states that the roster and contacts are current (sets the "last confirmed" date). */
    public record ConfirmRoster(String unitCode, SignedInUser actor) {}

    private final UnitDirectory units;
    private final RosterStore store;
    private final RosterAccessPolicy policy = new RosterAccessPolicy();
    private final Clock clock;

    UpdatingRoster(UnitDirectory units, RosterStore store, Clock clock) {
        this.units = units;
        this.store = store;
        this.clock = clock;
    }

    public void replace(ReplaceRoster command) {
        List<RosterEntry> fresh =
                command.entries().stream().map(e -> e.withId(null)).toList();
        changeEntries(command.unitCode(), command.actor(), Change.REPLACED, current -> fresh);
    }

    public void save(SaveRosterEntry command) {
        RosterEntry entry = command.entry();
        changeEntries(
                command.unitCode(), command.actor(), entry.id() == null ? Change.ADDED : Change.UPDATED, current -> {
                    List<RosterEntry> next = new ArrayList<>(current);
                    if (entry.id() == null) {
                        next.add(entry);
                    } else {
                        next.set(indexOf(current, entry.id(), command.unitCode()), entry);
                    }
                    return next;
                });
    }

    public void remove(RemoveRosterEntry command) {
        changeEntries(command.unitCode(), command.actor(), Change.REMOVED, current -> {
            List<RosterEntry> next = new ArrayList<>(current);
            next.remove(indexOf(current, command.entryId(), command.unitCode()));
            return next;
        });
    }

    public void replace(ReplaceContacts command) {
        List<Contact> fresh =
                command.contacts().stream().map(c -> c.withId(null)).toList();
        changeContacts(command.unitCode(), command.actor(), Change.REPLACED, current -> fresh);
    }

    public void save(SaveContact command) {
        Contact contact = command.contact();
        changeContacts(
                command.unitCode(), command.actor(), contact.id() == null ? Change.ADDED : Change.UPDATED, current -> {
                    List<Contact> next = new ArrayList<>(current);
                    if (contact.id() == null) {
                        next.add(contact);
                    } else {
                        next.set(indexOf(current, contact.id(), command.unitCode()), contact);
                    }
                    return next;
                });
    }

    public void remove(RemoveContact command) {
        changeContacts(command.unitCode(), command.actor(), Change.REMOVED, current -> {
            List<Contact> next = new ArrayList<>(current);
            next.remove(indexOf(current, command.contactId(), command.unitCode()));
            return next;
        });
    }

    public void confirm(ConfirmRoster command) {
        UnitRef unit = unit(command.unitCode());
        policy.require(command.actor(), unit, Activity.CONFIRM);
        var now = clock.instant();
        String before = store.confirmedAt(unit.id()).map(Object::toString).orElse(null);
        store.confirm(unit.id(), now);
        store.record(
                unit.id(), now, actor(command.actor()), Subject.CONFIRMATION, Change.CONFIRMED, before, now.toString());
    }

    private void changeEntries(
            String unitCode, SignedInUser actor, Change change, UnaryOperator<List<RosterEntry>> edit) {
        UnitRef unit = unit(unitCode);
        policy.require(actor, unit, Activity.EDIT);
        List<RosterEntry> before = store.entries(unit.id());
        List<RosterEntry> after = edit.apply(before);
        validate(after, change);
        if (record(unit, actor, Subject.ROSTER, change, before, after)) {
            store.saveEntries(unit.id(), after);
        }
    }

    private void changeContacts(String unitCode, SignedInUser actor, Change change, UnaryOperator<List<Contact>> edit) {
        UnitRef unit = unit(unitCode);
        policy.require(actor, unit, Activity.EDIT);
        List<Contact> before = store.contacts(unit.id());
        List<Contact> after = edit.apply(before);
        validate(after, change);
        if (record(unit, actor, Subject.CONTACTS, change, before, after)) {
            store.saveContacts(unit.id(), after);
        }
    }

    /** Logs the rows that differ; false (and nothing logged) when nothing changed. */
    private boolean record(
            UnitRef unit,
            SignedInUser actor,
            Subject subject,
            Change change,
            List<? extends RosterLine> before,
            List<? extends RosterLine> after) {
        Set<String> was = summaries(before);
        Set<String> now = summaries(after);
        if (was.equals(now) && before.size() == after.size()) {
            return false;
        }
        Set<String> removed = new LinkedHashSet<>(was);
        removed.removeAll(now);
        Set<String> added = new LinkedHashSet<>(now);
        added.removeAll(was);
        store.record(
                unit.id(),
                clock.instant(),
                actor(actor),
                subject,
                change,
                removed.isEmpty() ? null : String.join("\n", removed),
                added.isEmpty() ? null : String.join("\n", added));
        return true;
    }

    private static Set<String> summaries(List<? extends RosterLine> lines) {
        Set<String> s = new LinkedHashSet<>();
        lines.forEach(line -> s.add(line.summary()));
        return s;
    }

    /** Row-level edits name fields plainly ("mobile"); whole-list replacements by index ("entries[2].mobile"). */
    private static void validate(List<? extends RosterLine> lines, Change change) {
        List<UnitException.FieldViolation> violations = new ArrayList<>();
        String list = lines.stream()
                .findFirst()
                .map(l -> l instanceof Contact ? "contacts" : "entries")
                .orElse("");
        for (int i = 0; i < lines.size(); i++) {
            violations.addAll(lines.get(i).violations(change == Change.REPLACED ? list + "[" + i + "]." : ""));
        }
        if (!violations.isEmpty()) {
            throw new UnitException.InvalidInput(change == Change.REPLACED ? violations : dedupe(violations));
        }
    }

    private static List<UnitException.FieldViolation> dedupe(List<UnitException.FieldViolation> violations) {
        return List.copyOf(new LinkedHashSet<>(violations));
    }

    private static int indexOf(List<? extends RosterLine> lines, long id, String unitCode) {
        for (int i = 0; i < lines.size(); i++) {
            Long rowId = lines.get(i).id();
            if (rowId != null && rowId == id) {
                return i;
            }
        }
        // an id of another unit's row is answered exactly like a missing row (C02)
        throw new UnitException.RowNotFound(unitCode, id);
    }

    private UnitRef unit(String code) {
        return units.findByCode(code).orElseThrow(() -> new UnitException.UnitNotFound(code));
    }

    private static RosterStore.SignedInActor actor(SignedInUser user) {
        return new RosterStore.SignedInActor(user.username(), user.unitCode());
    }
}
