package org.sealpost.server.delivery;

import java.time.Instant;

/**
 * Published in the transaction that returns a delivery (退回), through the event publication
 * registry, so the sender is told and may send a corrected version.
 */
public record DeliveryReturned(
        long deliveryId,
        String documentId,
        String unitCode,
        String senderUnit,
        String returnedBy,
        Instant returnedAt,
        String reason) {

    /** Stable identity across redeliveries. */
    public String key() {
        return "delivery-returned:" + deliveryId;
    }
}
