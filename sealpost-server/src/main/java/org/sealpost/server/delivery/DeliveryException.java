package org.sealpost.server.delivery;

/**
 * A refused delivery action: HTTP {@link #status()}, a stable {@link #code()} ({@code
 * delivery.<what>}) and a message the operator can act on; {@link #remainingAttempts()} is set for
 * a wrong unit PIN. Mapped to problem+json in one place ({@code api.DeliveryApiExceptionHandler}).
 */
public class DeliveryException extends RuntimeException {

    private final int status;
    private final String code;
    private final int remainingAttempts;

    public DeliveryException(int status, String code, String message) {
        this(status, code, message, -1);
    }

    public DeliveryException(int status, String code, String message, int remainingAttempts) {
        super(message);
        this.status = status;
        this.code = code;
        this.remainingAttempts = remainingAttempts;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Attempts left before the unit key locks, or -1 when this is not a wrong PIN. */
    public int remainingAttempts() {
        return remainingAttempts;
    }

    /** Another unit's delivery, or none: the same answer (C02). */
    static DeliveryException notFound() {
        return new DeliveryException(404, "delivery.not-found", "No such delivery.");
    }

    static DeliveryException forbidden(String why) {
        return new DeliveryException(403, "delivery.forbidden", why);
    }

    static DeliveryException invalid(String code, String message) {
        return new DeliveryException(400, "delivery." + code, message);
    }

    static DeliveryException conflict(String code, String message) {
        return new DeliveryException(409, "delivery." + code, message);
    }

    /** Recalled or voided by the sender: the electronic copy is gone for good. */
    static DeliveryException gone(DeliveryState state) {
        return new DeliveryException(
                410,
                "delivery.gone",
                state == DeliveryState.RECALLED
                        ? "The sender recalled this document (撤回): it can no longer be opened."
                        : "The sender voided this document (作废): it can no longer be opened;"
                                + " confirm the destruction of every printed copy.");
    }
}
