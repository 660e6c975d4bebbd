package org.sealpost.server.document;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.DemoPeople;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The demo's people, unit PINs and seals (the demo loaders run in these tests), PDFs, and the
 * REST calls of the sending API.
 */
final class DocumentFixtures {

    /** Text that must never appear in plaintext in the database or the blob store (K05). */
    static final String MARKER = "SEALPOST-PLAINTEXT-MARKER-4711";

    final MockMvc mvc;
    final JdbcTemplate jdbc;
    private final DemoPeople people;

    DocumentFixtures(MockMvc mvc, JdbcTemplate jdbc) {
        this.mvc = mvc;
        this.jdbc = jdbc;
        this.people = new DemoPeople(jdbc);
    }

    String unitPin(String unitCode) {
        return people.unitPin(unitCode);
    }

    String sealPin(String unitCode) {
        return people.sealPin(unitCode);
    }

    /** The unit's active server-held seal. */
    String sealId(String unitCode) {
        return jdbc.queryForObject(
                "SELECT seal_id FROM seal WHERE unit_code = ? AND holding = 'SERVER' AND state = 'ACTIVE'",
                String.class,
                unitCode);
    }

    SignedInUser user(String username) {
        return people.user(username);
    }

    static RequestPostProcessor as(SignedInUser user) {
        return DemoPeople.as(user);
    }

    record Answer(int status, String body, byte[] bytes) {
        <T> T json(String path) {
            return JsonPath.read(body, path);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer call(SignedInUser who, HttpMethod method, String path, String json) throws Exception {
        return call(who, method, path, json, null);
    }

    Answer call(SignedInUser who, HttpMethod method, String path, String json, String idempotencyKey) throws Exception {
        MockHttpServletRequestBuilder request =
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request(method, "/api/v1" + path)
                        .with(as(who))
                        .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return answer(mvc.perform(request).andReturn());
    }

    Answer get(SignedInUser who, String path) throws Exception {
        return answer(
                mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1" + path)
                                .with(as(who)))
                        .andReturn());
    }

    Answer post(SignedInUser who, String path, String json) throws Exception {
        return call(who, HttpMethod.POST, path, json);
    }

    Answer upload(SignedInUser who, String path, String fileName, byte[] content, String method, String description)
            throws Exception {
        var request = multipart(HttpMethod.valueOf(method), "/api/v1" + path)
                .file(new MockMultipartFile("file", fileName, "application/octet-stream", content))
                .with(as(who));
        if (description != null) {
            request.param("description", description);
        }
        return answer(mvc.perform(request).andReturn());
    }

    private static Answer answer(MvcResult result) throws Exception {
        return new Answer(
                result.getResponse().getStatus(),
                result.getResponse().getContentAsString(StandardCharsets.UTF_8),
                result.getResponse().getContentAsByteArray());
    }

    /** Creates a draft; returns its id. */
    String draft(SignedInUser who, String json) throws Exception {
        Answer a = post(who, "/documents", json);
        if (a.status() != 201) {
            throw new AssertionError("draft: " + a);
        }
        return a.json("$.id");
    }

    void body(SignedInUser who, String id, byte[] pdf) throws Exception {
        Answer a = upload(who, "/documents/" + id + "/body", "正文.pdf", pdf, "PUT", null);
        if (a.status() != 200) {
            throw new AssertionError("body: " + a);
        }
    }

    Answer seal(SignedInUser who, String id, String unitCode) throws Exception {
        return post(
                who,
                "/documents/" + id + "/seal",
                "{\"sealId\":\"" + sealId(unitCode) + "\",\"pin\":\"" + sealPin(unitCode)
                        + "\",\"page\":1,\"x\":120,\"y\":40}");
    }

    Answer send(SignedInUser who, String id, String key) throws Exception {
        return call(
                who,
                HttpMethod.POST,
                "/documents/" + id + "/send",
                "{\"confirm\":true,\"pin\":\"" + unitPin(who.unitCode()) + "\"}",
                key);
    }

    static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /** A one-page A4 PDF with text. */
    static byte[] pdf(String text) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 760);
                cs.showText(text);
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
