package org.sealpost.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.UnitCertificates;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.SoftwareToken;
import org.sealpost.core.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Generates a unit's two SM2 key pairs (signing, encryption) and their certificates into a
 * PKCS#12 file, and writes the certificates beside it as PEM for senders to use. With {@code --ca}
 * the certificates are issued by that CA; without it, by a throwaway CA whose key is discarded
 * (for trying things out offline: such certificates chain to nothing anyone trusts).
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Generate a unit's SM2 signing and encryption keys into FILE.p12 and certificates into FILE.pem.")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--unit", required = true, description = "unit code, e.g. B001")
    String unit;

    @Option(names = "--name", description = "unit name for the certificate (default: the unit code)")
    String name;

    @Option(names = "--out", required = true, description = "PKCS#12 file to create")
    Path out;

    @Option(names = "--ca", description = "CA PKCS#12 file that issues the certificates")
    Path ca;

    @Option(names = "--ca-pin", arity = "1", description = "PIN of the CA file (asked when not given)")
    char[] caPin;

    @Option(names = "--pin", arity = "1", description = "PIN for the new file (asked when not given)")
    char[] pin;

    @Option(
            names = "--days",
            defaultValue = "730",
            description = "certificate validity in days (default ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() throws Exception {
        Path pem = KeyFiles.pemBeside(out);
        KeyFiles.refuseExisting(out, pem);
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        char[] newPin = Pins.obtain(pin, "PIN for " + out.getFileName());
        try (Token caToken =
                ca != null ? KeyFiles.openToken(ca, caPin, "CA PIN", random) : throwawayCa(random, clock)) {
            KeyPair signing = Sm2.generateKeyPair(random);
            KeyPair encryption = Sm2.generateKeyPair(random);
            UnitCertificates certificates = new CertificateAuthority(caToken, clock, random)
                    .issueUnit(
                            unit,
                            name == null ? unit : name,
                            signing.getPublic(),
                            encryption.getPublic(),
                            Duration.ofDays(days));
            X509Certificate caCertificate = caToken.signingCertificate();
            Pkcs12Token.write(
                    out,
                    newPin,
                    new KeyEntry(signing.getPrivate(), List.of(certificates.signing(), caCertificate)),
                    new KeyEntry(encryption.getPrivate(), List.of(certificates.encryption(), caCertificate)));
            KeyFiles.writePem(pem, List.of(certificates.signing(), certificates.encryption(), caCertificate));
        }
        spec.commandLine()
                .getOut()
                .println("wrote " + out + " (keys) and " + pem + " (certificates) for unit " + unit
                        + (ca == null ? "; issued by a throwaway CA" : ""));
        return 0;
    }

    private static Token throwawayCa(SecureRandom random, Clock clock) {
        KeyPair key = Sm2.generateKeyPair(random);
        X509Certificate certificate =
                CertificateAuthority.createRoot("Throwaway CA (untrusted)", key, Duration.ofDays(3650), clock, random);
        return SoftwareToken.of("throwaway CA", new KeyEntry(key.getPrivate(), certificate), null, random);
    }
}
