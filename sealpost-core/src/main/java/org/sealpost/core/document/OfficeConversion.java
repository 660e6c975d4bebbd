package org.sealpost.core.document;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.jodconverter.core.document.DefaultDocumentFormatRegistry;
import org.jodconverter.core.document.DocumentFormat;
import org.jodconverter.core.office.OfficeException;
import org.jodconverter.local.LocalConverter;
import org.jodconverter.local.office.LocalOfficeManager;
import org.jodconverter.local.office.LocalOfficeUtils;
import org.sealpost.core.document.DocumentRejected.Reason;

/**
 * Converts word-processing files (DOCX, ODT, DOC and WPS, which is the same OLE2 container) to PDF
 * with LibreOffice through JODConverter. The result is a PDF the caller must still pass through
 * {@link DocumentInspector} and {@link ClassificationGuard} like any upload.
 *
 * <p>The input type is recognised by content: zip packages are first unpacked by the same checks as
 * OFD (size, ratio, entry count, zip-slip, DTDs) and must be DOCX ({@code word/document.xml}) or
 * ODT ({@code mimetype} {@code application/vnd.oasis.opendocument.text}); an OLE2 file is handed to
 * LibreOffice as a Word 97 document. LibreOffice loads the file hidden and read-only with macros
 * never executed and links never updated, so a hostile document can neither run code nor fetch
 * anything.
 *
 * <p>LibreOffice is started on the first conversion (a separate {@code soffice} process listening on a
 * free loopback port, so several instances on one machine do not collide) and stopped by {@link #close()}.
 * Conversions are serialised through one process. Thread-safe.
 */
public final class OfficeConversion implements AutoCloseable {

    /** Longest a single conversion may take. */
    private static final long TASK_TIMEOUT_MILLIS = 120_000;

    private static final Map<String, Object> LOAD_PROPERTIES = Map.of(
            "Hidden",
            true,
            "ReadOnly",
            true,
            // com.sun.star.document.UpdateDocMode.NO_UPDATE and MacroExecMode.NEVER_EXECUTE
            "UpdateDocMode",
            (short) 0,
            "MacroExecutionMode",
            (short) 0);

    private final File officeHome;
    private final Limits limits;
    private LocalOfficeManager manager;

    /** LibreOffice found where it is usually installed (e.g. /usr/lib/libreoffice), default limits. */
    public OfficeConversion() {
        this(defaultOfficeHome(), Limits.defaults());
    }

    /**
     * @param officeHome LibreOffice's installation directory (the one containing {@code program/}),
     *     or null when none is installed
     */
    public OfficeConversion(Path officeHome, Limits limits) {
        this.officeHome = officeHome == null ? null : officeHome.toFile();
        this.limits = limits;
    }

    private static Path defaultOfficeHome() {
        File home = LocalOfficeUtils.getDefaultOfficeHome();
        return home == null ? null : home.toPath();
    }

