package org.sealpost.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;

/** Reading tokens and certificates from files, and writing PEM beside a key file. */
final class KeyFiles {

    private KeyFiles() {}

    static Token openToken(Path file, char[] pinOption, String prompt, SecureRandom random)
            throws IOException, TokenException, CliException {
        return Pkcs12Token.open(file, Pins.obtain(pinOption, prompt), random);
    }

    /** {@code unit.p12} → {@code unit.pem}. */
    static Path pemBeside(Path keyFile) {
        String name = keyFile.getFileName().toString();
        String base = name.endsWith(".p12") ? name.substring(0, name.length() - 4) : name;
        return keyFile.resolveSibling(base + ".pem");
    }

    static void refuseExisting(Path... files) throws FileAlreadyExistsException {
        for (Path file : files) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
        }
    }

    static void writePem(Path file, List<X509Certificate> certificates) throws IOException {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(c -> pem.append(Pem.encode(c)));
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** Every certificate in the given PEM files. */
    static List<X509Certificate> certificates(List<Path> files) throws IOException, CliException {
        List<X509Certificate> all = new ArrayList<>();
        for (Path file : files) {
            List<X509Certificate> found = Pem.certificates(file);
            if (found.isEmpty()) {
                throw new CliException("no certificate in " + file);
            }
            all.addAll(found);
        }
        return all;
    }
}
