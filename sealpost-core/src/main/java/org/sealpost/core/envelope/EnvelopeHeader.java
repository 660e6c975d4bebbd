package org.sealpost.core.envelope;

import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Everything before the payload, after the signature has been checked: the manifest, the sender's
 * signing certificate and signature, and the envelope digest — SM3 over the signed bytes (magic,
 * version, manifest length and manifest). The digest identifies exactly this document for receipts
 * and other statements: it covers sender, recipients, metadata digest and the SM3 of every
 * plaintext file, and every chunk is bound to it as associated data.
 */
public record EnvelopeHeader(Manifest manifest, X509Certificate senderCertificate, byte[] signature, byte[] digest) {

    public EnvelopeHeader {
        signature = signature.clone();
        digest = digest.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }
}
