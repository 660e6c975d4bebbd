package org.sealpost.core.document;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Documents made at test time. PDF text uses a CID font with Identity-H encoding (codes are the
 * characters' UTF-16 units) and a ToUnicode map, so any Chinese text is extractable without
 * embedding a font file; OFDs are hand-built minimal packages (GB/T 33190 structure).
 */
final class DocumentFixtures {

    static final String CLEAN_TITLE = "关于做好电子公文传输工作的通知";

    private DocumentFixtures() {}

    // ---------------------------------------------------------------- PDF

    /** One PDF page per list, one text line per string, top to bottom. */
    static byte[] pdf(List<List<String>> pages) throws IOException {
        return pdf(pages, Map.of(), null);
    }

    /**
     * @param info document information entries (Title, Author, Subject, Keywords or custom keys)
     * @param xmp raw XMP packet, or null
     */
    static byte[] pdf(List<List<String>> pages, Map<String, String> info, String xmp) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            for (List<String> lines : pages) {
                addTextPage(doc, lines);
            }
            PDDocumentInformation information = doc.getDocumentInformation();
            info.forEach(information::setCustomMetadataValue);
            if (xmp != null) {
                PDMetadata metadata = new PDMetadata(doc);
                metadata.importXMPMetadata(xmp.getBytes(StandardCharsets.UTF_8));
                doc.getDocumentCatalog().setMetadata(metadata);
            }
            return save(doc);
        }
    }

    private static void addTextPage(PDDocument doc, List<String> lines) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDResources resources = new PDResources();
        COSDictionary fonts = new COSDictionary();
        fonts.setItem(COSName.getPDFName("F1"), cjkFont(doc));
        resources.getCOSObject().setItem(COSName.FONT, fonts);
        page.setResources(resources);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        float y = 780;
        for (String line : lines) {
            StringBuilder hex = new StringBuilder();
            for (char c : line.toCharArray()) {
                hex.append(String.format("%04X", (int) c));
            }
            content.writeBytes(
                    ("BT /F1 12 Tf 72 " + y + " Td <" + hex + "> Tj ET\n").getBytes(StandardCharsets.US_ASCII));
            y -= 24;
        }
        PDStream stream = new PDStream(doc);
        try (OutputStream out = stream.createOutputStream()) {
            out.write(content.toByteArray());
        }
        page.setContents(stream);
    }

    private static COSDictionary cjkFont(PDDocument doc) throws IOException {
        COSDictionary descriptor = new COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, "SealPostTestCJK");
        descriptor.setInt(COSName.FLAGS, 4);
        descriptor.setItem(COSName.FONT_BBOX, new PDRectangle(0, -120, 1000, 880));
        descriptor.setInt(COSName.ITALIC_ANGLE, 0);
        descriptor.setInt(COSName.ASCENT, 880);
        descriptor.setInt(COSName.DESCENT, -120);
        descriptor.setInt(COSName.CAP_HEIGHT, 700);
        descriptor.setInt(COSName.STEM_V, 80);

        COSDictionary systemInfo = new COSDictionary();
        systemInfo.setString(COSName.REGISTRY, "Adobe");
        systemInfo.setString(COSName.ORDERING, "Identity");
        systemInfo.setInt(COSName.SUPPLEMENT, 0);

        COSDictionary cidFont = new COSDictionary();
        cidFont.setItem(COSName.TYPE, COSName.FONT);
        cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE2);
        cidFont.setName(COSName.BASE_FONT, "SealPostTestCJK");
        cidFont.setItem(COSName.CIDSYSTEMINFO, systemInfo);
        cidFont.setItem(COSName.FONT_DESC, descriptor);
        cidFont.setItem(COSName.DW, COSInteger.get(1000));
        cidFont.setItem(COSName.CID_TO_GID_MAP, COSName.IDENTITY);

        COSArray descendants = new COSArray();
        descendants.add(cidFont);
        COSDictionary font = new COSDictionary();
        font.setItem(COSName.TYPE, COSName.FONT);
        font.setItem(COSName.SUBTYPE, COSName.TYPE0);
        font.setName(COSName.BASE_FONT, "SealPostTestCJK");
        font.setItem(COSName.ENCODING, COSName.IDENTITY_H);
        font.setItem(COSName.DESCENDANT_FONTS, descendants);
        PDStream toUnicode = new PDStream(doc);
        try (OutputStream out = toUnicode.createOutputStream()) {
            out.write(identityToUnicode().getBytes(StandardCharsets.US_ASCII));
        }
        font.setItem(COSName.TO_UNICODE, toUnicode);
        return font;
    }

    /** Code = UTF-16 unit, for the whole BMP (surrogates excluded). */
    private static String identityToUnicode() {
        StringBuilder cmap = new StringBuilder();
        cmap.append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
                .append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
                .append("/CMapName /SealPost-Identity-UCS def\n/CMapType 2 def\n")
                .append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        List<Integer> highs = new java.util.ArrayList<>();
        for (int high = 0; high < 256; high++) {
            if (high < 0xD8 || high > 0xDF) {
                highs.add(high);
            }
        }
        for (int from = 0; from < highs.size(); from += 100) {
            List<Integer> block = highs.subList(from, Math.min(highs.size(), from + 100));
            cmap.append(block.size()).append(" beginbfrange\n");
            for (int high : block) {
                cmap.append(String.format("<%02X00> <%02XFF> <%02X00>%n", high, high, high));
            }
            cmap.append("endbfrange\n");
        }
        cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.toString();
    }

    /** A scanned page: an image of text, no text layer. */
    static byte[] scannedPdf() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            BufferedImage scan = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scan.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 400, 200);
            g.setColor(Color.BLACK);
            g.fillRect(20, 20, 300, 10);
            g.fillRect(20, 50, 250, 10);
            g.dispose();
            PDImageXObject image = LosslessFactory.createFromImage(doc, scan);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(image, 50, 400, 400, 200);
            }
            return save(doc);
        }
    }

    static byte[] encryptedPdf(String owner, String user) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            addTextPage(doc, List.of(CLEAN_TITLE));
            StandardProtectionPolicy policy = new StandardProtectionPolicy(owner, user, new AccessPermission());
            policy.setEncryptionKeyLength(256);
            doc.protect(policy);
            return save(doc);
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- OFD

    static final String OFD_NS = "http://www.ofdspec.org/2016";

    /**
     * A minimal OFD: one document, one page per list, one TextObject per line (10 mm apart); the
     * {@code docInfo} entries become DocInfo children (e.g. Title, Author, Abstract).
     */
    static byte[] ofd(List<List<String>> pages, Map<String, String> docInfo) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        StringBuilder info = new StringBuilder("<ofd:DocID>6f2a1c0e9b2d4e5f8a7b6c5d4e3f2a1b</ofd:DocID>");
        docInfo.forEach((name, value) -> info.append("<ofd:")
                .append(name)
                .append('>')
                .append(escape(value))
                .append("</ofd:")
                .append(name)
                .append('>'));
        parts.put(
                "OFD.xml",
                xml("<ofd:OFD xmlns:ofd=\"" + OFD_NS + "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
                        + "<ofd:DocInfo>" + info + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                        + "</ofd:DocBody></ofd:OFD>"));
        StringBuilder pageList = new StringBuilder();
        int id = 100;
        for (int p = 0; p < pages.size(); p++) {
            pageList.append("<ofd:Page ID=\"")
                    .append(++id)
                    .append("\" BaseLoc=\"Pages/Page_")
                    .append(p)
                    .append("/Content.xml\"/>");
            StringBuilder objects = new StringBuilder();
            List<String> lines = pages.get(p);
            for (int l = 0; l < lines.size(); l++) {
                objects.append("<ofd:TextObject ID=\"")
                        .append(++id)
                        .append("\" Boundary=\"25 ")
                        .append(30 + 10 * l)
                        .append(" 160 8\" Font=\"1\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">")
                        .append(escape(lines.get(l)))
                        .append("</ofd:TextCode></ofd:TextObject>");
            }
            parts.put(
                    "Doc_0/Pages/Page_" + p + "/Content.xml",
                    xml("<ofd:Page xmlns:ofd=\"" + OFD_NS + "\">" + "<ofd:Content><ofd:Layer ID=\"" + (++id) + "\">"
                            + objects + "</ofd:Layer></ofd:Content></ofd:Page>"));
        }
        parts.put(
                "Doc_0/Document.xml",
                xml("<ofd:Document xmlns:ofd=\"" + OFD_NS + "\"><ofd:CommonData>"
                        + "<ofd:MaxUnitID>" + (id + 1) + "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                        + "</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>" + pageList
                        + "</ofd:Pages></ofd:Document>"));
        return zip(parts);
    }

    static byte[] xml(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A zip of the given parts, in order, deflated. */
    static byte[] zip(Map<String, byte[]> parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A clean one-page OFD with {@code extra} parts added (e.g. a hostile entry). */
    static byte[] ofdWith(Map<String, byte[]> extra) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>(unzip(ofd(List.of(List.of(CLEAN_TITLE)), Map.of())));
        parts.putAll(extra);
        return zip(parts);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                parts.put(entry.getName(), in.readAllBytes());
            }
        }
        return parts;
    }

    // ---------------------------------------------------------------- office

    /** A minimal DOCX (WordprocessingML) with one paragraph per line. */
    static byte[] docx(List<String> paragraphs) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(
                "[Content_Types].xml",
                xml("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                        + ".wordprocessingml.document.main+xml\"/></Types>"));
        parts.put(
                "_rels/.rels",
                xml("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                        + "officeDocument\" Target=\"word/document.xml\"/></Relationships>"));
        StringBuilder body = new StringBuilder();
        for (String paragraph : paragraphs) {
            body.append("<w:p><w:r><w:t>").append(escape(paragraph)).append("</w:t></w:r></w:p>");
        }
        parts.put(
                "word/document.xml",
                xml("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">" + "<w:body>"
                        + body + "</w:body></w:document>"));
        return zip(parts);
    }

    /** A minimal ODT (OpenDocument text) with one paragraph per line. */
    static byte[] odt(List<String> paragraphs) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("mimetype", "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII));
        parts.put(
                "META-INF/manifest.xml",
                xml(
                        "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:"
                                + "manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\""
                                + " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry"
                                + " manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>"));
        StringBuilder body = new StringBuilder();
        for (String paragraph : paragraphs) {
            body.append("<text:p>").append(escape(paragraph)).append("</text:p>");
        }
        parts.put(
                "content.xml",
                xml("<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                        + "<office:body><office:text>" + body
                        + "</office:text></office:body></office:document-content>"));
        return zip(parts);
    }
}
