package org.sealpost.server.printing;

/** The outcome of one print copy: PENDING until the printer or the operator reports it, once. */
public enum CopyResult {
    PENDING,
    OK,
    FAILED
}
