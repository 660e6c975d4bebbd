package org.sealpost.core.statement;

/** The kinds of signed statement about a delivered document (DESIGN.md §3, §4). */
public enum StatementType {
    /** 签收: the recipient unit received exactly this document. */
    RECEIPT,
    /** 退回: the recipient refuses it, with a reason. */
    RETURN,
    /** 撤回: the sender withdraws it before it is signed for. */
    RECALL,
    /** 作废: the sender voids it after it was signed for. */
    VOID,
    /** The recipient confirms that the listed printed copies were destroyed. */
    DESTRUCTION_CONFIRMATION
}
