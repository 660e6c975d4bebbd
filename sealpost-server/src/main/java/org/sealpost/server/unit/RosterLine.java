package org.sealpost.server.unit;

import java.util.ArrayList;
import java.util.List;

/** One row of a unit's roster or contacts: identified, validated, summarised for the change log. */
public sealed interface RosterLine permits RosterEntry, Contact {

    /** Database id; null for a row not yet stored. */
    Long id();

    String name();

    String officePhone();

    String mobile();

    /** One human-readable line for the change log, phones in full. */
    String summary();

    /** The field rules this row breaks, each field prefixed with {@code prefix}. */
    List<UnitException.FieldViolation> violations(String prefix);

    /** Rules shared by roster entries and contacts: name required, phones well formed, one phone at least. */
    static List<UnitException.FieldViolation> common(RosterLine line, String prefix) {
        List<UnitException.FieldViolation> v = new ArrayList<>();
        if (line.name() == null || line.name().isBlank()) {
            v.add(new UnitException.FieldViolation(prefix + "name", "unit.validation.required"));
        } else if (line.name().length() > 50) {
            v.add(new UnitException.FieldViolation(prefix + "name", "unit.validation.too-long"));
        }
        if (line.officePhone() != null
                && !PhoneNumbers.isLandline(line.officePhone())
                && !PhoneNumbers.isMobile(line.officePhone())) {
            v.add(new UnitException.FieldViolation(prefix + "officePhone", "roster.validation.office-phone"));
        }
        if (line.mobile() != null && !PhoneNumbers.isMobile(line.mobile())) {
            v.add(new UnitException.FieldViolation(prefix + "mobile", "roster.validation.mobile"));
        }
        if (line.officePhone() == null && line.mobile() == null) {
            v.add(new UnitException.FieldViolation(prefix + "mobile", "roster.validation.phone-required"));
        }
        return v;
    }

    static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String phones(RosterLine line) {
        StringBuilder s = new StringBuilder();
        if (line.officePhone() != null) {
            s.append(" 办公 ").append(line.officePhone());
        }
        if (line.mobile() != null) {
            s.append(" 手机 ").append(line.mobile());
        }
        return s.toString();
    }
}
