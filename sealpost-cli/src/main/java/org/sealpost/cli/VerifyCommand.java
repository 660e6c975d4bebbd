package org.sealpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.seal.OfdSealVerifier;
import org.sealpost.core.seal.PdfSealVerifier;
import org.sealpost.core.seal.SealTrust;
import org.sealpost.core.seal.SealVerificationReport;
import org.sealpost.core.statement.StatementVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Verifies an envelope's signature (without opening it), a signed statement, or the electronic
 * seals on a PDF or OFD, recognised by content. Exit 0 only when what was checked is valid.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify an envelope, a signed statement (receipt, return, recall, void, destruction),"
                    + " or the electronic seals on a PDF or OFD.",
            "Sealed documents are checked against the regulator's CA: --trust CA.pem [--crl CRL.pem ...],"
                    + " or --server URL to fetch the CA and CRL from a SealPost server"
                    + " (with --trust too, only the CRL is fetched)."
        })
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(
            names = "--server",
            description = "SealPost server URL: fetch the CA (" + ServerPki.CA_PATH + ") and CRL (" + ServerPki.CRL_PATH
                    + ") from it")
    String server;

    @Mixin
    TrustOptions trust;

    @Parameters(index = "0", description = "envelope, statement, sealed PDF or sealed OFD")
    Path file;

    /** The CA certificates and CRLs to check against, and how to say so. */
    private record Trust(List<X509Certificate> cas, List<X509CRL> crls, String description) {}

    @Override
    public Integer call() throws Exception {
        DocumentKind kind = DocumentKind.of(file);
        Trust fetched = server == null ? null : fetch();
        Map<String, Object> summary;
        if (kind == DocumentKind.PDF || kind == DocumentKind.OFD) {
            return verifySeals(kind, fetched != null ? fetched : localTrust());
        } else if (kind == DocumentKind.ENVELOPE) {
            SenderCheck check =
                    fetched == null ? trust.senderCheck() : SenderCheck.verifiedBy(certificateVerifier(fetched));
            try (InputStream in = Files.newInputStream(file)) {
                summary = Summaries.envelope(
                        new EnvelopeReader(check).readHeader(in),
                        fetched == null ? trust.describe() : fetched.description());
            }
        } else if (Files.size(file) <= StatementVerifier.MAX_SIZE) {
            byte[] cms = Files.readAllBytes(file);
            CertificateVerifier verifier = fetched == null ? trust.verifier() : certificateVerifier(fetched);
            summary = Summaries.statement(
                    new StatementVerifier(verifier).verify(cms),
                    fetched == null ? trust.describe() : fetched.description());
        } else {
            throw new CliException("not an envelope, PDF or OFD, and too large for a statement: " + file);
        }
        spec.commandLine().getOut().print(json ? Json.write(summary) + "\n" : Summaries.text(summary));
        return 0;
    }

    private int verifySeals(DocumentKind kind, Trust trusted) throws IOException, CliException {
        X509Certificate anchor = trusted.cas().get(0);
        for (X509CRL crl : trusted.crls()) {
            checkCrl(crl, trusted.cas());
        }
        SealTrust sealTrust = SealTrust.withCrls(anchor, trusted.crls());
        SealVerificationReport report;
        if (kind == DocumentKind.PDF) {
            if (Files.size(file) > PdfSealVerifier.MAX_BYTES) {
                throw new CliException("PDF larger than " + PdfSealVerifier.MAX_BYTES + " bytes: " + file);
            }
            report = new PdfSealVerifier(sealTrust).verify(Files.readAllBytes(file));
        } else {
            report = new OfdSealVerifier(sealTrust).verify(file);
        }
        Map<String, Object> summary =
                Summaries.seals(kind == DocumentKind.PDF ? "sealed PDF" : "sealed OFD", report, trusted.description());
        spec.commandLine().getOut().print(json ? Json.write(summary) + "\n" : Summaries.sealText(summary));
        if (!report.valid()) {
            spec.commandLine()
                    .getErr()
                    .println("sealpost: " + file.getFileName() + " does not verify: "
                            + (report.problemCodes().isEmpty()
                                    ? "no valid seal"
                                    : String.join(
                                            ", ",
                                            report.problemCodes().stream()
                                                    .map(Enum::name)
                                                    .distinct()
                                                    .toList())));
            return 1;
        }
        return 0;
    }

    /** A CRL that the CA did not sign would be silently ignored: refuse it instead. */
    private static void checkCrl(X509CRL crl, List<X509Certificate> cas) throws CliException {
        for (X509Certificate ca : cas) {
            if (crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                try {
                    crl.verify(ca.getPublicKey(), Providers.bouncyCastle());
                    return;
                } catch (GeneralSecurityException notThisKey) {
                    // try the next CA of that name
                }
            }
        }
        throw new CliException(
                "the CRL from " + crl.getIssuerX500Principal().getName() + " is not signed by the trusted CA");
    }

    private Trust localTrust() throws IOException, CliException {
        if (trust.ca == null) {
            throw new CliException(
                    "verifying a sealed document needs the regulator's CA: --trust CA.pem [--crl CRL.pem] or --server URL");
        }
        List<X509Certificate> cas = KeyFiles.certificates(List.of(trust.ca));
        List<X509CRL> crls = trust.crls();
        String description =
                "trusted CA " + cas.get(0).getSubjectX500Principal().getName() + " from " + trust.ca
                        + (crls.isEmpty() ? "; no CRL given: revocation not checked" : "; CRLs: " + trust.crl)
                        + staleness(crls);
        return new Trust(cas, crls, description);
    }

    /** CA and CRL from the server; with {@code --trust} the CA is pinned and only the CRL is fetched. */
    private Trust fetch() throws IOException, CliException {
        ServerPki pki = new ServerPki(server);
        List<X509Certificate> cas;
        String caSource;
        if (trust.ca != null) {
            cas = KeyFiles.certificates(List.of(trust.ca));
            caSource = trust.ca.toString();
        } else {
            cas = pki.caCertificates();
            caSource = pki.base() + ServerPki.CA_PATH + " (fetched, not pinned)";
        }
        List<X509CRL> crls = new ArrayList<>(trust.crls());
        X509CRL crl = pki.crl();
        checkCrl(crl, cas);
        crls.add(crl);
        String description =
                "trusted CA " + cas.get(0).getSubjectX500Principal().getName() + " from " + caSource
                        + "; CRL from " + pki.base() + ServerPki.CRL_PATH + " (this update "
                        + crl.getThisUpdate().toInstant()
                        + ")" + staleness(crls);
        return new Trust(cas, crls, description);
    }

    /** A CRL past its next update still tells of earlier revocations, but may miss later ones: say so. */
    private static String staleness(List<X509CRL> crls) {
        java.util.Date now = new java.util.Date();
        StringBuilder note = new StringBuilder();
        for (X509CRL crl : crls) {
            if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
                note.append("; WARNING: a CRL is out of date since ")
                        .append(crl.getNextUpdate().toInstant())
                        .append(", later revocations are unknown");
            }
        }
        return note.toString();
    }

    private static CertificateVerifier certificateVerifier(Trust trusted) {
        return new CertificateVerifier(trusted.cas(), trusted.crls(), true, Clock.systemUTC());
    }
}
