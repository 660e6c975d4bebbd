package org.sealpost.server.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.sealpost.core.document.ClassificationGuard;
import org.sealpost.core.document.DocumentInspector;
import org.sealpost.core.document.DocumentRejected;
import org.sealpost.core.document.InspectedDocument;
import org.sealpost.core.document.Marking;
import org.sealpost.core.document.OfficeConversion;
import org.springframework.stereotype.Component;

/**
 * The one seam to sealpost-core's intake checks (第十八、十九条; docs/document-intake.md): every
 * uploaded body passes {@link DocumentInspector} (format by content, encrypted or corrupt PDF, OFD
 * zip bomb, path traversal, XXE …) and {@link ClassificationGuard} (绝密/机密/秘密/商密, with or
 * without ★ and a period, in metadata and text, with page and line); submit and send check the
 * typed metadata again. DOCX/WPS/ODT/DOC bodies are converted to PDF first ({@link OfficeConversion}).
 * Refusals say what and where.
 */
@Component
class DocumentInspection {

    /**
     * What an uploaded body is.
     *
     * @param converted the PDF LibreOffice made of a DOCX/WPS/ODT/DOC upload (what is stored instead
     *     of the upload), or null when the upload itself is the PDF or OFD
     */
    record Inspected(String format, int pageCount, boolean hasText, byte[] converted) {}

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    private final DocumentInspector inspector = new DocumentInspector();
    private final OfficeConversion office;

    DocumentInspection(OfficeConversion office) {
        this.office = office;
    }

    /**
     * Inspects a body; a zip that is not an OFD or an OLE2 file (DOCX, ODT, DOC, WPS) is first
     * converted to PDF by LibreOffice, and the PDF is inspected and guarded like an uploaded one.
     *
     * @throws DocumentException 422 {@code document.rejected.<reason>} for a file that is not a
     *     safe, readable PDF or OFD (or convertible office document; {@code converter-unavailable}
     *     without LibreOffice); 422 {@code document.classified} naming each marking and its place;
     *     413 when it exceeds the inspector's size limit
     */
    Inspected inspectBody(byte[] content) {
        InspectedDocument document;
        byte[] converted = null;
        try {
            try {
                document = inspector.inspect(content);
            } catch (DocumentRejected e) {
                if (e.reason() != DocumentRejected.Reason.UNKNOWN_FORMAT || !officeCandidate(content)) {
                    throw e;
                }
                converted = toPdf(content);
                document = inspector.inspect(converted);
            }
        } catch (DocumentRejected e) {
            String reason = e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
            int status = e.reason() == DocumentRejected.Reason.TOO_LARGE ? 413 : 422;
            throw new DocumentException(
                    status, "document.rejected." + reason, "The body was refused: " + e.getMessage());
        }
        List<Marking> markings = ClassificationGuard.scan(document);
        if (!markings.isEmpty()) {
            throw classified(markings);
        }
        return new Inspected(document.format().name(), document.pageCount(), document.hasText(), converted);
    }

    private static boolean officeCandidate(byte[] content) {
        return startsWith(content, ZIP) || startsWith(content, OLE2);
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }

    private byte[] toPdf(byte[] content) throws DocumentRejected {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sealpost-convert-");
            Path input = Files.write(dir.resolve("upload.bin"), content);
            return Files.readAllBytes(office.toPdf(input, dir));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot convert in a temporary directory", e);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: temporary files only
        }
    }

    /** Markings in a metadata field the sender typed, described with the field's name; empty when clean. */
    List<String> checkMetadata(String where, String text) {
        return ClassificationGuard.scanText(where, text).stream()
                .map(m -> "\u201c" + m.found() + "\u201d in the " + where)
                .toList();
    }

    static DocumentException classified(List<Marking> markings) {
        StringBuilder what = new StringBuilder();
        for (Marking m : markings.subList(0, Math.min(10, markings.size()))) {
            if (!what.isEmpty()) {
                what.append("; ");
            }
            what.append('\u201c').append(m.found()).append("\u201d at ").append(m.location());
        }
        if (markings.size() > 10) {
            what.append("; … ").append(markings.size() - 10).append(" more");
        }
        return DocumentException.unprocessable(
                "classified",
                "This system carries no classified material (第十八、十九条): found " + what
                        + ". Remove the marking, or send the document by the channel for classified documents.");
    }
}
