package org.sealpost.core.document;

/** The body formats SealPost carries. Recognised by content, never by file name. */
public enum DocumentFormat {
    PDF,
    OFD
}
