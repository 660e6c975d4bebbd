package org.sealpost.core.pki;

import java.math.BigInteger;
import java.time.Instant;

/** One revoked certificate, as the CA's records hold it; {@code reason} is an RFC 5280 CRLReason code. */
public record Revocation(BigInteger serialNumber, Instant revokedAt, int reason) {

    public static final int KEY_COMPROMISE = 1;
    public static final int AFFILIATION_CHANGED = 3;
    public static final int SUPERSEDED = 4;
    public static final int CESSATION_OF_OPERATION = 5;
}
