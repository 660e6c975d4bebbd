package org.sealpost.core.seal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.jcajce.provider.digest.SM3;

/** What a PDF page shows, as far as sealing cares: is it blank, and has it changed. */
final class PdfPages {

    /** Operators that put something on the page: text, painted paths, images, shadings, forms. */
    private static final Set<String> PAINTING =
            Set.of("Tj", "TJ", "'", "\"", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "BI");

    private static final int MAX_NODES = 200_000;

    private PdfPages() {}

    /**
     * True when the page (1-based) carries text or a painting operator. A page whose only content is
     * whitespace, path construction without painting, or nothing at all is blank.
     */
    static boolean hasContent(PDDocument doc, int pageNumber) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(pageNumber);
        stripper.setEndPage(pageNumber);
        if (!stripper.getText(doc).isBlank()) {
            return true;
        }
        PDPage page = doc.getPage(pageNumber - 1);
        if (!page.hasContents()) {
            return false;
        }
        PDFStreamParser parser = new PDFStreamParser(page);
        for (Object token = parser.parseNextToken(); token != null; token = parser.parseNextToken()) {
            if (token instanceof Operator op && PAINTING.contains(op.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * An SM3 digest of everything a page shows: its dictionary, content streams and resources, deeply,
     * without its annotations. Equal digests across two revisions mean the page is unchanged.
     */
    static byte[] contentDigest(PDPage page) throws IOException {
        return new Walker(Set.of(COSName.ANNOTS.getName())).digest(page.getCOSObject());
    }

    /** An SM3 digest of a page's annotations (widgets, comments), deeply. */
    static byte[] annotationDigest(PDPage page) throws IOException {
        COSBase annots = page.getCOSObject().getDictionaryObject(COSName.ANNOTS);
        return new Walker(Set.of()).digest(annots == null ? new COSArray() : annots);
    }

    /** Hashes a COS graph in a fixed order; back-references to the page tree are left out. */
    private static final class Walker {
        private final MessageDigest md = new SM3.Digest();
        private final Map<COSBase, Integer> seen = new IdentityHashMap<>();
        private final Set<String> skipAtTop;
        private int nodes;

        Walker(Set<String> skipAtTop) {
            this.skipAtTop = skipAtTop;
        }

        byte[] digest(COSBase root) throws IOException {
            walk(root, 0);
            return md.digest();
        }

        private void walk(COSBase node, int depth) throws IOException {
            if (++nodes > MAX_NODES || depth > 100) {
                throw new IOException("page structure too large or too deep to compare");
            }
            COSBase value = node instanceof COSObject ref ? ref.getObject() : node;
            if (value == null) {
                put("null");
                return;
            }
            Integer earlier = seen.get(value);
            if (earlier != null) {
                put("ref" + earlier);
                return;
            }
            if (value instanceof COSDictionary || value instanceof COSArray) {
                seen.put(value, seen.size());
            }
            if (value instanceof COSStream stream) {
                put("stream");
                walkDictionary(stream, depth);
                try (InputStream raw = stream.createRawInputStream()) {
                    byte[] buffer = new byte[8192];
                    for (int n = raw.read(buffer); n > 0; n = raw.read(buffer)) {
                        md.update(buffer, 0, n);
                    }
                }
            } else if (value instanceof COSDictionary dict) {
                put("dict");
                walkDictionary(dict, depth);
            } else if (value instanceof COSArray array) {
                put("array" + array.size());
                for (int i = 0; i < array.size(); i++) {
                    walk(array.get(i), depth + 1);
                }
            } else {
                put(value.getClass().getSimpleName() + ":" + value);
            }
        }

        private void walkDictionary(COSDictionary dict, int depth) throws IOException {
            for (COSName key : dict.keySet().stream().sorted().toList()) {
                String name = key.getName();
                if (name.equals("Parent") || name.equals("P") || (depth == 0 && skipAtTop.contains(name))) {
                    continue; // back-references to the page tree; the caller's own exclusions
                }
                put("/" + name);
                walk(dict.getItem(key), depth + 1);
            }
        }

        private void put(String token) {
            md.update(token.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
    }
}
