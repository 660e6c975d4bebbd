package org.sealpost.server.pki;

/** What an issued certificate is for ({@code pki_certificate.kind}). */
public enum CertificateKind {
    UNIT_SIGNING,
    UNIT_ENCRYPTION,
    /** A person's IC-card credential (one-time PKCS#12 download). */
    USER_CARD,
    /** An electronic seal's signing certificate. */
    SEAL
}
