package org.sealpost.server.notify;

import java.time.Instant;

/** One recorded notification, as the register shows it: the recipient is already masked. */
public record Notification(
        long id,
        String channel,
        String recipient,
        String unitCode,
        String subject,
        NotificationStatus status,
        String providerId,
        String detail,
        int attempts,
        String eventKey,
        Instant createdAt,
        Instant sentAt) {}
