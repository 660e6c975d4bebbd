package org.sealpost.core.envelope;

import static org.sealpost.core.envelope.EnvelopeException.Reason.BAD_SIGNATURE;
import static org.sealpost.core.envelope.EnvelopeException.Reason.CHUNK_AUTH_FAILED;
import static org.sealpost.core.envelope.EnvelopeException.Reason.KEY_UNWRAP_FAILED;
import static org.sealpost.core.envelope.EnvelopeException.Reason.MALFORMED;
import static org.sealpost.core.envelope.EnvelopeException.Reason.NOT_A_RECIPIENT;
import static org.sealpost.core.envelope.EnvelopeException.Reason.PAYLOAD_DIGEST_MISMATCH;
import static org.sealpost.core.envelope.EnvelopeException.Reason.TAMPERED_MANIFEST;
import static org.sealpost.core.envelope.EnvelopeException.Reason.TRAILING_DATA;
import static org.sealpost.core.envelope.EnvelopeException.Reason.TRUNCATED;
import static org.sealpost.core.envelope.EnvelopeException.Reason.UNSUPPORTED_VERSION;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.sealpost.core.crypto.ChunkedAead;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.crypto.StreamAuthenticationException;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;

/**
 * Reads envelopes of format v1, streaming, in the verification order of docs/envelope-format.md:
 * framing and version, sender signature over the header, manifest, sender certificate (through the
 * {@link SenderCheck}), recipient lookup and key unwrapping, then the chunks in order, the end of
 * input, and the SM3 of every file. Every refusal is an {@link EnvelopeException} with its reason;
 * hostile length fields are bounded before anything is allocated.
 */
public final class EnvelopeReader {

    private final SenderCheck senderCheck;
    private final int parallelism;

    public EnvelopeReader(SenderCheck senderCheck) {
        this(senderCheck, ChunkedAead.defaultParallelism());
    }

    /** @param parallelism chunk workers; 1 decrypts on the calling thread only */
    public EnvelopeReader(SenderCheck senderCheck, int parallelism) {
        this.senderCheck = senderCheck;
        this.parallelism = parallelism;
    }

    /**
     * Reads and verifies everything before the payload (signature and sender check included) and
     * leaves {@code in} at the first chunk. Used to inspect an envelope without a key.
     */
    public EnvelopeHeader readHeader(InputStream in) throws IOException, EnvelopeException {
        byte[] prefix = readExactly(in, EnvelopeFormat.PREFIX_LENGTH, "header");
        if (!Arrays.equals(prefix, 0, 5, EnvelopeFormat.MAGIC, 0, 5)) {
            throw new EnvelopeException(MALFORMED, "not a SealPost envelope");
        }
        if (prefix[5] != EnvelopeFormat.VERSION) {
            throw new EnvelopeException(
                    UNSUPPORTED_VERSION, "envelope format version " + (prefix[5] & 0xff) + " is not supported");
        }
        long manifestLength = ((prefix[6] & 0xffL) << 24)
                | ((prefix[7] & 0xff) << 16)
                | ((prefix[8] & 0xff) << 8)
                | (prefix[9] & 0xff);
        if (manifestLength < 1 || manifestLength > EnvelopeFormat.MAX_MANIFEST) {
            throw new EnvelopeException(MALFORMED, "manifest length out of range: " + manifestLength);
        }
        byte[] manifestBytes = readExactly(in, (int) manifestLength, "manifest");
        byte[] certificateBytes =
                readExactly(in, readLength(in, EnvelopeFormat.MAX_CERTIFICATE, "certificate"), "certificate");
        byte[] signature = readExactly(in, readLength(in, EnvelopeFormat.MAX_SIGNATURE, "signature"), "signature");

        X509Certificate sender;
        try {
            sender = Pem.certificate(certificateBytes);
        } catch (IOException e) {
            throw new EnvelopeException(MALFORMED, "sender certificate cannot be parsed", e);
        }
        byte[] signedRegion = EnvelopeWriter.signedRegion(manifestBytes);
        try {
            if (!Sm2.verify(sender.getPublicKey(), signedRegion, signature)) {
                throw new EnvelopeException(BAD_SIGNATURE, "sender signature does not verify");
            }
        } catch (InvalidKeyException | RuntimeException e) {
            throw new EnvelopeException(BAD_SIGNATURE, "sender certificate has no usable SM2 key", e);
        }
        Manifest manifest = ManifestCodec.decode(manifestBytes);
        if (manifest.version() != EnvelopeFormat.VERSION) {
            throw new EnvelopeException(TAMPERED_MANIFEST, "manifest version differs from header version");
        }
        if (!MessageDigest.isEqual(manifest.senderCertificateSm3(), Sm3.digest(certificateBytes))) {
            throw new EnvelopeException(TAMPERED_MANIFEST, "enclosed certificate is not the one the manifest names");
        }
        senderCheck.check(sender);
        return new EnvelopeHeader(manifest, sender, signature, Sm3.digest(signedRegion));
    }

