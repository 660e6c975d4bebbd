package org.sealpost.server.notify;

/** What an in-app notice is about; the text is {@code notice.kind.<NAME>} in the message bundles. */
public enum NoticeKind {
    /** A document arrived for the unit (来文). */
    DOCUMENT_RECEIVED,
    /** The sender reminded the unit to sign for a document (催办). */
    DOCUMENT_REMINDED,
    /** The sender recalled a document (撤回). */
    DOCUMENT_RECALLED,
    /** The sender voided a document (作废): printed copies must be destroyed. */
    DOCUMENT_VOIDED,
    /** A recipient signed for a document the unit sent (签收回执). */
    RECEIPT_SIGNED,
    /** A recipient returned a document the unit sent (退回). */
    DELIVERY_RETURNED,
    /** The unit has not checked in this half-day (公告 三, 第十五条). */
    CHECK_IN_REMINDER
}
