package org.sealpost.server.document;

import java.util.List;

/**
 * Published in the transaction that sends a document (or a 补发 supplement), through the event
 * publication registry, so that notifications (SMS for urgent ones, live inboxes) are never lost.
 *
 * @param unitCodes the units that received a delivery in this act
 * @param supplement true for a 补发 to further units
 */
public record DocumentSent(
        String documentId,
        String senderUnit,
        Urgency urgency,
        String title,
        String docNo,
        List<String> unitCodes,
        boolean supplement) {

    public DocumentSent {
        unitCodes = List.copyOf(unitCodes);
    }

    /** Stable identity across redeliveries. */
    public String key() {
        return "document-sent:" + documentId + ":"
                + (supplement ? String.join(",", unitCodes).hashCode() : "first");
    }
}
