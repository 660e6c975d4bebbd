package org.sealpost.core.seal;

/**
 * Stable codes for every refusal and verification failure in this package. The names are part of
 * the API (they end up in JSON reports and problem details): add, never rename.
 */
public enum SealProblem {
    /** No installed font can draw the seal's Chinese text. */
    NO_CJK_FONT,
    /** The seal design is unusable (empty or overlong name, bad size). */
    INVALID_SEAL_DESIGN,
    /** An uploaded seal image is not a PNG or JPEG (judged by its first bytes). */
    IMAGE_NOT_PNG_OR_JPEG,
    /** An uploaded seal image is over the byte or pixel limits. */
    IMAGE_TOO_LARGE,
    /** An uploaded seal image could not be decoded. */
    IMAGE_UNREADABLE,
    /** The seal record is not a well-formed GB/T 38540 SESeal, or lacks a required field. */
    RECORD_MALFORMED,
    /** The seal record's maker signature does not verify. */
    RECORD_SIGNATURE_INVALID,
    /** The seal record was not made by a maker certificate that chains to the trust anchor. */
    RECORD_MAKER_UNTRUSTED,
    /** The seal was used before its validity started. */
    SEAL_NOT_YET_VALID,
    /** The seal was used after its validity ended. */
    SEAL_EXPIRED,
    /** The seal was revoked (lost or damaged) before the stamp was made. */
    SEAL_REVOKED,
    /** The signing certificate is not one of the certificates bound in the seal record. */
    SIGNER_NOT_BOUND_TO_SEAL,
    /** The signing certificate does not chain to the trust anchor, or is unfit for signing. */
    SIGNER_UNTRUSTED,
    /** The signing certificate was outside its validity at signing time. */
    SIGNER_CERT_EXPIRED,
    /** The signing certificate was revoked before the signing time. */
    SIGNER_CERT_REVOKED,
    /** The requested page does not exist. */
    NO_SUCH_PAGE,
    /** The seal would not fit on the page at the requested position. */
    PLACEMENT_OFF_PAGE,
    /** The page to stamp carries no text or drawing: no blank sealed paper (第二十三条). */
    BLANK_PAGE,
    /** The document is not a readable PDF or OFD, or breaks a safety bound. */
    DOCUMENT_MALFORMED,
    /** The document carries no electronic seal. */
    NOT_SEALED,
    /** The signed byte range does not cover the whole signed revision. */
    BYTE_RANGE_INCOMPLETE,
    /** The cryptographic signature over the document does not verify. */
    SIGNATURE_INVALID,
    /** Page content was changed after the stamp (byte edit or incremental update). */
    MODIFIED_AFTER_STAMPING,
    /** Only annotations were added or changed after the stamp: a warning, not a failure. */
    ANNOTATIONS_CHANGED_AFTER_STAMPING
}
