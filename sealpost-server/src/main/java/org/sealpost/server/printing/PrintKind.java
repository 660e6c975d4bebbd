package org.sealpost.server.printing;

/** What a print copy is: the sealed original (counted against the allowance) or a grey copy. */
public enum PrintKind {
    /** The document with its seal as stamped, 份号 and the recipient unit's name on every page. */
    SEALED,
    /** 脱密打印: the seal in grey, labelled 脱密件 with its 份号; never counted against the allowance. */
    GREY
}
