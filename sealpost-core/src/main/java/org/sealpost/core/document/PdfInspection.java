package org.sealpost.core.document;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessStreamCache.StreamCacheCreateFunction;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.sealpost.core.document.DocumentRejected.Reason;

/** PDF text and metadata through PDFBox 3; encryption of any kind is refused. */
final class PdfInspection {

    /** In-memory part of PDFBox's stream cache; the rest spills to a temporary file. */
    private static final long CACHE_MEMORY = 16L * 1024 * 1024;

    /** Most bookmarks, annotations or form fields read; beyond that a document is not plausible. */
    private static final int MAX_OUTLINE_ITEMS = 10_000;

    private static final int MAX_XMP_BYTES = 4 * 1024 * 1024;

    private PdfInspection() {}

    static InspectedDocument inspect(byte[] pdf, Limits limits) throws DocumentRejected {
        try (PDDocument document = Loader.loadPDF(pdf, "", null, null, cache(limits))) {
            return read(document, limits);
        } catch (InvalidPasswordException e) {
            throw encrypted(e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw corrupt(e);
        }
    }

    static InspectedDocument inspect(File pdf, Limits limits) throws DocumentRejected {
        try (PDDocument document = Loader.loadPDF(pdf, "", null, null, cache(limits))) {
            return read(document, limits);
        } catch (InvalidPasswordException e) {
            throw encrypted(e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw corrupt(e);
        }
    }

    private static StreamCacheCreateFunction cache(Limits limits) {
        return MemoryUsageSetting.setupMixed(CACHE_MEMORY, Math.max(CACHE_MEMORY * 2, limits.maxUncompressed()))
                .streamCache;
    }

    private static InspectedDocument read(PDDocument document, Limits limits) throws IOException, DocumentRejected {
        // opened with the empty password means only "no user password": any encryption is refused,
        // because the content could not be scanned on the recipient's side without the owner's consent
        if (document.isEncrypted()) {
            throw encrypted(null);
        }
        int pages = document.getNumberOfPages();
        if (pages > limits.maxPages()) {
            throw new DocumentRejected(
                    Reason.TOO_MANY_PAGES,
                    "The document has " + pages + " pages; at most " + limits.maxPages() + " are accepted.");
        }
        Map<String, String> metadata = metadata(document);
        PdfLines stripper = new PdfLines();
        List<PageText> text = new ArrayList<>(pages);
        long chars = 0;
        for (int page = 1; page <= pages; page++) {
            List<String> lines = stripper.page(document, page);
            for (String line : lines) {
                chars += line.length();
            }
            if (chars > limits.maxTextChars()) {
                throw tooMuchText(limits);
            }
            text.add(new PageText(page, lines));
        }
        return new InspectedDocument(DocumentFormat.PDF, pages, text, metadata);
    }

    private static Map<String, String> metadata(PDDocument document) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        PDDocumentInformation info = document.getDocumentInformation();
        put(fields, "title", info.getTitle());
        put(fields, "author", info.getAuthor());
        put(fields, "subject", info.getSubject());
        put(fields, "keywords", info.getKeywords());
        put(fields, "creator", info.getCreator());
        put(fields, "producer", info.getProducer());
        for (String key : info.getMetadataKeys()) {
            String name = key.toLowerCase(Locale.ROOT);
            if (!fields.containsKey(name)
                    && info.getCOSObject().getDictionaryObject(COSName.getPDFName(key)) instanceof COSString) {
                put(fields, name, info.getCustomMetadataValue(key));
            }
        }
        PDMetadata xmp = document.getDocumentCatalog().getMetadata();
        if (xmp != null) {
            put(fields, "xmp", readXmp(xmp));
        }
        List<String> outline = new ArrayList<>();
        if (document.getDocumentCatalog().getDocumentOutline() != null) {
            outline(
                    document.getDocumentCatalog().getDocumentOutline(),
                    outline,
                    Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        put(fields, "outline", String.join("\n", outline));
        put(fields, "annotations", annotations(document));
        put(fields, "form", formValues(document));
        return fields;
    }

    /**
     * The text of annotations (comments, free-text boxes, stamps), whose appearance the text
     * extraction does not read, one line each, prefixed with the page.
     */
    private static String annotations(PDDocument document) throws IOException {
        StringBuilder text = new StringBuilder();
        int count = 0;
        int page = 0;
        for (PDPage pdPage : document.getPages()) {
            page++;
            for (PDAnnotation annotation : pdPage.getAnnotations()) {
                if (++count > MAX_OUTLINE_ITEMS) {
                    return text.toString();
                }
                String contents = annotation.getContents();
                if (contents != null && !contents.isBlank()) {
                    text.append("page ")
                            .append(page)
                            .append(": ")
                            .append(contents.strip())
                            .append('\n');
                }
            }
        }
        return text.toString();
    }

    /** Form field values, which are drawn on the page but not part of its content stream. */
    private static String formValues(PDDocument document) {
        PDAcroForm form = document.getDocumentCatalog().getAcroForm(null);
        if (form == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        int count = 0;
        for (PDField field : form.getFieldTree()) {
            if (++count > MAX_OUTLINE_ITEMS) {
                break;
            }
            String value = field.getValueAsString();
            if (value != null && !value.isBlank()) {
                text.append(value.strip()).append('\n');
            }
        }
        return text.toString();
    }

    /** Bookmark titles, depth first; cycles and runaway outlines are cut off. */
    private static void outline(PDOutlineNode node, List<String> titles, Set<Object> seen) {
        for (PDOutlineItem item : node.children()) {
            if (titles.size() >= MAX_OUTLINE_ITEMS || !seen.add(item.getCOSObject())) {
                return;
            }
            if (item.getTitle() != null) {
                titles.add(item.getTitle());
            }
            outline(item, titles, seen);
        }
    }

    private static String readXmp(PDMetadata xmp) throws IOException {
        try (InputStream in = xmp.exportXMPMetadata()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0 && out.size() < MAX_XMP_BYTES; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            // XMP is scanned as text, never parsed, so an entity in it has no effect
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null && !value.isBlank()) {
            fields.put(name, value);
        }
    }

    static DocumentRejected tooMuchText(Limits limits) {
        return new DocumentRejected(
                Reason.TOO_LARGE,
                "The document holds more than " + limits.maxTextChars()
                        + " characters of text, more than can be checked for classification markings.");
    }

    private static DocumentRejected encrypted(Exception cause) {
        return new DocumentRejected(
                Reason.ENCRYPTED,
                "The PDF is encrypted or password-protected; remove the protection and upload it again.",
                cause);
    }

    private static DocumentRejected corrupt(Throwable cause) {
        return new DocumentRejected(Reason.CORRUPT, "The file starts like a PDF but cannot be read as one.", cause);
    }
}
