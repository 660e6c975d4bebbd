package org.sealpost.server.document;

/**
 * Sender side, per document: {@code DRAFT → (PENDING_APPROVAL → APPROVED | REJECTED) → SEALED →
 * SENT → (RECALLED | VOIDED)}. A rejected draft returns to DRAFT when it is edited.
 */
public enum DocumentState {
    DRAFT,
    PENDING_APPROVAL,
    APPROVED,
    REJECTED,
    SEALED,
    SENT,
    RECALLED,
    VOIDED;

    public boolean editable() {
        return this == DRAFT || this == REJECTED;
    }
}
