package org.sealpost.server.printing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import org.sealpost.core.envelope.EnvelopeException;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.token.Token;
import org.sealpost.server.blob.BlobException;
import org.sealpost.server.blob.BlobStore;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.UnitKeySessions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sealed body (the stamped PDF or OFD, the envelope's first file) of a delivery, opened in
 * memory with the recipient unit's encryption key under its PIN. The envelope must be the one
 * recorded when it was sent (its SM3 digest is compared with the document's or the supplement's
 * {@code envelope_digest}). Nothing is written to disk; the caller wipes the bytes after use.
 */
@Component
class SealedBodies {

    private final JdbcTemplate jdbc;
    private final BlobStore blobs;
    private final UnitKeySessions keySessions;
    private final EnvelopeReader reader = new EnvelopeReader(SenderCheck.signatureOnly(), 1);

    SealedBodies(JdbcTemplate jdbc, BlobStore blobs, UnitKeySessions keySessions) {
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.keySessions = keySessions;
    }

    /** @throws PrintingException pin-required, unit-key.*, or envelope-unreadable */
    byte[] open(PrintableDelivery delivery, char[] pin) {
        String[] envelope = envelope(delivery.id());
        Token token;
        try {
            token = keySessions.acquire(delivery.unitCode(), pin);
        } catch (PkiException e) {
            if ("unit-key-locked".equals(e.code())) {
                throw PrintingException.invalid(
                        "unit-pin-required",
                        "The unit key is locked: enter your unit's key PIN (the document is decrypted with the unit"
                                + " key).");
            }
            throw unitKeyRefused(e);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (token;
                InputStream in = blobs.open(envelope[0])) {
            int[] entry = {0};
            EnvelopeHeader header =
                    reader.open(in, token, e -> entry[0]++ == 0 ? body : OutputStream.nullOutputStream());
            if (!header.digestHex().equalsIgnoreCase(envelope[1])) {
                throw new EnvelopeException(EnvelopeException.Reason.TAMPERED_MANIFEST, "not the envelope sent");
            }
            return body.toByteArray();
        } catch (EnvelopeException | IOException | BlobException e) {
            throw new PrintingException(
                    500,
                    "envelope-unreadable",
                    "The stored document could not be opened (" + e.getMessage() + "); the administrators were"
                            + " alerted.");
        } finally {
            wipe(body);
        }
    }

    /** The delivery's envelope blob and the digest recorded when it was sent. */
    private String[] envelope(long deliveryId) {
        List<String[]> rows = jdbc.query(
                "SELECT COALESCE(d.envelope_blob, doc.envelope_blob),"
                        + " COALESCE(s.envelope_digest, doc.envelope_digest)"
                        + " FROM delivery d JOIN document doc ON doc.id = d.document_id"
                        + " LEFT JOIN document_supplement s ON s.document_id = d.document_id"
                        + " AND s.envelope_blob = d.envelope_blob"
                        + " WHERE d.id = ?",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)},
                deliveryId);
        if (rows.isEmpty() || rows.get(0)[0] == null) {
            throw new PrintingException(409, "no-envelope", "This delivery has no envelope to print from.");
        }
        return rows.get(0);
    }

    private static void wipe(ByteArrayOutputStream body) {
        // toByteArray copies; the internal buffer is overwritten by resetting and writing zeros
        int size = body.size();
        body.reset();
        body.write(new byte[size], 0, size);
    }

    static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static PrintingException unitKeyRefused(PkiException e) {
        return switch (e.code()) {
            case "wrong-pin" ->
                new PrintingException(
                        422,
                        "unit-key.wrong-pin",
                        "Wrong unit key PIN"
                                + (e.remainingAttempts() >= 0
                                        ? ": " + e.remainingAttempts() + " attempt(s) left before the key locks."
                                        : "."));
            case "locked" ->
                new PrintingException(
                        423,
                        "unit-key.locked",
                        "The unit key is locked after five wrong PINs: the security admin resets it.");
            case "not-found" ->
                new PrintingException(
                        409,
                        "unit-key.missing",
                        "Your unit has no certificates yet: the unit admin issues them first.");
            default ->
                new PrintingException(409, "unit-key." + e.code(), "The unit key cannot be used: " + e.getMessage());
        };
    }
}
