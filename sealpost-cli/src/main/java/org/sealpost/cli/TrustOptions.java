package org.sealpost.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.util.List;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.Pem;
import picocli.CommandLine.Option;

/**
 * How a signer's certificate is checked: with {@code --ca}, chain to that CA, validity now and
 * key usage; with {@code --crl} too, revocation (and the CRL must be current). Without {@code
 * --ca} only the signature is checked, and the output says so.
 */
final class TrustOptions {

    @Option(names = "--ca", description = "PEM file of the trusted CA certificate(s)")
    Path ca;

    @Option(names = "--crl", description = "PEM file of the CA's current CRL")
    Path crl;

    boolean checksCertificate() {
        return ca != null;
    }

    CertificateVerifier verifier() throws IOException, CliException {
        if (ca == null) {
            return null;
        }
        List<X509CRL> crls = crl == null ? List.of() : List.of(Pem.crl(crl));
        return new CertificateVerifier(KeyFiles.certificates(List.of(ca)), crls, crl != null, Clock.systemUTC());
    }

    SenderCheck senderCheck() throws IOException, CliException {
        CertificateVerifier verifier = verifier();
        return verifier == null ? SenderCheck.signatureOnly() : SenderCheck.verifiedBy(verifier);
    }

    String describe() {
        if (ca == null) {
            return "signature only (no --ca given: the signer's certificate was not checked)";
        }
        return "chain to " + ca + ", validity" + (crl == null ? "" : ", revocation against " + crl) + ", key usage";
    }
}
