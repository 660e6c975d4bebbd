package org.sealpost.server.register;

import java.util.List;

/**
 * Register states are the last state-changing event of a history, never a column typed in: a
 * delivery is DELIVERED, SIGNED, RETURNED, PRINTED, DOWNLOADED, ARCHIVED, RECALLED, VOIDED or
 * DESTRUCTION_CONFIRMED (GREY_PRINTED counts as PRINTED); a sent document is SENT, RECALLED or
 * VOIDED. READ, REMINDED, PRINT_ISSUED, PRINT_FAILED, COPIES_GRANTED and SUPPLEMENTED change no
 * state.
 */
public final class RegisterState {

    public static final List<String> DELIVERY_STATE_EVENTS = List.of(
            "DELIVERED",
            "SIGNED",
            "RETURNED",
            "PRINTED",
            "GREY_PRINTED",
            "DOWNLOADED",
            "ARCHIVED",
            "RECALLED",
            "VOIDED",
            "DESTRUCTION_CONFIRMED");

    public static final List<String> DELIVERY_STATES = List.of(
            "DELIVERED",
            "SIGNED",
            "RETURNED",
            "PRINTED",
            "DOWNLOADED",
            "ARCHIVED",
            "RECALLED",
            "VOIDED",
            "DESTRUCTION_CONFIRMED");

    public static final List<String> DOCUMENT_STATE_EVENTS = List.of("SENT", "RECALLED", "VOIDED");

    public static final List<String> DOCUMENT_STATES = DOCUMENT_STATE_EVENTS;

    /** The state an event leads to. */
    public static String ofDeliveryEvent(String event) {
        return "GREY_PRINTED".equals(event) ? "PRINTED" : event;
    }

    private RegisterState() {}
}
