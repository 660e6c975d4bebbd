package org.sealpost.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.element.Paragraph;
import org.sealpost.core.document.DocumentRejected.Reason;

class DocumentInspectorTest {

    private static final List<String> MARKINGS =
            List.of("绝密", "机密", "秘密", "商密", "绝密★长期", "机密★10年", "秘密★1年", "商密★5年", "秘 密", "机　密");

    private final DocumentInspector inspector = new DocumentInspector(Limits.defaults());

    @TempDir
    Path temp;

    // ------------------------------------------------------------------ PDF

    @Test
    void cleanPdfPassesWithItsTextPerPageAndLine() throws Exception {
        byte[] pdf =
                DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE, "各银行业金融机构："), List.of("附件：传输规范")));

        InspectedDocument document = inspector.inspect(pdf);

        assertThat(document.format()).isEqualTo(DocumentFormat.PDF);
        assertThat(document.pageCount()).isEqualTo(2);
        assertThat(document.text())
                .containsExactly(
                        new PageText(1, List.of(DocumentFixtures.CLEAN_TITLE, "各银行业金融机构：")),
                        new PageText(2, List.of("附件：传输规范")));
        assertThat(document.hasText()).isTrue();
        assertThat(ClassificationGuard.scan(document)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"绝密", "机密", "秘密", "商密", "绝密★长期", "机密★10年", "秘密★1年", "商密★5年", "秘 密", "机　密"})
    void markingInPdfTextIsFoundWithPageAndLine(String marking) throws Exception {
        byte[] pdf = DocumentFixtures.pdf(List.of(
                List.of(DocumentFixtures.CLEAN_TITLE), List.of("000123", marking, DocumentFixtures.CLEAN_TITLE)));

        List<Marking> found = ClassificationGuard.scan(inspector.inspect(pdf));

        assertThat(found).singleElement().satisfies(m -> {
            assertThat(m.where()).isEqualTo("body");
            assertThat(m.page()).isEqualTo(2);
            assertThat(m.line()).isEqualTo(2);
            assertThat(m.found().replaceAll("\\s", "")).isEqualTo(marking.replaceAll("[\\s\\u3000]", ""));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Title", "Subject", "Keywords", "Author", "Classification"})
    void markingInPdfDocumentInformationIsFound(String field) throws Exception {
        for (String marking : MARKINGS) {
            byte[] pdf =
                    DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE)), Map.of(field, marking), null);

            assertThat(ClassificationGuard.scan(inspector.inspect(pdf)))
                    .as(marking + " in " + field)
                    .singleElement()
                    .satisfies(m -> {
                        assertThat(m.where()).isEqualTo(field.toLowerCase());
                        assertThat(m.page()).isZero();
                    });
        }
    }

    @Test
    void markingInPdfXmpMetadataIsFound() throws Exception {
        String xmp = "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description"
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:subject><rdf:Bag><rdf:li>机密★10年</rdf:li>"
                + "</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
        byte[] pdf = DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE)), Map.of(), xmp);

        assertThat(ClassificationGuard.scan(inspector.inspect(pdf)))
                .containsExactly(new Marking("机密★10年", "xmp", 0, 0));
    }

    @Test
    void markingInPdfAnnotationIsFound() throws Exception {
        byte[] plain = DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE), List.of("正文")));
        byte[] pdf;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(plain)) {
            org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText note =
                    new org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText();
            note.setContents("绝密★长期");
            note.setRectangle(new org.apache.pdfbox.pdmodel.common.PDRectangle(72, 700, 20, 20));
            doc.getPage(1).getAnnotations().add(note);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            pdf = out.toByteArray();
        }

        assertThat(ClassificationGuard.scan(inspector.inspect(pdf)))
                .containsExactly(new Marking("绝密★长期", "annotations", 0, 0));
    }

    @Test
    void scannedPdfHasNoText() throws Exception {
        InspectedDocument document = inspector.inspect(DocumentFixtures.scannedPdf());

        assertThat(document.pageCount()).isEqualTo(1);
        assertThat(document.hasText()).isFalse();
        assertThat(ClassificationGuard.scan(document)).isEmpty();
    }

    @Test
    void pdfWithUserAndOwnerPasswordIsRefusedAsEncrypted() throws Exception {
        assertRejected(DocumentFixtures.encryptedPdf("owner-secret", "user-secret"), Reason.ENCRYPTED);
    }

    @Test
    void pdfWithEmptyUserPasswordIsStillRefusedAsEncrypted() throws Exception {
        assertRejected(DocumentFixtures.encryptedPdf("owner-secret", ""), Reason.ENCRYPTED);
    }

    @Test
    void truncatedPdfIsRefusedAsCorrupt() throws Exception {
        byte[] pdf = DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE)));

        assertRejected(Arrays.copyOf(pdf, 40), Reason.CORRUPT);
    }

    @Test
    void garbageAfterPdfHeaderIsRefusedAsCorrupt() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, garbage, 0, 9);

        assertRejected(garbage, Reason.CORRUPT);
    }

    @Test
    void tooManyPagesAreRefused() throws Exception {
        byte[] pdf = DocumentFixtures.pdf(List.of(List.of("一"), List.of("二"), List.of("三")));
        DocumentInspector strict = new DocumentInspector(new Limits(1 << 20, 100, 1 << 20, 100, 2, 10_000));

        assertThatThrownBy(() -> strict.inspect(pdf))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PAGES));
    }

    @Test
    void oversizedFileIsRefusedBeforeParsing() throws Exception {
        byte[] pdf = DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE)));
        DocumentInspector strict = new DocumentInspector(new Limits(100, 100, 1 << 20, 100, 10, 10_000));

        assertThatThrownBy(() -> strict.inspect(pdf))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void largePdfFromDiskIsInspected() throws Exception {
        Path file = temp.resolve("upload.bin");
        Files.write(file, DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE), List.of("秘密★1年"))));

        assertThat(ClassificationGuard.scan(inspector.inspect(file)))
                .containsExactly(new Marking("秘密★1年", "body", 2, 1));
    }

    // ------------------------------------------------------------------ format sniffing

    @Test
    void exeRenamedToPdfIsRefusedAsUnknownFormat() throws Exception {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        Path renamed = temp.resolve("通知.pdf");
        Files.write(renamed, exe);

        assertThatThrownBy(() -> inspector.inspect(renamed)).isInstanceOfSatisfying(DocumentRejected.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FORMAT);
            assertThat(e.getMessage()).contains("neither a PDF nor an OFD");
        });
        assertRejected(exe, Reason.UNKNOWN_FORMAT);
    }

    @Test
    void pdfHeaderAfterLeadingBytesIsNotAcceptedAsPdf() throws Exception {
        byte[] pdf = DocumentFixtures.pdf(List.of(List.of(DocumentFixtures.CLEAN_TITLE)));
        byte[] polyglot = new byte[pdf.length + 4];
        System.arraycopy("MZ\0\0".getBytes(StandardCharsets.US_ASCII), 0, polyglot, 0, 4);
        System.arraycopy(pdf, 0, polyglot, 4, pdf.length);

        assertRejected(polyglot, Reason.UNKNOWN_FORMAT);
    }

    @Test
    void zipThatIsNotOfdIsRefusedAsUnknownFormat() throws Exception {
        assertRejected(DocumentFixtures.docx(List.of("正文")), Reason.UNKNOWN_FORMAT);
    }

    @Test
    void emptyFileIsRefused() {
        assertRejected(new byte[0], Reason.UNKNOWN_FORMAT);
    }

    // ------------------------------------------------------------------ OFD

    @Test
    void cleanOfdPassesWithItsTextPerPageAndLine() throws Exception {
        byte[] ofd = DocumentFixtures.ofd(
                List.of(List.of(DocumentFixtures.CLEAN_TITLE, "各银行业金融机构："), List.of("附件")),
                Map.of("Title", DocumentFixtures.CLEAN_TITLE));

        InspectedDocument document = inspector.inspect(ofd);

        assertThat(document.format()).isEqualTo(DocumentFormat.OFD);
        assertThat(document.pageCount()).isEqualTo(2);
        assertThat(document.text())
                .containsExactly(
                        new PageText(1, List.of(DocumentFixtures.CLEAN_TITLE, "各银行业金融机构：")),
                        new PageText(2, List.of("附件")));
        assertThat(document.metadata()).containsEntry("title", DocumentFixtures.CLEAN_TITLE);
        assertThat(ClassificationGuard.scan(document)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"绝密", "机密", "秘密", "商密", "绝密★长期", "机密★10年", "秘密★1年", "商密★5年", "秘 密", "机　密"})
    void markingInOfdTextIsFoundWithPageAndLine(String marking) throws Exception {
        byte[] ofd = DocumentFixtures.ofd(
                List.of(List.of(DocumentFixtures.CLEAN_TITLE), List.of("000123", "各单位：", marking)), Map.of());

        assertThat(ClassificationGuard.scan(inspector.inspect(ofd)))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.where()).isEqualTo("body");
                    assertThat(m.page()).isEqualTo(2);
                    assertThat(m.line()).isEqualTo(3);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Title", "Subject", "Abstract", "Author", "Creator"})
    void markingInOfdDocInfoIsFound(String field) throws Exception {
        for (String marking : MARKINGS) {
            byte[] ofd = DocumentFixtures.ofd(List.of(List.of(DocumentFixtures.CLEAN_TITLE)), Map.of(field, marking));

            String expected = Character.toLowerCase(field.charAt(0)) + field.substring(1);
            assertThat(ClassificationGuard.scan(inspector.inspect(ofd)))
                    .as(marking + " in " + field)
                    .singleElement()
                    .satisfies(m -> assertThat(m.where()).isEqualTo(expected));
        }
    }

    @Test
    void markingInOfdAnnotationIsFound() throws Exception {
        Map<String, byte[]> parts =
                DocumentFixtures.unzip(DocumentFixtures.ofd(List.of(List.of(DocumentFixtures.CLEAN_TITLE)), Map.of()));
        String document = new String(parts.get("Doc_0/Document.xml"), StandardCharsets.UTF_8)
                .replace("</ofd:Pages>", "</ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>");
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put("Doc_0/Document.xml", document.getBytes(StandardCharsets.UTF_8));
        extra.put(
                "Doc_0/Annots/Annotations.xml",
                DocumentFixtures.xml("<ofd:Annotations xmlns:ofd=\""
                        + DocumentFixtures.OFD_NS + "\"><ofd:Page PageID=\"101\"><ofd:FileLoc>Page_0/Annotation.xml"
                        + "</ofd:FileLoc></ofd:Page></ofd:Annotations>"));
        extra.put(
                "Doc_0/Annots/Page_0/Annotation.xml",
                DocumentFixtures.xml("<ofd:PageAnnot xmlns:ofd=\""
                        + DocumentFixtures.OFD_NS + "\"><ofd:Annot ID=\"900\" Type=\"Stamp\"><ofd:Appearance"
                        + " Boundary=\"10 10 60 20\"><ofd:TextObject ID=\"901\" Boundary=\"0 0 60 10\" Font=\"1\""
                        + " Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">秘密★1年</ofd:TextCode></ofd:TextObject>"
                        + "</ofd:Appearance></ofd:Annot></ofd:PageAnnot>"));

        assertThat(ClassificationGuard.scan(inspector.inspect(DocumentFixtures.ofdWith(extra))))
                .containsExactly(new Marking("秘密★1年", "annotations", 0, 0));
    }

    @Test
    void ofdWrittenByOfdrwIsReadLineByLine() throws Exception {
        Path file = temp.resolve("layout.ofd");
        try (OFDDoc doc = new OFDDoc(file)) {
            doc.add(new Paragraph("秘密★1年", 4d));
            doc.add(new Paragraph(DocumentFixtures.CLEAN_TITLE, 6d));
        }

        InspectedDocument document = inspector.inspect(file);

        assertThat(document.text())
                .singleElement()
                .satisfies(page -> assertThat(page.lines()).containsExactly("秘密★1年", DocumentFixtures.CLEAN_TITLE));
        assertThat(ClassificationGuard.scan(document)).containsExactly(new Marking("秘密★1年", "body", 1, 1));
    }

    @Test
    void ofdZipBombIsRefused() throws Exception {
        // 64 MiB of zeros deflates to about 64 KiB: a ratio near 1000:1
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> part : DocumentFixtures.unzip(
                            DocumentFixtures.ofd(List.of(List.of("正文")), Map.of()))
                    .entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue());
            }
            zip.putNextEntry(new ZipEntry("Doc_0/Res/image_1.png"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
        }

        assertRejected(bytes.toByteArray(), Reason.ZIP_BOMB);
    }

    @Test
    void ofdUnpackingBeyondTheSizeLimitIsRefused() throws Exception {
        byte[] random = new byte[300_000];
        new java.util.Random(1).nextBytes(random);
        byte[] ofd = DocumentFixtures.ofdWith(Map.of("Doc_0/Res/image_1.png", random));
        DocumentInspector strict = new DocumentInspector(new Limits(1 << 20, 100, 200_000, 100, 10, 10_000));

        assertThatThrownBy(() -> strict.inspect(ofd))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.ZIP_BOMB));
    }

    @Test
    void ofdWithTenThousandEntriesIsRefused() throws Exception {
        Map<String, byte[]> extra = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            extra.put("Doc_0/Res/r" + i + ".txt", new byte[0]);
        }

        assertRejected(DocumentFixtures.ofdWith(extra), Reason.TOO_MANY_ENTRIES);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../evil.xml",
                "Doc_0/../../evil.xml",
                "Doc_0/..",
                "/etc/cron.d/evil",
                "C:/Windows/evil.xml",
                "c:evil.xml",
                "..\\evil.xml",
                "Doc_0\\Res\\evil.xml"
            })
    void ofdWithEscapingEntryNameIsRefused(String name) throws Exception {
        assertRejected(
                DocumentFixtures.ofdWith(Map.of(name, "x".getBytes(StandardCharsets.UTF_8))), Reason.PATH_TRAVERSAL);
    }

    @Test
    void ofdWithExternalEntityIsRefusedWithoutAnyOutboundRequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "秘密".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/xxe";
            byte[] hostileOfdXml = DocumentFixtures.xml("<!DOCTYPE ofd:OFD [<!ENTITY xxe SYSTEM \"" + url + "\">]>"
                    + "<ofd:OFD xmlns:ofd=\"" + DocumentFixtures.OFD_NS + "\" Version=\"1.0\" DocType=\"OFD\">"
                    + "<ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID><ofd:Title>&xxe;</ofd:Title></ofd:DocInfo>"
                    + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>");
            byte[] ofd = DocumentFixtures.ofdWith(Map.of("OFD.xml", hostileOfdXml));

            assertRejected(ofd, Reason.XML_EXTERNAL_ENTITY);
            // the parser ofdrw is given refuses the DTD on its own too, should a part dodge the scan
            assertThatThrownBy(() -> OfdInspection.hardenedReader().read(new ByteArrayInputStream(hostileOfdXml)))
                    .isInstanceOf(org.dom4j.DocumentException.class);
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void ofdWithInternalEntityExpansionIsRefused() throws Exception {
        byte[] billionLaughs = DocumentFixtures.xml(
                "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!entity b \"&a;&a;&a;\">]>" + "<r>&b;</r>");

        assertRejected(
                DocumentFixtures.ofdWith(Map.of("Doc_0/Res/PublicRes.xml", billionLaughs)), Reason.XML_EXTERNAL_ENTITY);
    }

    @Test
    void ofdXmlInUtf16IsRefusedSinceItCouldHideADoctype() throws Exception {
        byte[] utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r><r/>".getBytes(StandardCharsets.UTF_16);

        assertRejected(DocumentFixtures.ofdWith(Map.of("Doc_0/Res/PublicRes.xml", utf16)), Reason.XML_EXTERNAL_ENTITY);
    }

    @Test
    void ofdWithTwoDocumentsIsRefused() throws Exception {
        byte[] twoBodies = DocumentFixtures.xml("<ofd:OFD xmlns:ofd=\"" + DocumentFixtures.OFD_NS + "\" Version=\"1.0\""
                + " DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo>"
                + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody><ofd:DocBody><ofd:DocInfo>"
                + "<ofd:DocID>2</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
                + "</ofd:OFD>");

        assertRejected(DocumentFixtures.ofdWith(Map.of("OFD.xml", twoBodies)), Reason.MULTIPLE_DOCUMENTS);
    }

    @Test
    void ofdPageLocationCannotReachFilesOutsideThePackage() throws Exception {
        // a valid page with a marking sits outside the package; hostile BaseLocs point at it
        Path outside = Files.createDirectories(temp.resolve("outside"));
        byte[] page = DocumentFixtures.unzip(DocumentFixtures.ofd(List.of(List.of("秘密★1年")), Map.of()))
                .get("Doc_0/Pages/Page_0/Content.xml");
        Files.write(outside.resolve("Content.xml"), page);
        String absolute = outside.toAbsolutePath() + "/Content.xml";
        for (String location : List.of("../".repeat(40) + absolute.substring(1), absolute)) {
            byte[] document = DocumentFixtures.xml("<ofd:Document xmlns:ofd=\"" + DocumentFixtures.OFD_NS + "\">"
                    + "<ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                    + "</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\""
                    + location + "\"/></ofd:Pages></ofd:Document>");
            byte[] ofd = DocumentFixtures.ofdWith(Map.of("Doc_0/Document.xml", document));

            assertRejected(ofd, Reason.CORRUPT);
        }
    }

    @Test
    void ofdWithBrokenXmlIsRefusedAsCorrupt() throws Exception {
        assertRejected(
                DocumentFixtures.ofdWith(
                        Map.of("Doc_0/Document.xml", "<ofd:Document".getBytes(StandardCharsets.UTF_8))),
                Reason.CORRUPT);
    }

    @Test
    void truncatedZipIsRefusedAsCorrupt() throws Exception {
        byte[] ofd = DocumentFixtures.ofd(List.of(List.of("正文")), Map.of());

        assertRejected(Arrays.copyOf(ofd, ofd.length / 2), Reason.CORRUPT);
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countUploads(tmp);

        inspector.inspect(DocumentFixtures.ofd(List.of(List.of("正文")), Map.of()));
        assertRejected(DocumentFixtures.ofdWith(Map.of("../evil.xml", new byte[1])), Reason.PATH_TRAVERSAL);

        assertThat(countUploads(tmp)).isEqualTo(before);
    }

    private static long countUploads(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("sealpost-"))
                    .count();
        }
    }

    private void assertRejected(byte[] document, Reason reason) {
        assertThatThrownBy(() -> inspector.inspect(document)).isInstanceOfSatisfying(DocumentRejected.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).isNotBlank().endsWith(".");
        });
    }
}
