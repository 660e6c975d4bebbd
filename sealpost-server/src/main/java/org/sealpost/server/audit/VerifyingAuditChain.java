package org.sealpost.server.audit;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.audit.AuditTables;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An auditor checks the whole audit chain and its signed checkpoints (SECURITY.md L03) and learns
 * the first broken entry. The check reads one consistent snapshot (repeatable read), so entries
 * appended meanwhile are neither half-seen nor reported. The check itself is audited.
 */
@Service
public class VerifyingAuditChain {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VerifyingAuditChain.class);

    private final JdbcTemplate jdbc;
    private final ObjectProvider<CheckpointSigner> signer;
    private final AuditLog audit;
    private final TransactionTemplate snapshot;

    VerifyingAuditChain(
            JdbcTemplate jdbc,
            ObjectProvider<CheckpointSigner> signer,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.signer = signer;
        this.audit = audit;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        snapshot.setReadOnly(true);
    }

    public AuditChain.Result verify(SignedInUser auditor) {
        if (!auditor.has(Role.AUDITOR)) {
            throw new AccessDeniedException("only an auditor verifies the audit log");
        }
        CheckpointSigner key = signer.getIfAvailable();
        PublicKey publicKey = key == null
                ? null
                : key.certificate().map(X509Certificate::getPublicKey).orElse(null);
        AuditChain.Result result = snapshot.execute(
                s -> jdbc.execute((ConnectionCallback<AuditChain.Result>) c -> AuditTables.verify(c, publicKey)));
        try {
            record(auditor, result);
        } catch (RuntimeException e) {
            if (result.ok()) {
                throw e;
            }
            // A row planted beyond the chain head makes every append fail (its seq is taken): the
            // auditor must still learn what is broken, which is what makes the append fail.
            log.error("audit log broken ({}); recording the check failed too: {}", result.firstBroken(), e.toString());
        }
        return result;
    }

    private void record(SignedInUser auditor, AuditChain.Result result) {
        audit.record(new AuditEntry(
                auditor.username(),
                auditor.unitCode(),
                "AUDIT_VERIFIED",
                result.ok(),
                null,
                "audit-chain",
                result.ok()
                        ? result.checked() + " entries, " + result.checkpoints() + " checkpoints"
                        : result.firstBroken().toString()));
    }
}
