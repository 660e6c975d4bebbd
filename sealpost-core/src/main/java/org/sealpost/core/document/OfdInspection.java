package org.sealpost.core.document;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.ofdrw.core.annotation.pageannot.Annot;
import org.ofdrw.core.basicStructure.ofd.DocBody;
import org.ofdrw.core.basicStructure.ofd.OFD;
import org.ofdrw.core.basicStructure.ofd.docInfo.CT_DocInfo;
import org.ofdrw.core.basicStructure.pageObj.layer.CT_Layer;
import org.ofdrw.core.basicStructure.pageObj.layer.PageBlockType;
import org.ofdrw.core.basicStructure.pageObj.layer.block.CT_PageBlock;
import org.ofdrw.core.basicStructure.pageObj.layer.block.TextObject;
import org.ofdrw.core.basicType.ST_Array;
import org.ofdrw.core.basicType.ST_Box;
import org.ofdrw.core.text.TextCode;
import org.ofdrw.pkg.tool.SAXReaderFactory;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.reader.PageInfo;
import org.ofdrw.reader.model.AnnotionEntity;
import org.sealpost.core.document.DocumentRejected.Reason;
import org.xml.sax.SAXException;

/**
 * OFD text and metadata through ofdrw-reader, over a directory {@link SafeZip} has already unpacked
 * and checked. Text is the content of every {@code TextObject}/{@code TextCode} on the page's layers
 * (template layers included), grouped into lines by vertical position.
 */
final class OfdInspection {

    static {
        // ofdrw parses with a plain dom4j SAXReader; make every reader it creates refuse DTDs, so an
        // entity cannot be resolved even if a part slipped past SafeZip's byte scan
        SAXReaderFactory.SetCustomizedProducer(OfdInspection::hardenedReader);
    }

    private static final int MAX_BLOCK_DEPTH = 64;

    private OfdInspection() {}

