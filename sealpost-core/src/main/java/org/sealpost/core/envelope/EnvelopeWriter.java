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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.sealpost.core.crypto.ChunkWorkers;
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

    /** Below this many recipients the wraps stay on the calling thread (a hand-off costs more). */
    static final int PARALLEL_WRAP_THRESHOLD = 16;

    /**
     * Wraps the content key for every recipient, in recipient order. With {@code parallelism > 1}
     * and enough recipients, the list is cut into {@code parallelism} contiguous slices: the calling
     * thread wraps the first, the shared {@link ChunkWorkers} the others (each wrap is one SM2
     * encryption, ~0.25 ms; 500 recipients are most of a send's CPU). Errors are reported as the
     * sequential loop would: the first recipient in list order that fails, and a repeated
     * certificate at its second occurrence.
     */
    private List<RecipientEntry> wrapForRecipients(List<SealRequest.Recipient> recipients, byte[] contentKey) {
        int n = recipients.size();
        Object[] results = new Object[n];
        int slices = Math.min(parallelism, n / (PARALLEL_WRAP_THRESHOLD / 2));
        if (slices <= 1 || n < PARALLEL_WRAP_THRESHOLD) {
            wrapSlice(recipients, contentKey, results, 0, n);
        } else {
            List<Future<?>> helpers = new ArrayList<>(slices - 1);
            try {
                for (int s = 1; s < slices; s++) {
                    int from = (int) ((long) n * s / slices);
                    int to = (int) ((long) n * (s + 1) / slices);
                    helpers.add(ChunkWorkers.pool().submit(() -> wrapSlice(recipients, contentKey, results, from, to)));
                }
                wrapSlice(recipients, contentKey, results, 0, (int) ((long) n / slices));
                for (Future<?> helper : helpers) {
                    helper.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while wrapping the content key", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("wrapping the content key failed", e.getCause());
            } finally {
                for (Future<?> helper : helpers) {
                    helper.cancel(true);
                }
            }
        }
        List<RecipientEntry> wrapped = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (results[i] instanceof RuntimeException failure) {
                throw failure;
            }
            RecipientEntry entry = (RecipientEntry) results[i];
            if (!seen.add(HexFormat.of().formatHex(entry.certificateSm3()))) {
                throw new IllegalArgumentException("recipient certificate listed twice: "
                        + recipients.get(i).unitCode());
            }
            wrapped.add(entry);
        }
        return wrapped;
    }

    /** Wraps for recipients [from, to): each result is a {@link RecipientEntry} or the exception. */
    private void wrapSlice(
            List<SealRequest.Recipient> recipients, byte[] contentKey, Object[] results, int from, int to) {
        for (int i = from; i < to; i++) {
            SealRequest.Recipient recipient = recipients.get(i);
            try {
                X509Certificate certificate = recipient.encryptionCertificate();
                boolean[] usage = certificate.getKeyUsage();
                if (usage == null || !usage[2]) {
                    throw new IllegalArgumentException(
                            "certificate of " + recipient.unitCode() + " is not an encryption certificate");
                }
                byte[] fingerprint = Sm3.fingerprint(certificate);
                try {
                    results[i] = new RecipientEntry(
                            recipient.unitCode(),
                            fingerprint,
                            Sm2.encryptionKey(certificate.getPublicKey()).encrypt(contentKey, random));
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("certificate of " + recipient.unitCode() + " has no SM2 key", e);
                }
            } catch (RuntimeException e) {
                results[i] = e;
            }
        }
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
