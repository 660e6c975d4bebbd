package org.sealpost.core.statement;

import java.security.cert.X509Certificate;

/** A statement whose signature verified, with the certificate that signed it. */
public record VerifiedStatement(Statement statement, X509Certificate signer) {}
