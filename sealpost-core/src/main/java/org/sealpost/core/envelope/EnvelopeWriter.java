package org.sealpost.core.envelope;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.sealpost.core.crypto.ChunkedAead;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;

/**
 * Seals documents into envelopes of format v1 (docs/envelope-format.md), streaming: memory use is
 * bounded by the chunk window, whatever the payload size.
 *
 * <p>Sealing reads each payload twice: a hashing pass for the SM3 that goes into the signed
 * manifest (skipped when {@link Payload#withKnownSm3} supplies it), then the encryption pass. The
 * content key and nonce prefix are fresh random values for every envelope; the content key is
 * wrapped with SM2 for each recipient's encryption certificate and wiped after use.
 */
public final class EnvelopeWriter {

    private final Clock clock;
    private final SecureRandom random;
    private final int chunkSize;
    private final int parallelism;

    public EnvelopeWriter(Clock clock, SecureRandom random) {
        this(clock, random, ChunkedAead.DEFAULT_CHUNK_SIZE, ChunkedAead.defaultParallelism());
    }

    /** @param parallelism chunk workers; 1 encrypts on the calling thread only */
    public EnvelopeWriter(Clock clock, SecureRandom random, int chunkSize, int parallelism) {
        ChunkedAead.checkChunkSize(chunkSize);
        this.clock = clock;
        this.random = random;
        this.chunkSize = chunkSize;
        this.parallelism = parallelism;
    }

    /**
     * Writes the envelope to {@code out} (not closed) and returns its header.
     *
     * @throws IllegalArgumentException when a recipient certificate is not an SM2 encryption
     *     certificate or two recipients share a certificate
     * @throws TokenException when the sender's token cannot sign
     */
    public EnvelopeHeader seal(SealRequest request, Token sender, OutputStream out) throws IOException, TokenException {
        List<PayloadEntry> entries = new ArrayList<>();
        long total = 0;
        for (Payload payload : request.payloads()) {
            byte[] sm3 = payload.knownSm3() != null ? payload.knownSm3() : hash(payload);
            entries.add(new PayloadEntry(payload.name(), payload.mediaType(), payload.size(), sm3));
            total += payload.size();
        }
        ChunkedAead stream = ChunkedAead.newStream(random, chunkSize, parallelism);
        byte[] contentKey = stream.key();
        Manifest manifest;
        try {
            manifest = new Manifest(
                    EnvelopeFormat.VERSION,
                    request.documentId(),
                    clock.instant().truncatedTo(ChronoUnit.SECONDS),
                    request.senderUnit(),
                    Sm3.fingerprint(sender.signingCertificate()),
                    wrapForRecipients(request.recipients(), contentKey),
                    Sm3.digest(request.metadata()),
                    chunkSize,
                    stream.noncePrefix(),
                    entries);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
        byte[] manifestBytes = ManifestCodec.encode(manifest);
        byte[] signedRegion = signedRegion(manifestBytes);
        byte[] signature = sender.sign(signedRegion);
        byte[] digest = Sm3.digest(signedRegion);
        byte[] certificate = encoded(sender.signingCertificate());

        DataOutputStream header = new DataOutputStream(out);
        header.write(signedRegion);
        header.writeShort(certificate.length);
        header.write(certificate);
        header.writeShort(signature.length);
        header.write(signature);
        header.flush();
        try (InputStream plaintext = concatenated(request.payloads())) {
            stream.encrypt(plaintext, total, digest, out);
        }
        out.flush();
        return new EnvelopeHeader(manifest, sender.signingCertificate(), signature, digest);
    }

    private List<RecipientEntry> wrapForRecipients(List<SealRequest.Recipient> recipients, byte[] contentKey) {
        List<RecipientEntry> wrapped = new ArrayList<>(recipients.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SealRequest.Recipient recipient : recipients) {
            X509Certificate certificate = recipient.encryptionCertificate();
            boolean[] usage = certificate.getKeyUsage();
            if (usage == null || !usage[2]) {
                throw new IllegalArgumentException(
                        "certificate of " + recipient.unitCode() + " is not an encryption certificate");
            }
            byte[] fingerprint = Sm3.fingerprint(certificate);
            if (!seen.add(java.util.HexFormat.of().formatHex(fingerprint))) {
                throw new IllegalArgumentException("recipient certificate listed twice: " + recipient.unitCode());
            }
            try {
                wrapped.add(new RecipientEntry(
                        recipient.unitCode(),
                        fingerprint,
                        Sm2.encryptionKey(certificate.getPublicKey()).encrypt(contentKey, random)));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("certificate of " + recipient.unitCode() + " has no SM2 key", e);
            }
        }
        return wrapped;
    }

    static byte[] signedRegion(byte[] manifest) {
        byte[] region = new byte[EnvelopeFormat.PREFIX_LENGTH + manifest.length];
        System.arraycopy(EnvelopeFormat.MAGIC, 0, region, 0, EnvelopeFormat.MAGIC.length);
        region[5] = (byte) EnvelopeFormat.VERSION;
        region[6] = (byte) (manifest.length >>> 24);
        region[7] = (byte) (manifest.length >>> 16);
        region[8] = (byte) (manifest.length >>> 8);
        region[9] = (byte) manifest.length;
        System.arraycopy(manifest, 0, region, EnvelopeFormat.PREFIX_LENGTH, manifest.length);
        return region;
    }

    private static byte[] hash(Payload payload) throws IOException {
        try (InputStream in = new ExactLengthInputStream(payload.source().open(), payload.size(), payload.name())) {
            return Sm3.digest(in);
        }
    }

    private static InputStream concatenated(List<Payload> payloads) {
        return new SequenceInputStream(Collections.enumeration(new java.util.AbstractList<InputStream>() {
            @Override
            public InputStream get(int index) {
                Payload payload = payloads.get(index);
                return new LazyInputStream(
                        () -> new ExactLengthInputStream(payload.source().open(), payload.size(), payload.name()));
            }

            @Override
            public int size() {
                return payloads.size();
            }
        }));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("sender certificate cannot be encoded", e);
        }
    }
}
