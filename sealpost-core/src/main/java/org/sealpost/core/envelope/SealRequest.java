package org.sealpost.core.envelope;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What to seal: the document id, the sending unit, the document metadata (any canonical bytes the
 * caller chooses — only their SM3 goes into the manifest), the recipients' encryption
 * certificates, and the payload files in order.
 */
public record SealRequest(
        String documentId, String senderUnit, byte[] metadata, List<Recipient> recipients, List<Payload> payloads) {

    /** A recipient unit and its encryption certificate (already verified by the caller). */
    public record Recipient(String unitCode, X509Certificate encryptionCertificate) {}

    public SealRequest {
        metadata = metadata.clone();
        recipients = List.copyOf(recipients);
        payloads = List.copyOf(payloads);
        if (recipients.isEmpty() || payloads.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient and one payload");
        }
    }
}
