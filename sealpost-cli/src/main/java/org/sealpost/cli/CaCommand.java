package org.sealpost.cli;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.pki.Revocation;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** An offline SM2 CA in a PKCS#12 file: create it, and publish CRLs. */
@Command(
        name = "ca",
        mixinStandardHelpOptions = true,
        description = "Offline SM2 certificate authority.",
        subcommands = {CaCommand.Init.class, CaCommand.Crl.class})
final class CaCommand {

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = "Create a self-signed SM2 CA into CA.p12 and CA.pem.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "CA name")
        String name;

        @Option(names = "--out", required = true, description = "PKCS#12 file to create")
        Path out;

        @Option(names = "--pin", arity = "1", description = "PIN for the CA file (asked when not given)")
        char[] pin;

        @Option(names = "--days", defaultValue = "3650", description = "validity in days (default ${DEFAULT-VALUE})")
        int days;

        @Override
        public Integer call() throws Exception {
            Path pem = KeyFiles.pemBeside(out);
            KeyFiles.refuseExisting(out, pem);
            char[] newPin = Pins.obtain(pin, "PIN for " + out.getFileName());
            SecureRandom random = new SecureRandom();
            KeyPair key = Sm2.generateKeyPair(random);
            X509Certificate certificate =
                    CertificateAuthority.createRoot(name, key, Duration.ofDays(days), Clock.systemUTC(), random);
            Pkcs12Token.write(out, newPin, new KeyEntry(key.getPrivate(), certificate), null);
            KeyFiles.writePem(pem, List.of(certificate));
            spec.commandLine().getOut().println("wrote " + out + " (CA key) and " + pem + " (CA certificate)");
            return 0;
        }
    }

    @Command(
            name = "crl",
            mixinStandardHelpOptions = true,
            description = "Publish a CRL revoking the given certificates.")
    static final class Crl implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--ca", required = true, description = "CA PKCS#12 file")
        Path ca;

        @Option(names = "--ca-pin", arity = "1", description = "PIN of the CA file (asked when not given)")
        char[] caPin;

        @Option(names = "--revoke", description = "PEM file of certificates to revoke (repeatable)")
        List<Path> revoke = new ArrayList<>();

        @Option(names = "--number", defaultValue = "1", description = "CRL number (increase with every CRL)")
        long number;

        @Option(
                names = "--days",
                defaultValue = "7",
                description = "days until the next update (default ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--out", required = true, description = "PEM file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            SecureRandom random = new SecureRandom();
            Clock clock = Clock.systemUTC();
            List<Revocation> revocations = new ArrayList<>();
            for (X509Certificate certificate : KeyFiles.certificates(revoke)) {
                if (certificate.getBasicConstraints() < 0) {
                    revocations.add(
                            new Revocation(certificate.getSerialNumber(), clock.instant(), Revocation.KEY_COMPROMISE));
                }
            }
            try (Token token = KeyFiles.openToken(ca, caPin, "CA PIN", random)) {
                X509CRL crl = new CertificateAuthority(token, clock, random)
                        .publishCrl(BigInteger.valueOf(number), revocations, Duration.ofDays(days));
                Files.writeString(out, Pem.encode(crl), StandardCharsets.US_ASCII);
            }
            spec.commandLine().getOut().println("wrote " + out + " revoking " + revocations.size() + " certificate(s)");
            return 0;
        }
    }
}
