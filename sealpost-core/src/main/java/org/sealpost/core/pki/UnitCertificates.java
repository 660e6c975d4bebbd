package org.sealpost.core.pki;

import java.security.cert.X509Certificate;

/** The pair of certificates the CA issues to one unit. */
public record UnitCertificates(X509Certificate signing, X509Certificate encryption) {}