    static SAXReader hardenedReader() {
        SAXReader reader = new SAXReader();
        try {
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            reader.setFeature("http://xml.org/sax/features/external-general-entities", false);
            reader.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            reader.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (SAXException e) {
            throw new IllegalStateException("The XML parser cannot be hardened against XXE", e);
        }
        reader.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entities are not resolved");
        });
        return reader;
    }

    /** @param unpacked the OFD package unpacked by {@link SafeZip} */
    static InspectedDocument inspect(Path unpacked, Limits limits) throws DocumentRejected {
        try (OFDReader reader = new OFDReader(unpacked.toString(), false)) {
            OFD ofd = reader.getOFDDir().getOfd();
            List<DocBody> bodies = ofd.getDocBodies();
            if (bodies.size() != 1) {
                throw new DocumentRejected(
                        Reason.MULTIPLE_DOCUMENTS,
                        "The OFD package holds " + bodies.size() + " documents; upload exactly one document per file.");
            }
            Map<String, String> metadata = metadata(bodies.get(0).getDocInfo());
            int pages = reader.getNumberOfPages();
            if (pages > limits.maxPages()) {
                throw new DocumentRejected(
                        Reason.TOO_MANY_PAGES,
                        "The document has " + pages + " pages; at most " + limits.maxPages() + " are accepted.");
            }
            List<PageText> text = new ArrayList<>(pages);
            long chars = 0;
            for (int page = 1; page <= pages; page++) {
                PageInfo info = reader.getPageInfo(page);
                List<Run> runs = new ArrayList<>();
                for (CT_Layer layer : info.getAllLayer()) {
                    collect(layer, runs, 0);
                }
                List<String> lines = lines(runs);
                for (String line : lines) {
                    chars += line.length();
                }
                if (chars > limits.maxTextChars()) {
                    throw PdfInspection.tooMuchText(limits);
                }
                text.add(new PageText(page, lines));
            }
            String annotations = annotations(reader);
            if (!annotations.isBlank()) {
                metadata = new LinkedHashMap<>(metadata);
                metadata.put("annotations", annotations);
            }
            return new InspectedDocument(DocumentFormat.OFD, pages, text, metadata);
        } catch (DocumentRejected e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw new DocumentRejected(Reason.CORRUPT, "The file is a zip package but not a readable OFD document.", e);
        }
    }

    /** Remarks and appearance text of page annotations (e.g. a stamp drawn as an annotation). */
    private static String annotations(OFDReader reader) {
        StringBuilder text = new StringBuilder();
        List<AnnotionEntity> entities = reader.getAnnotationEntities();
        if (entities == null) {
            return "";
        }
        for (AnnotionEntity entity : entities) {
            for (Annot annot : entity.getAnnots()) {
                if (annot.getRemark() != null && !annot.getRemark().isBlank()) {
                    text.append(annot.getRemark().strip()).append('\n');
                }
                if (annot.getAppearance() != null) {
                    List<Run> runs = new ArrayList<>();
                    collect(annot.getAppearance(), runs, 0);
                    for (String line : lines(runs)) {
                        text.append(line).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    private static Map<String, String> metadata(CT_DocInfo info) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (info == null) {
            return fields;
        }
        for (Element child : info.elements()) {
            String value = child.getStringValue();
            if (value != null && !value.isBlank()) {
                String name = child.getName();
                String key = name.isEmpty() ? name : name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
                fields.merge(key, value.strip(), (a, b) -> a + "\n" + b);
            }
        }
        return fields;
    }

    /** A run of text at a position on the page, in millimetres from the top left. */
    private record Run(double x, double y, double size, String text) {

        double end() {
            return x + size * text.length();
        }
    }

    private static void collect(CT_PageBlock block, List<Run> runs, int depth) {
        if (depth > MAX_BLOCK_DEPTH) {
            throw new IllegalArgumentException("page blocks nested too deep");
        }
        for (PageBlockType child : block.getPageBlocks()) {
            if (child instanceof TextObject text) {
                addRuns(text, runs);
            } else if (child instanceof CT_PageBlock nested) {
                collect(nested, runs, depth + 1);
            }
        }
    }

    private static void addRuns(TextObject text, List<Run> runs) {
        ST_Box box = text.getBoundary();
        double left = box == null || box.getTopLeftX() == null ? 0 : box.getTopLeftX();
        double top = box == null || box.getTopLeftY() == null ? 0 : box.getTopLeftY();
        double size = text.getSize() == null ? 3.5 : text.getSize();
        double x = 0;
        double y = 0;
        for (TextCode code : text.getTextCodes()) {
            // a TextCode without X or Y continues from the previous one's position (GB/T 33190 11.3)
            if (code.getX() != null) {
                x = code.getX();
            }
            if (code.getY() != null) {
                y = code.getY();
            }
            String content = code.getContent();
            if (content != null && !content.isBlank()) {
                runs.add(new Run(left + x, top + y, size, content));
            }
            if (content != null) {
                x += advance(code.getDeltaX(), content, size);
            }
        }
    }

    private static double advance(ST_Array deltaX, String content, double size) {
        if (deltaX == null) {
            return size * content.length();
        }
        double total = 0;
        for (String value : deltaX.getArray()) {
            try {
                total += Double.parseDouble(value);
            } catch (NumberFormatException ignored) {
                // "g" repetition syntax: estimate instead of expanding attacker-chosen counts
                return size * content.length();
            }
        }
        return total + size;
    }

    /**
     * Runs whose baselines are within half a font size of each other form one line; lines are read
     * top to bottom, runs left to right, with a space where runs are visibly apart.
     */
    private static List<String> lines(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Run::y).thenComparingDouble(Run::x));
        List<List<Run>> grouped = new ArrayList<>();
        double lineY = Double.NaN;
        for (Run run : sorted) {
            if (grouped.isEmpty() || Math.abs(run.y() - lineY) > Math.max(0.5, run.size() / 2)) {
                grouped.add(new ArrayList<>());
                lineY = run.y();
            }
            grouped.get(grouped.size() - 1).add(run);
        }
        List<String> lines = new ArrayList<>(grouped.size());
        for (List<Run> line : grouped) {
            line.sort(Comparator.comparingDouble(Run::x));
            StringBuilder text = new StringBuilder();
            Run previous = null;
            for (Run run : line) {
                if (previous != null && run.x() - previous.end() > run.size() * 0.3) {
                    text.append(' ');
                }
                text.append(run.text());
                previous = run;
            }
            String stripped = text.toString().strip();
            if (!stripped.isEmpty()) {
                lines.add(stripped);
            }
        }
        return lines;
    }
}
