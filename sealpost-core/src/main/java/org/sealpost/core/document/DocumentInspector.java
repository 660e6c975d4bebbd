package org.sealpost.core.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.sealpost.core.document.DocumentRejected.Reason;

/**
 * Checks an uploaded document body before SealPost accepts it, and extracts its text and metadata
 * for the {@link ClassificationGuard}.
 *
 * <p>The format is recognised by content (a PDF starts with {@code %PDF-}, an OFD is a zip), never
 * by file name. PDFs are read with PDFBox using a memory-limited stream cache; any encryption is
 * refused. OFD packages are unpacked by {@link SafeZip} (entry count, size and ratio measured while
 * inflating, zip-slip names, DTD/entity declarations) before ofdrw reads the unpacked directory with
 * DTDs disabled. Every refusal is a {@link DocumentRejected} with a stable reason; no other
 * exception escapes for any input.
 *
 * <p>Thread-safe; holds no state but its limits.
 */
public final class DocumentInspector {

    private final Limits limits;

    public DocumentInspector(Limits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /** With {@link Limits#defaults()}. */
    public DocumentInspector() {
        this(Limits.defaults());
    }

    public Limits limits() {
        return limits;
    }

    public InspectedDocument inspect(byte[] document) throws DocumentRejected {
        checkSize(document.length);
        switch (Sniffing.kind(document, document.length)) {
            case PDF -> {
                return PdfInspection.inspect(document, limits);
            }
            case ZIP -> {
                Path temp = null;
                try {
                    temp = Files.createTempFile("sealpost-upload-", ".zip");
                    Files.write(temp, document);
                    return inspectZip(temp);
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot write a temporary file", e);
                } finally {
                    deleteQuietly(temp);
                }
            }
            default -> throw unknown();
        }
    }

    /** For large files: the PDF is read from disk through PDFBox's cache, not loaded whole. */
    public InspectedDocument inspect(Path document) throws DocumentRejected {
        long size;
        byte[] head = new byte[Sniffing.HEAD];
        int read;
        try (InputStream in = Files.newInputStream(document)) {
            size = Files.size(document);
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the uploaded file " + document, e);
        }
        checkSize(size);
        return switch (Sniffing.kind(head, read)) {
            case PDF -> PdfInspection.inspect(document.toFile(), limits);
            case ZIP -> inspectZip(document);
            default -> throw unknown();
        };
    }

    private InspectedDocument inspectZip(Path zip) throws DocumentRejected {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sealpost-ofd-");
            SafeZip.unpack(zip, dir, limits);
            if (!Files.isRegularFile(dir.resolve("OFD.xml"))) {
                throw new DocumentRejected(
                        Reason.UNKNOWN_FORMAT,
                        "The file is a zip archive but not an OFD document (it has no OFD.xml); upload a PDF or OFD.");
            }
            return OfdInspection.inspect(dir, limits);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a temporary directory", e);
        } finally {
            deleteTree(dir);
        }
    }

    private void checkSize(long size) throws DocumentRejected {
        if (size > limits.maxBytes()) {
            throw new DocumentRejected(
                    Reason.TOO_LARGE, "The file is larger than " + limits.maxBytes() / (1024 * 1024) + " MiB.");
        }
        if (size == 0) {
            throw new DocumentRejected(Reason.UNKNOWN_FORMAT, "The file is empty.");
        }
    }

    private static DocumentRejected unknown() {
        return new DocumentRejected(
                Reason.UNKNOWN_FORMAT,
                "The file is neither a PDF nor an OFD document by its content; upload a PDF or OFD.");
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(DocumentInspector::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: temporary files only
        }
    }

    static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: temporary files only
        }
    }
}
