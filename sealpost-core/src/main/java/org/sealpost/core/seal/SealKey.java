package org.sealpost.core.seal;

import java.security.cert.X509Certificate;

/**
 * The private half of a seal: whatever holds the key (a server-held token, a PKCS#12 file, later a
 * hardware token) signs through this interface, and nothing in this package sees the key itself.
 */
public interface SealKey {

    /** The signing certificate bound to the seal. */
    X509Certificate certificate();

    /**
     * Signs {@code data} with SM3withSM2 (GB/T 32918, user ID {@code 1234567812345678}) and returns
     * the DER-encoded signature {@code SEQUENCE { r INTEGER, s INTEGER }}.
     */
    byte[] sign(byte[] data);
}