    /** Whether LibreOffice ({@code soffice}) is installed where JODConverter looks for it. */
    public static boolean available() {
        try {
            File home = LocalOfficeUtils.getDefaultOfficeHome();
            if (home == null) {
                return false;
            }
            LocalOfficeUtils.validateOfficeHome(home);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Converts {@code input} into a new PDF in {@code outputDir} and returns its path. The input is
     * not changed.
     *
     * @throws DocumentRejected {@link Reason#CONVERTER_UNAVAILABLE} when LibreOffice is not
     *     installed, {@link Reason#UNKNOWN_FORMAT} for anything but DOCX/ODT/DOC/WPS, the zip reasons
     *     of {@link DocumentInspector} for a hostile package, {@link Reason#CONVERSION_FAILED} when
     *     LibreOffice cannot convert it
     */
    public Path toPdf(Path input, Path outputDir) throws DocumentRejected {
        DocumentFormat source = sourceFormat(input);
        LocalOfficeManager office = office();
        Path output = outputDir.resolve("converted-" + UUID.randomUUID() + ".pdf");
        try {
            LocalConverter.builder()
                    .officeManager(office)
                    .loadProperties(LOAD_PROPERTIES)
                    .build()
                    .convert(input.toFile())
                    .as(source)
                    .to(output.toFile())
                    .as(DefaultDocumentFormatRegistry.PDF)
                    .execute();
        } catch (OfficeException | RuntimeException e) {
            DocumentInspector.deleteQuietly(output);
            throw new DocumentRejected(
                    Reason.CONVERSION_FAILED,
                    "LibreOffice could not convert the file to PDF; upload it as a PDF or OFD.",
                    e);
        }
        if (!Files.isRegularFile(output)) {
            throw new DocumentRejected(
                    Reason.CONVERSION_FAILED, "LibreOffice produced no PDF for the file; upload it as a PDF or OFD.");
        }
        return output;
    }

    private DocumentFormat sourceFormat(Path input) throws DocumentRejected {
        byte[] head = new byte[Sniffing.HEAD];
        int read;
        long size;
        try (InputStream in = Files.newInputStream(input)) {
            size = Files.size(input);
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the uploaded file " + input, e);
        }
        if (size > limits.maxBytes()) {
            throw new DocumentRejected(
                    Reason.TOO_LARGE, "The file is larger than " + limits.maxBytes() / (1024 * 1024) + " MiB.");
        }
        return switch (Sniffing.kind(head, read)) {
            case OLE2 -> DefaultDocumentFormatRegistry.DOC;
            case ZIP -> zipFormat(input);
            default -> throw notOffice();
        };
    }

    private DocumentFormat zipFormat(Path input) throws DocumentRejected {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sealpost-office-");
            SafeZip.unpack(input, dir, limits);
            if (Files.isRegularFile(dir.resolve("word/document.xml"))
                    && Files.isRegularFile(dir.resolve("[Content_Types].xml"))) {
                return DefaultDocumentFormatRegistry.DOCX;
            }
            Path mimetype = dir.resolve("mimetype");
            if (Files.isRegularFile(mimetype)
                    && Files.size(mimetype) < 100
                    && Files.readString(mimetype, StandardCharsets.US_ASCII)
                            .strip()
                            .equals("application/vnd.oasis.opendocument.text")) {
                return DefaultDocumentFormatRegistry.ODT;
            }
            throw notOffice();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot unpack into a temporary directory", e);
        } finally {
            DocumentInspector.deleteTree(dir);
        }
    }

    private static DocumentRejected notOffice() {
        return new DocumentRejected(
                Reason.UNKNOWN_FORMAT,
                "The file is not a DOCX, WPS, ODT or DOC document by its content; upload a PDF or OFD.");
    }

    private synchronized LocalOfficeManager office() throws DocumentRejected {
        if (manager != null) {
            return manager;
        }
        if (officeHome == null) {
            throw unavailable(null);
        }
        LocalOfficeManager started;
        try {
            started = LocalOfficeManager.builder()
                    .officeHome(officeHome)
                    .portNumbers(freePort())
                    .taskExecutionTimeout(TASK_TIMEOUT_MILLIS)
                    .build();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        try {
            started.start();
        } catch (OfficeException | RuntimeException e) {
            throw new DocumentRejected(
                    Reason.CONVERTER_UNAVAILABLE,
                    "LibreOffice is installed but could not be started, so DOCX/WPS/ODT files cannot be converted;"
                            + " upload the document as a PDF or OFD.",
                    e);
        }
        manager = started;
        return manager;
    }

    /** A loopback port free right now, so several instances on one machine do not collide. */
    private static int freePort() throws DocumentRejected {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DocumentRejected(
                    Reason.CONVERTER_UNAVAILABLE, "No local port is free to talk to LibreOffice.", e);
        }
    }

    private DocumentRejected unavailable(Exception cause) {
        return new DocumentRejected(
                Reason.CONVERTER_UNAVAILABLE,
                "LibreOffice is not installed on the server"
                        + (officeHome == null ? "" : " (looked in " + officeHome + ")")
                        + ", so DOCX/WPS/ODT files cannot be converted; upload the document as a PDF or OFD.",
                cause);
    }

    /** Stops LibreOffice if it was started. */
    @Override
    public synchronized void close() {
        if (manager != null) {
            try {
                manager.stop();
            } catch (OfficeException ignored) {
                // the process is gone either way
            } finally {
                manager = null;
            }
        }
    }
}
