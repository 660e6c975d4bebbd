package org.sealpost.core.envelope;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The signed description of an envelope (format v1, see docs/envelope-format.md): who sent it with
 * which certificate, to whom (with a wrapped content key each), what it carries (names, media
 * types, sizes and SM3 digests of the plaintext), the SM3 of the document metadata, how the
 * payload is encrypted, and when it was made.
 */
public record Manifest(
        int version,
        String documentId,
        Instant createdAt,
        String senderUnit,
        byte[] senderCertificateSm3,
        List<RecipientEntry> recipients,
        byte[] metadataSm3,
        int chunkSize,
        byte[] noncePrefix,
        List<PayloadEntry> entries) {

    public Manifest {
        senderCertificateSm3 = senderCertificateSm3.clone();
        recipients = List.copyOf(recipients);
        metadataSm3 = metadataSm3.clone();
        noncePrefix = noncePrefix.clone();
        entries = List.copyOf(entries);
    }

    @Override
    public byte[] senderCertificateSm3() {
        return senderCertificateSm3.clone();
    }

    @Override
    public byte[] metadataSm3() {
        return metadataSm3.clone();
    }

    @Override
    public byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    /** Total plaintext length: the sum of the entry sizes. */
    public long payloadSize() {
        return entries.stream().mapToLong(PayloadEntry::size).sum();
    }

    public String metadataSm3Hex() {
        return HexFormat.of().formatHex(metadataSm3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && java.util.Arrays.equals(ManifestCodec.encode(this), ManifestCodec.encode(m));
    }

    @Override
    public int hashCode() {
        return documentId.hashCode();
    }
}
