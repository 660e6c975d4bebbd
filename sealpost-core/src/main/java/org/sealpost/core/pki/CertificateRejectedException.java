package org.sealpost.core.pki;

import java.security.GeneralSecurityException;

/** A certificate is not acceptable for the purpose; the reason is stable and specific. */
public final class CertificateRejectedException extends GeneralSecurityException {

    public enum Reason {
        /** Not issued by any trust anchor (a foreign CA), or its signature does not verify. */
        UNTRUSTED_ISSUER,
        EXPIRED,
        NOT_YET_VALID,
        REVOKED,
        WRONG_KEY_USAGE,
        /** No current, correctly signed CRL of the issuer was available. */
        REVOCATION_UNKNOWN
    }

    private final Reason reason;

    public CertificateRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
