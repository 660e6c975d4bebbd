package org.sealpost.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sealpost.core.seal.DefaultPlacement;
import org.sealpost.core.seal.OfdStamper;
import org.sealpost.core.seal.PdfStamper;
import org.sealpost.core.seal.SealFile;
import org.sealpost.core.seal.SealRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Stamps a PDF or OFD offline with a unit-held seal file (USB-key mode). */
@Command(
        name = "stamp",
        mixinStandardHelpOptions = true,
        description = {
            "Stamp a PDF or OFD (recognised by content) with a unit-held seal file.",
            "Without --x/--y the seal goes bottom right, over the date line ("
                    + (int) DefaultPlacement.RIGHT_MARGIN_MM + " mm from the right edge, "
                    + (int) DefaultPlacement.BOTTOM_MARGIN_MM + " mm above the bottom edge)."
        })
final class StampCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seal", required = true, description = "seal file (PKCS#12 with the seal record)")
    Path seal;

    @Option(names = "--pin", arity = "1", description = "seal PIN (asked when not given)")
    char[] pin;

    @Option(names = "--page", defaultValue = "1", description = "page to stamp, from 1 (default: 1)")
    int page;

    @Option(names = "--x", description = "mm from the page's left edge to the seal's left edge")
    Double x;

    @Option(names = "--y", description = "mm from the page's top edge to the seal's top edge")
    Double y;

    @Parameters(index = "0", description = "PDF or OFD to stamp")
    Path in;

    @Parameters(index = "1", description = "stamped file to write (must not exist)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((x == null) != (y == null)) {
            throw new CliException("give both --x and --y, or neither for the default position");
        }
        if (page < 1) {
            throw new CliException("pages are numbered from 1");
        }
        KeyFiles.refuseExisting(out);
        DocumentKind kind = DocumentKind.of(in);
        if (kind != DocumentKind.PDF && kind != DocumentKind.OFD) {
            throw new CliException("not a PDF or OFD: " + in);
        }
        Clock clock = Clock.systemUTC();
        boolean done = false;
        try (SealFile sealFile = SealFile.open(seal, Pins.obtain(pin, "Seal PIN for " + seal.getFileName()))) {
            SealRecord record = sealFile.record();
            X509Certificate signer = sealFile.token().signingCertificate();
            try {
                signer.checkValidity(Date.from(clock.instant()));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                throw new CliException("the seal's signing certificate is not valid now (valid "
                        + signer.getNotBefore().toInstant() + " to "
                        + signer.getNotAfter().toInstant() + ")");
            }
            record.checkUsableAt(clock.instant());
            PdfStamper.Placement placement = x != null
                    ? new PdfStamper.Placement(page, x, y)
                    : kind == DocumentKind.PDF
                            ? DefaultPlacement.forPdf(in, page, record.image())
                            : DefaultPlacement.forOfd(in, page, record.image());
            List<X509Certificate> chain = sealFile.certificateChain()
                    .subList(1, sealFile.certificateChain().size());
            if (kind == DocumentKind.PDF) {
                try (InputStream input = Files.newInputStream(in);
                        OutputStream output = Files.newOutputStream(out)) {
                    new PdfStamper(clock).stamp(input, output, record, sealFile.sealKey(), chain, placement);
                }
            } else {
                new OfdStamper(clock).stamp(in, out, record, sealFile.sealKey(), placement);
            }
            done = true;
            spec.commandLine()
                    .getOut()
                    .println(String.format(
                            Locale.ROOT,
                            "stamped %s page %d at x %.1f mm, y %.1f mm with seal %s %s into %s",
                            in.getFileName(),
                            placement.page(),
                            placement.xMm(),
                            placement.yMm(),
                            record.sealId(),
                            record.name(),
                            out));
        } finally {
            if (!done) {
                Files.deleteIfExists(out);
            }
        }
        return 0;
    }
}
