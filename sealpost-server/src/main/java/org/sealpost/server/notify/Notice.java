package org.sealpost.server.notify;

import java.time.Instant;

/**
 * One in-app notice of a unit. {@code title} is the document title (or empty for a check-in
 * reminder), {@code detail} a short addition (a return reason, the half-day); never document content.
 */
public record Notice(
        long id,
        NoticeKind kind,
        String title,
        String detail,
        String documentId,
        String urgency,
        String senderUnit,
        Instant createdAt,
        Instant readAt,
        String readBy) {

    public boolean unread() {
        return readAt == null;
    }

    public boolean urgent() {
        return "URGENT".equals(urgency) || "EXTRA_URGENT".equals(urgency);
    }
}
