package org.sealpost.server.register;

import java.time.LocalDate;

/**
 * What a register search asks for. Every field but the unit is optional; text fields match
 * anywhere in the value (title, number) or by unit code / part of the unit name (counterpart).
 *
 * @param unitCode whose register; {@link #ALL_UNITS} for the regulator office's view of every unit
 * @param from first day (China time), inclusive
 * @param to last day (China time), inclusive
 * @param typeCode 文种 code, exact
 * @param state the register state (see {@link RegisterState}), exact
 */
public record RegisterFilter(
        String unitCode,
        LocalDate from,
        LocalDate to,
        String typeCode,
        String docNo,
        String title,
        String counterpart,
        String state) {

    public static final String ALL_UNITS = "*";

    public RegisterFilter {
        typeCode = blankToNull(typeCode);
        docNo = blankToNull(docNo);
        title = blankToNull(title);
        counterpart = blankToNull(counterpart);
        state = blankToNull(state);
        if (from != null && to != null && to.isBefore(from)) {
            throw RegisterRefused.invalid("range", "the end date is before the start date");
        }
        for (String text : new String[] {typeCode, docNo, title, counterpart, state}) {
            if (text != null && text.length() > 200) {
                throw RegisterRefused.invalid("tooLong", "search terms are at most 200 characters");
            }
        }
    }

    public static RegisterFilter of(String unitCode) {
        return new RegisterFilter(unitCode, null, null, null, null, null, null, null);
    }

    public RegisterFilter forUnit(String code) {
        return new RegisterFilter(code, from, to, typeCode, docNo, title, counterpart, state);
    }

    boolean allUnits() {
        return ALL_UNITS.equals(unitCode);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
