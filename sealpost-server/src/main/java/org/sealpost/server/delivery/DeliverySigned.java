package org.sealpost.server.delivery;

import java.time.Instant;

/**
 * Published in the transaction that signs for a delivery, through the event publication registry:
 * the sender's tracking view and notifications listen to it.
 *
 * @param endToEnd true when the receipt was signed by the unit's own key outside the server
 */
public record DeliverySigned(
        long deliveryId,
        String documentId,
        String unitCode,
        String senderUnit,
        String signedBy,
        Instant signedAt,
        boolean endToEnd) {

    /** Stable identity across redeliveries. */
    public String key() {
        return "delivery-signed:" + deliveryId;
    }
}
