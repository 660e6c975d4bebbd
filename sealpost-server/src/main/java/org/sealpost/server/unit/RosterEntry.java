package org.sealpost.server.unit;

import java.util.List;

/** One person on a unit's roster (人员备案): duty, name, position, office phone, mobile. */
public record RosterEntry(Long id, RosterDuty duty, String name, String title, String officePhone, String mobile)
        implements RosterLine {

    public RosterEntry {
        name = RosterLine.clean(name);
        title = RosterLine.clean(title);
        officePhone = RosterLine.clean(officePhone);
        mobile = RosterLine.clean(mobile);
    }

    @Override
    public List<UnitException.FieldViolation> violations(String prefix) {
        List<UnitException.FieldViolation> v = new java.util.ArrayList<>(RosterLine.common(this, prefix));
        if (duty == null) {
            v.add(0, new UnitException.FieldViolation(prefix + "duty", "unit.validation.required"));
        }
        if (title != null && title.length() > 100) {
            v.add(new UnitException.FieldViolation(prefix + "title", "unit.validation.too-long"));
        }
        return v;
    }

    @Override
    public String summary() {
        return (duty == null ? "?" : duty.nameZh()) + " " + name + (title == null ? "" : "（" + title + "）")
                + RosterLine.phones(this);
    }

    RosterEntry withId(Long newId) {
        return new RosterEntry(newId, duty, name, title, officePhone, mobile);
    }

    /** The same entry with phones masked, for viewers who are neither the unit nor the office. */
    public RosterEntry masked() {
        return new RosterEntry(id, duty, name, title, PhoneNumbers.mask(officePhone), PhoneNumbers.mask(mobile));
    }
}
