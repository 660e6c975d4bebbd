package org.sealpost.server.document;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The canonical metadata whose SM3 the envelope manifest signs ({@code metadataSm3}): UTF-8 lines
 * {@code name=value} in this fixed order, values with {@code \}, CR and LF escaped as {@code \\},
 * {@code \r}, {@code \n}; lists joined by {@code ,} in the order of the resolved scope; absent
 * values empty. A recipient recomputes it from the delivery's metadata to prove it is what was
 * signed.
 */
final class DocumentMetadata {

    private DocumentMetadata() {}

    static byte[] canonical(DocumentView doc, List<String> main, List<String> cc) {
        StringBuilder out = new StringBuilder("sealpost-metadata=1\n");
        line(out, "id", doc.id());
        line(out, "sender", doc.senderUnit());
        line(out, "type", doc.typeCode());
        line(out, "docNo", doc.docNo());
        line(out, "title", doc.title());
        line(out, "urgency", doc.urgency().name());
        line(out, "signer", doc.signer());
        line(out, "date", doc.docDate() == null ? null : doc.docDate().toString());
        line(out, "notes", doc.notes());
        line(out, "printCopies", Integer.toString(doc.printCopies()));
        line(out, "printSuccess", Integer.toString(doc.printSuccess()));
        line(out, "paperFollows", Boolean.toString(doc.paperFollows()));
        line(out, "main", String.join(",", main));
        line(out, "cc", String.join(",", cc));
        for (DocumentView.Attachment a : doc.attachments()) {
            line(out, "attachment." + a.seq(), a.fileName() + "|" + (a.description() == null ? "" : a.description()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(name).append('=');
        if (value != null) {
            out.append(value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n"));
        }
        out.append('\n');
    }
}