    /** Opens the envelope with the recipient's token, writing each file to the sink. */
    public EnvelopeHeader open(InputStream in, Token recipient, PayloadSink sink)
            throws IOException, EnvelopeException {
        InputStream input = new BufferedInputStream(in, 64 * 1024);
        EnvelopeHeader header = readHeader(input);
        Manifest manifest = header.manifest();
        byte[] contentKey = unwrap(manifest, recipient);
        EntrySplitter splitter = new EntrySplitter(manifest.entries(), sink);
        try {
            ChunkedAead.forDecryption(contentKey, manifest.noncePrefix(), manifest.chunkSize(), parallelism)
                    .decrypt(input, manifest.payloadSize(), header.digest(), splitter);
        } catch (StreamAuthenticationException e) {
            throw new EnvelopeException(
                    e.kind() == StreamAuthenticationException.Kind.TRUNCATED ? TRUNCATED : CHUNK_AUTH_FAILED,
                    e.getMessage(),
                    e);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
        byte[][] digests = splitter.finish();
        if (input.read() >= 0) {
            throw new EnvelopeException(TRAILING_DATA, "bytes follow the last chunk");
        }
        for (int i = 0; i < digests.length; i++) {
            if (!MessageDigest.isEqual(digests[i], manifest.entries().get(i).sm3())) {
                throw new EnvelopeException(
                        PAYLOAD_DIGEST_MISMATCH,
                        "file " + manifest.entries().get(i).name() + " differs from what the sender signed");
            }
        }
        return header;
    }

    /**
     * Opens the envelope writing all files, concatenated in manifest order, to {@code out} (not
     * closed). For the usual single-file envelope that is the document itself.
     */
    public EnvelopeHeader open(InputStream in, Token recipient, OutputStream out)
            throws IOException, EnvelopeException {
        OutputStream unclosable = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
        return open(in, recipient, entry -> unclosable);
    }

    /**
     * Opens the envelope file into {@code target} (which must not exist): plaintext goes to a
     * temporary file beside the target, moved into place only when everything verified, and deleted
     * on any failure — never partial plaintext under the target name.
     */
    public EnvelopeHeader openToFile(Path envelope, Token recipient, Path target)
            throws IOException, EnvelopeException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, ".sealpost-", ".part");
        boolean done = false;
        try {
            EnvelopeHeader header;
            try (InputStream in = Files.newInputStream(envelope);
                    OutputStream out = Files.newOutputStream(temporary)) {
                header = open(in, recipient, out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            done = true;
            return header;
        } finally {
            if (!done) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * A commitment to the content key that {@code recipient}'s entry in {@code header} wraps: SM3 of
     * a fixed label and the unwrapped key (the key itself is wiped and never returned). Two
     * recipients whose commitments are equal hold the same content key, so the same payload
     * decrypts — and verifies or fails — identically for both: a server that fully opened an
     * envelope once can recognise that another recipient's entry leads to that same verified
     * payload with one SM2 decryption instead of a full open. {@code header} must come from {@link
     * #readHeader} or {@link #open} (signature and sender checked).
     *
     * @throws EnvelopeException NOT_A_RECIPIENT or KEY_UNWRAP_FAILED, as {@link #open} would
     */
    public static byte[] contentKeyCommitment(EnvelopeHeader header, Token recipient) throws EnvelopeException {
        byte[] key = unwrap(header.manifest(), recipient);
        try {
            return Sm3.newHasher().update(KEY_COMMITMENT_LABEL).update(key).digest();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static final byte[] KEY_COMMITMENT_LABEL =
            "SealPost envelope content key commitment v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static byte[] unwrap(Manifest manifest, Token recipient) throws EnvelopeException {
        Optional<X509Certificate> certificate = recipient.encryptionCertificate();
        if (certificate.isEmpty()) {
            throw new EnvelopeException(NOT_A_RECIPIENT, "token " + recipient.label() + " has no encryption key");
        }
        byte[] fingerprint = Sm3.fingerprint(certificate.get());
        RecipientEntry entry = manifest.recipients().stream()
                .filter(r -> Arrays.equals(r.certificateSm3(), fingerprint))
                .findFirst()
                .orElseThrow(() -> new EnvelopeException(
                        NOT_A_RECIPIENT, "token " + recipient.label() + " is not among the envelope's recipients"));
        byte[] key;
        try {
            key = recipient.decrypt(entry.wrappedKey());
        } catch (TokenException e) {
            throw new EnvelopeException(KEY_UNWRAP_FAILED, "content key cannot be unwrapped: " + e.getMessage(), e);
        }
        if (key.length != ChunkedAead.KEY_SIZE) {
            Arrays.fill(key, (byte) 0);
            throw new EnvelopeException(KEY_UNWRAP_FAILED, "unwrapped content key has the wrong length");
        }
        return key;
    }

    private static int readLength(InputStream in, int max, String what) throws IOException, EnvelopeException {
        byte[] b = readExactly(in, 2, what + " length");
        int length = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if (length < 1 || length > max) {
            throw new EnvelopeException(MALFORMED, what + " length out of range: " + length);
        }
        return length;
    }

    /** Reads exactly n bytes; the buffer grows with the data actually present, not with n. */
    private static byte[] readExactly(InputStream in, int n, String what) throws IOException, EnvelopeException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EnvelopeException(TRUNCATED, "envelope ends inside the " + what);
        }
        return b;
    }
}
