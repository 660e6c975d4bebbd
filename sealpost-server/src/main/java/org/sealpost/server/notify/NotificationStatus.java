package org.sealpost.server.notify;

/** Where one notification stands. Only FAILED is retried. */
public enum NotificationStatus {
    /**
     * Claimed for sending: committed before the gateway is called, so a second node or a redelivery
     * never sends it again. A row left SENDING (the node died between the gateway's answer and the
     * outcome's commit) is not resent automatically: whether it went out is unknown, so an operator
     * decides ({@link NotificationLog#stuckSending}).
     */
    SENDING,
    /** The gateway accepted it. */
    SENT,
    /** The gateway was unreachable or refused it; the event stays incomplete and is redelivered. */
    FAILED,
    /** Deliberately not sent (the channel is not configured); recorded so it is visible. */
    SKIPPED;

    boolean settled() {
        return this != FAILED;
    }
}
