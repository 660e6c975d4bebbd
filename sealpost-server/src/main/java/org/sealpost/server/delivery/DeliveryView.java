package org.sealpost.server.delivery;

import java.time.Instant;

/**
 * One delivery with its document's metadata, as the recipient unit sees it; never blob ids or key
 * material. {@code envelopeDigest} is the hex SM3 of the signed envelope header this unit received
 * (the first envelope or its 补发 supplement): receipts are statements over it; {@code
 * envelopeSentAt} is when the server recorded that envelope as sent.
 */
public record DeliveryView(
        long id,
        String documentId,
        String unitCode,
        String scopeRole,
        DeliveryState state,
        String title,
        String docNo,
        String typeCode,
        String urgency,
        String senderUnit,
        String senderName,
        Instant deliveredAt,
        Instant dueAt,
        Instant readAt,
        Instant signedAt,
        String signedBy,
        Instant returnedAt,
        String returnReason,
        Instant closedAt,
        String closedReason,
        int copiesAuthorised,
        int copiesToSucceed,
        int copiesIssued,
        int copiesSucceeded,
        String envelopeDigest,
        Instant envelopeSentAt,
        int version) {

    public boolean read() {
        return readAt != null;
    }

    /** Past its sign-for deadline and not signed for. */
    public boolean overdue(Instant now) {
        return dueAt != null && signedAt == null && state == DeliveryState.DELIVERED && dueAt.isBefore(now);
    }
}
