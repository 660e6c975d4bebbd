package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.server.document.DocumentFixtures.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.blob.BlobStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A DOCX or ODT body is converted to PDF by LibreOffice (installed where the tests run) and then
 * inspected and guarded like an uploaded PDF: the PDF is what is stored, named like the upload with
 * {@code .pdf}; a marking in the converted text is refused with its place.
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class OfficeUploadIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BlobStore blobs;

    DocumentFixtures f;
    SignedInUser office;

    @BeforeEach
    void people() {
        f = new DocumentFixtures(mvc, jdbc);
        office = f.user("zjbrc-office-staff");
    }

    @Test
    void docxAndOdtBodiesAreConvertedToPdfAndGuardedLikeAPdf() throws Exception {
        String id = f.draft(office, "{\"type\":\"BUREAU_OTHER\",\"title\":\"关于报送材料的通知\",\"to\":[\"ICBC-ZJ\"]}");

        var marked = f.upload(
                office, "/documents/" + id + "/body", "通知.docx", docx(List.of("关于报送材料的通知", "机密★10年")), "PUT", null);
        assertThat(marked.status()).as(marked.toString()).isEqualTo(422);
        assertThat(marked.<String>json("$.code")).isEqualTo("document.classified");
        assertThat(marked.<String>json("$.detail")).contains("机密★10年").contains("page 1");
        assertThat(f.get(office, "/documents/" + id).body()).doesNotContain("bodyName");

        var clean = f.upload(
                office, "/documents/" + id + "/body", "通知.docx", docx(List.of("关于报送材料的通知", "各银行业金融机构：")), "PUT", null);
        assertThat(clean.status()).as(clean.toString()).isEqualTo(200);
        assertThat(clean.<String>json("$.bodyName")).isEqualTo("通知.pdf");
        assertThat(clean.<String>json("$.bodyFormat")).isEqualTo("PDF");
        assertThat(storedBody(id)).startsWith("%PDF-");

        var odt = f.upload(office, "/documents/" + id + "/body", "材料", odt(List.of("各银行业金融机构：")), "PUT", null);
        assertThat(odt.status()).as(odt.toString()).isEqualTo(200);
        assertThat(odt.<String>json("$.bodyName")).isEqualTo("材料.pdf");
        assertThat(storedBody(id)).startsWith("%PDF-");

        // a zip that is neither OFD nor DOCX/ODT is still refused as an unknown format
        var zip = f.upload(office, "/documents/" + id + "/body", "x.docx", zip("readme.txt", "hello"), "PUT", null);
        assertThat(zip.status()).isEqualTo(422);
        assertThat(zip.<String>json("$.code")).isEqualTo("document.rejected.unknown-format");

        // the web compose page converts too
        MvcResult web = mvc.perform(multipart("/documents/" + id + "/body")
                        .file(new MockMultipartFile(
                                "file", "正文.docx", "application/octet-stream", docx(List.of("各银行业金融机构："))))
                        .with(csrf())
                        .with(as(office)))
                .andReturn();
        assertThat(web.getResponse().getRedirectedUrl()).isEqualTo("/documents/" + id + "?uploaded");
        assertThat(jdbc.queryForObject("SELECT body_name FROM document WHERE id = ?", String.class, id))
                .isEqualTo("正文.pdf");
    }

    String storedBody(String id) throws IOException {
        String blob = jdbc.queryForObject("SELECT body_blob FROM document WHERE id = ?", String.class, id);
        try (var in = blobs.open(blob)) {
            return new String(in.readNBytes(5), StandardCharsets.US_ASCII);
        }
    }

    static byte[] docx(List<String> paragraphs) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String p : paragraphs) {
            body.append("<w:p><w:r><w:t>").append(p).append("</w:t></w:r></w:p>");
        }
        return zip(
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                        + ".wordprocessingml.document.main+xml\"/></Types>",
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                        + "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
                "word/document.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                        + "<w:body>" + body + "</w:body></w:document>");
    }

    static byte[] odt(List<String> paragraphs) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String p : paragraphs) {
            body.append("<text:p>").append(p).append("</text:p>");
        }
        return zip(
                "mimetype",
                "application/vnd.oasis.opendocument.text",
                "META-INF/manifest.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:"
                        + "manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\""
                        + " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry"
                        + " manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
                "content.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                        + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                        + "<office:body><office:text>" + body
                        + "</office:text></office:body></office:document-content>");
    }

    static byte[] zip(String... namesAndTexts) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndTexts[i]));
                zip.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
