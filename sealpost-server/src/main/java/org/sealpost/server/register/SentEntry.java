package org.sealpost.server.register;

import java.time.Instant;

/** One line of a unit's sent register (发文登记), derived from the document's and its deliveries' events. */
public record SentEntry(
        String documentId,
        String senderUnit,
        Instant sentAt,
        String typeCode,
        String docNo,
        String title,
        String urgency,
        int recipients,
        int signed,
        int returned,
        String state) {}
