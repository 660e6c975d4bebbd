package org.sealpost.server.seal;

import java.time.Instant;

/** A seal as pages and other capabilities see it (no image, no key). */
public record SealView(
        String sealId,
        String unitCode,
        String name,
        String centreText,
        String source,
        SealState state,
        String holding,
        String custodian,
        String requestedBy,
        Instant requestedAt,
        String reviewedBy,
        Instant reviewedAt,
        String reviewReason,
        String certificateSerial,
        Instant validFrom,
        Instant validTo,
        Instant revokedAt,
        String replaces,
        int failedAttempts,
        boolean locked) {}
