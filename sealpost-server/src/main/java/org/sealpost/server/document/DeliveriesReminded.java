package org.sealpost.server.document;

import java.time.Instant;
import java.util.List;

/** Published when a sender reminds (催办) units that have not signed for a document yet. */
public record DeliveriesReminded(
        String documentId, String senderUnit, Urgency urgency, String title, List<String> unitCodes, Instant at) {

    public DeliveriesReminded {
        unitCodes = List.copyOf(unitCodes);
    }

    public String key() {
        return "document-reminded:" + documentId + ":" + at.toEpochMilli();
    }
}
