package org.sealpost.server.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.sealpost.core.envelope.EnvelopeException;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.SenderCheck;
import org.springframework.stereotype.Component;

/**
 * The signed envelope header each delivery's unit received, kept in the database by the sending
 * side ({@code document.envelope_header}, or {@code document_supplement.envelope_header} for a 补发):
 * it lists the files and is what receipts refer to, and it outlives the shredding of the envelope.
 * Parsed with the sender signature checked (integrity); the sender's certificate is checked in full
 * when the envelope is opened.
 */
@Component
class EnvelopeHeaders {

    private final DeliveryStore store;

    EnvelopeHeaders(DeliveryStore store) {
        this.store = store;
    }

    EnvelopeHeader of(DeliveryView d) {
        byte[] bytes = store.jdbc()
                .queryForObject(
                        "SELECT coalesce(s.envelope_header, doc.envelope_header) FROM delivery d"
                                + " JOIN document doc ON doc.id = d.document_id"
                                + " LEFT JOIN document_supplement s ON s.document_id = d.document_id"
                                + " AND s.envelope_blob = d.envelope_blob WHERE d.id = ?",
                        byte[].class,
                        d.id());
        if (bytes == null) {
            throw new DeliveryException(500, "delivery.no-envelope", "The delivery has no envelope on record.");
        }
        try {
            return new EnvelopeReader(SenderCheck.signatureOnly(), 1).readHeader(new ByteArrayInputStream(bytes));
        } catch (EnvelopeException | IOException e) {
            throw new DeliveryException(
                    500, "delivery.envelope-header-damaged", "The envelope header on record does not verify.");
        }
    }
}
