package org.sealpost.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.statement.StatementVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Verifies an envelope's signature (without opening it) or a signed statement, recognised by content. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Verify an envelope or a signed statement (receipt, return, recall, void, destruction).")
final class VerifyCommand implements Callable<Integer> {

    private static final byte[] ENVELOPE_MAGIC = {'S', 'P', 'E', 'N', 'V'};

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    TrustOptions trust;

    @Parameters(index = "0", description = "envelope or statement file")
    Path file;

    @Override
    public Integer call() throws Exception {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(ENVELOPE_MAGIC.length);
        }
        Map<String, Object> summary;
        if (Arrays.equals(start, ENVELOPE_MAGIC)) {
            try (InputStream in = Files.newInputStream(file)) {
                summary = Summaries.envelope(new EnvelopeReader(trust.senderCheck()).readHeader(in), trust.describe());
            }
        } else if (Files.size(file) <= StatementVerifier.MAX_SIZE) {
            byte[] cms = Files.readAllBytes(file);
            summary = Summaries.statement(new StatementVerifier(trust.verifier()).verify(cms), trust.describe());
        } else {
            throw new CliException("not an envelope, and too large for a statement: " + file);
        }
        spec.commandLine().getOut().print(json ? Json.write(summary) + "\n" : Summaries.text(summary));
        return 0;
    }
}
