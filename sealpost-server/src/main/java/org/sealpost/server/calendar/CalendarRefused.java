package org.sealpost.server.calendar;

/** A calendar change that is not allowed or makes no sense; {@link #code()} is the i18n key suffix. */
public class CalendarRefused extends RuntimeException {

    private final String code;
    private final boolean forbidden;

    CalendarRefused(String code, String message, boolean forbidden) {
        super(message);
        this.code = code;
        this.forbidden = forbidden;
    }

    public String code() {
        return code;
    }

    public boolean isForbidden() {
        return forbidden;
    }

    static CalendarRefused forbidden() {
        return new CalendarRefused(
                "forbidden", "only the system admin and the regulator office edit the calendar", true);
    }

    static CalendarRefused invalid(String code, String message) {
        return new CalendarRefused(code, message, false);
    }
}
