package org.sealpost.server.notify;

/** Where one notification stands. Only FAILED is retried. */
public enum NotificationStatus {
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
