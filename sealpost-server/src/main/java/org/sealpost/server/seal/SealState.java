package org.sealpost.server.seal;

/** Life of a seal: requested, reviewed, activated by its custodian, revoked on loss or damage, destroyed. */
public enum SealState {
    REQUESTED,
    REJECTED,
    /** Approved by the regulator office; becomes ACTIVE when the custodian sets the seal PIN. */
    APPROVED,
    ACTIVE,
    /** Lost or damaged: revoked at once; stamps made afterwards fail verification. */
    REVOKED,
    /** A damaged seal destroyed by the issuer. */
    DESTROYED
}
