package org.sealpost.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * SM3 message digest (GB/T 32905): 32-byte output. One-shot helpers plus a streaming {@link
 * Hasher}. A hasher is not thread-safe; the static helpers are.
 */
public final class Sm3 {

    public static final int DIGEST_SIZE = 32;

    private Sm3() {}

    public static byte[] digest(byte[] data) {
        Hasher hasher = new Hasher();
        hasher.update(data, 0, data.length);
        return hasher.digest();
    }

    /** Digest of everything the stream yields, read to its end with a constant-size buffer. */
    public static byte[] digest(InputStream in) throws IOException {
        Hasher hasher = new Hasher();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            hasher.update(buffer, 0, n);
        }
        return hasher.digest();
    }

    public static byte[] digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in);
        }
    }

    /** Fingerprint of a certificate: SM3 of its DER encoding. */
    public static byte[] fingerprint(X509Certificate certificate) {
        try {
            return digest(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    public static Hasher newHasher() {
        return new Hasher();
    }

    /** Incremental SM3. {@link #digest()} returns the result and resets the hasher. */
    public static final class Hasher {
        private final SM3Digest sm3 = new SM3Digest();

        private Hasher() {}

        public Hasher update(byte[] data, int off, int len) {
            sm3.update(data, off, len);
            return this;
        }

        public Hasher update(byte[] data) {
            return update(data, 0, data.length);
        }

        public byte[] digest() {
            byte[] out = new byte[DIGEST_SIZE];
            sm3.doFinal(out, 0);
            return out;
        }
    }
}
