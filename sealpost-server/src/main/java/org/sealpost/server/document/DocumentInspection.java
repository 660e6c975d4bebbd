package org.sealpost.server.document;

import java.util.List;
import java.util.Locale;
import org.sealpost.core.document.ClassificationGuard;
import org.sealpost.core.document.DocumentInspector;
import org.sealpost.core.document.DocumentRejected;
import org.sealpost.core.document.InspectedDocument;
import org.sealpost.core.document.Marking;
import org.springframework.stereotype.Component;

/**
 * The one seam to sealpost-core's intake checks (第十八、十九条; docs/document-intake.md): every
 * uploaded body passes {@link DocumentInspector} (format by content, encrypted or corrupt PDF, OFD
 * zip bomb, path traversal, XXE …) and {@link ClassificationGuard} (绝密/机密/秘密/商密, with or
 * without ★ and a period, in metadata and text, with page and line); submit and send check the
 * typed metadata again. Refusals say what and where.
 */
@Component
class DocumentInspection {

    /** What an uploaded body is. */
    record Inspected(String format, int pageCount, boolean hasText) {}

    private final DocumentInspector inspector = new DocumentInspector();

    /**
     * @throws DocumentException 422 {@code document.rejected.<reason>} for a file that is not a
     *     safe, readable PDF or OFD; 422 {@code document.classified} naming each marking and its
     *     place; 413 when it exceeds the inspector's size limit
     */
    Inspected inspectBody(byte[] content) {
        InspectedDocument document;
        try {
            document = inspector.inspect(content);
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
        return new Inspected(document.format().name(), document.pageCount(), document.hasText());
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
