package org.sealpost.server.delivery;

import java.util.EnumSet;
import java.util.Set;

/**
 * A delivery's state on the recipient side (DESIGN.md §3): DELIVERED → SIGNED → PRINTED /
 * DOWNLOADED / ARCHIVED; DELIVERED → RETURNED; DELIVERED → RECALLED; SIGNED | PRINTED |
 * DOWNLOADED → VOIDED → DESTRUCTION_CONFIRMED. The sender side sets RECALLED and VOIDED; the
 * printing module sets PRINTED.
 */
public enum DeliveryState {
    DELIVERED,
    SIGNED,
    PRINTED,
    DOWNLOADED,
    ARCHIVED,
    RETURNED,
    RECALLED,
    VOIDED,
    DESTRUCTION_CONFIRMED;

    /** Signed for and still in force: it may be downloaded and archived. */
    public static final Set<DeliveryState> SIGNED_FOR = EnumSet.of(SIGNED, PRINTED, DOWNLOADED, ARCHIVED);

    /** The electronic copy is gone (recalled or voided by the sender): it cannot be opened. */
    public boolean closed() {
        return this == RECALLED || this == VOIDED || this == DESTRUCTION_CONFIRMED;
    }
}
