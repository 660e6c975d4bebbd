package org.sealpost.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.EnvelopeWriter;
import org.sealpost.core.envelope.Payload;
import org.sealpost.core.envelope.SealRequest;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sealing, opening and inspecting envelopes offline (end-to-end mode: the server never sees plaintext). */
@Command(
        name = "envelope",
        mixinStandardHelpOptions = true,
        description = "Seal, open and inspect SealPost envelopes (format v1, docs/envelope-format.md).",
        subcommands = {EnvelopeCommand.Seal.class, EnvelopeCommand.Open.class, EnvelopeCommand.Inspect.class})
final class EnvelopeCommand {

    @Command(
            name = "seal",
            mixinStandardHelpOptions = true,
            description = "Encrypt IN for the recipients and sign it: writes OUT.")
    static final class Seal implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", required = true, description = "sender's PKCS#12 file")
        Path key;

        @Option(names = "--pin", arity = "1", description = "PIN of the key file (asked when not given)")
        char[] pin;

        @Option(names = "--to", required = true, description = "recipient certificate PEM (from keygen; repeatable)")
        List<Path> to;

        @Option(names = "--doc-id", description = "document id (default: a random UUID)")
        String documentId;

        @Option(names = "--media-type", defaultValue = "application/octet-stream", description = "media type of IN")
        String mediaType;

        @Parameters(index = "0", description = "file to seal")
        Path in;

        @Parameters(index = "1", description = "envelope to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            KeyFiles.refuseExisting(out);
            List<SealRequest.Recipient> recipients = new ArrayList<>();
            for (X509Certificate certificate : KeyFiles.certificates(to)) {
                boolean[] usage = certificate.getKeyUsage();
                if (certificate.getBasicConstraints() < 0 && usage != null && usage[2]) {
                    String unit = CertificateAuthority.unitCodeOf(certificate)
                            .orElseThrow(() -> new CliException(
                                    "certificate without a unit code: " + certificate.getSubjectX500Principal()));
                    recipients.add(new SealRequest.Recipient(unit, certificate));
                }
            }
            if (recipients.isEmpty()) {
                throw new CliException("no encryption certificate in " + to);
            }
            SecureRandom random = new SecureRandom();
            String name = in.getFileName().toString();
            String id = documentId == null ? UUID.randomUUID().toString() : documentId;
            byte[] metadata = ("documentId=" + id + "\nname=" + name + "\nmediaType=" + mediaType + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            boolean done = false;
            try (Token sender = KeyFiles.openToken(key, pin, "PIN for " + key.getFileName(), random);
                    OutputStream output = Files.newOutputStream(out)) {
                String senderUnit = CertificateAuthority.unitCodeOf(sender.signingCertificate())
                        .orElseThrow(() -> new CliException("sender certificate has no unit code"));
                SealRequest request = new SealRequest(
                        id, senderUnit, metadata, recipients, List.of(Payload.ofFile(name, mediaType, in)));
                EnvelopeHeader header = new EnvelopeWriter(Clock.systemUTC(), random).seal(request, sender, output);
                done = true;
                spec.commandLine()
                        .getOut()
                        .println("sealed " + name + " for " + recipients.size() + " recipient(s) into " + out
                                + " (document " + id + ", envelope SM3 " + header.digestHex() + ")");
            } finally {
                if (!done) {
                    Files.deleteIfExists(out);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "open",
            mixinStandardHelpOptions = true,
            description = "Verify and decrypt IN with the recipient's key into OUT.")
    static final class Open implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", required = true, description = "recipient's PKCS#12 file")
        Path key;

        @Option(names = "--pin", arity = "1", description = "PIN of the key file (asked when not given)")
        char[] pin;

        @Mixin
        TrustOptions trust;

        @Parameters(index = "0", description = "envelope")
        Path in;

        @Parameters(index = "1", description = "file to write (must not exist; written only when everything verified)")
        Path out;

        @Override
        public Integer call() throws Exception {
            SenderCheck check = trust.senderCheck();
            SecureRandom random = new SecureRandom();
            try (Token recipient = KeyFiles.openToken(key, pin, "PIN for " + key.getFileName(), random)) {
                EnvelopeHeader header = new EnvelopeReader(check).openToFile(in, recipient, out);
                spec.commandLine()
                        .getOut()
                        .println("opened document " + header.manifest().documentId() + " from "
                                + header.manifest().senderUnit() + " into " + out + "; sender check: "
                                + trust.describe());
            }
            return 0;
        }
    }

    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description = "Show the manifest, check the signature, list recipients.")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Mixin
        TrustOptions trust;

        @Parameters(index = "0", description = "envelope")
        Path file;

        @Override
        public Integer call() throws Exception {
            EnvelopeHeader header;
            try (InputStream in = Files.newInputStream(file)) {
                header = new EnvelopeReader(trust.senderCheck()).readHeader(in);
            }
            var summary = Summaries.envelope(header, trust.describe());
            spec.commandLine().getOut().print(json ? Json.write(summary) + "\n" : Summaries.text(summary));
            return 0;
        }
    }

    private EnvelopeCommand() {}
}
