package org.sealpost.server.audit;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The system key that signs audit checkpoints (SECURITY.md L03). Implemented by the system CA in
 * {@code pki}, which depends on {@code audit}: the interface lives here so the dependency points one
 * way only.
 */
public interface CheckpointSigner {

    /**
     * Makes the key ready to sign if it exists, never creating it. May block (unlocking a token);
     * called outside any audit lock.
     *
     * @return false while there is no system key yet (first start before the CA exists)
     */
    boolean prepare();

    /**
     * SM3withSM2 signature of {@code payload} (user ID 1234567812345678, DER), or empty when the key
     * is not ready. Must not block: it runs while the chain head is locked.
     */
    Optional<Signature> sign(byte[] payload);

    /** The certificate checkpoints are verified with; empty when there is no system key yet. */
    Optional<X509Certificate> certificate();

    /** A signature and who made it (the certificate's serial, hex). */
    record Signature(String signer, byte[] value) {}
}
