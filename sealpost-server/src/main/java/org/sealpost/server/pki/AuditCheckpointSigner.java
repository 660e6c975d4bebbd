package org.sealpost.server.pki;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.sealpost.server.audit.CheckpointSigner;
import org.springframework.stereotype.Component;

/** The system CA signs the audit log's checkpoints (SECURITY.md L03). */
@Component
class AuditCheckpointSigner implements CheckpointSigner {

    private final SystemCa ca;

    AuditCheckpointSigner(SystemCa ca) {
        this.ca = ca;
    }

    @Override
    public boolean prepare() {
        return ca.openIfExists();
    }

    @Override
    public Optional<Signature> sign(byte[] payload) {
        return ca.signAuditCheckpoint(payload);
    }

    @Override
    public Optional<X509Certificate> certificate() {
        return ca.existingCertificate();
    }
}
