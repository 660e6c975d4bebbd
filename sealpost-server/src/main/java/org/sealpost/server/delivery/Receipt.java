package org.sealpost.server.delivery;

import java.time.Instant;

/**
 * A signed receipt (签收回执): a CMS SignedData over the {@code Statement.receipt} of the document id,
 * the SM3 of the envelope header the unit received, the unit and the time, signed with the unit's
 * signing key. {@code replayed} when an earlier request already signed for it (the same receipt is
 * returned, nothing is signed twice).
 */
public record Receipt(
        long deliveryId,
        String documentId,
        String unitCode,
        Instant signedAt,
        String signedBy,
        String envelopeDigest,
        byte[] der,
        boolean endToEnd,
        boolean replayed) {

    @Override
    public String toString() {
        return "Receipt[" + deliveryId + ", " + documentId + ", " + unitCode + ", " + signedAt + ", " + der.length
                + " bytes" + (replayed ? ", replayed" : "") + "]";
    }
}
