package org.sealpost.core.pki;

import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What a certificate's key may do. Chinese dual-certificate practice: a unit has a signing key
 * and a separate encryption key, each with its own certificate.
 */
public enum KeyPurpose {
    /** digitalSignature + nonRepudiation: envelopes, statements, seals. */
    SIGNING(KeyUsage.digitalSignature | KeyUsage.nonRepudiation),
    /** keyEncipherment + dataEncipherment: unwrapping envelope content keys. */
    ENCRYPTION(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment),
    /** keyCertSign + cRLSign: the system CA. */
    CA(KeyUsage.keyCertSign | KeyUsage.cRLSign);

    private final int keyUsageBits;

    KeyPurpose(int keyUsageBits) {
        this.keyUsageBits = keyUsageBits;
    }

    int keyUsageBits() {
        return keyUsageBits;
    }

    /** The bit a certificate must carry for this purpose, in {@code getKeyUsage()} indexing. */
    int requiredJcaBit() {
        return switch (this) {
            case SIGNING -> 0; // digitalSignature
            case ENCRYPTION -> 2; // keyEncipherment
            case CA -> 5; // keyCertSign
        };
    }
}
