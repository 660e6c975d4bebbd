package org.sealpost.server.register;

import java.time.Instant;

/** One line of a unit's received register (收文登记), derived from the delivery's events. */
public record ReceivedEntry(
        long deliveryId,
        String unitCode,
        String documentId,
        Instant deliveredAt,
        String senderUnit,
        String senderName,
        String typeCode,
        String docNo,
        String title,
        String urgency,
        String state,
        Instant readAt,
        Instant signedAt,
        String signedBy,
        int copiesPrinted,
        Instant returnedAt,
        String returnReason) {}
