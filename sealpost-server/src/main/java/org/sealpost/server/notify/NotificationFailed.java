package org.sealpost.server.notify;

/**
 * Thrown by a listener when some notifications of an event could not be sent: the event publication
 * stays incomplete, so the registry redelivers it (on restart, and by {@link RetryingFailedNotifications})
 * and only the FAILED recipients are tried again.
 */
public class NotificationFailed extends RuntimeException {

    NotificationFailed(String eventKey, int failed) {
        super(failed + " notification(s) of " + eventKey + " failed; the event will be redelivered");
    }
}
