package org.sealpost.server.inbox;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
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
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Documents sent through the sending module's REST API on the demo's units, people, unit keys and
 * seals (a sealed 局发文 from the regulator's office with a print allowance), for the receiving
 * pages' tests.
 */
final class InboxFixtures {

    static final String OFFICE = "zjbrc-office-staff";

    final MockMvc mvc;
    final JdbcTemplate jdbc;
    private final DemoPeople people;

    InboxFixtures(MockMvc mvc, JdbcTemplate jdbc) {
        this.mvc = mvc;
        this.jdbc = jdbc;
        this.people = new DemoPeople(jdbc);
    }

    String unitPin(String unitCode) {
        return people.unitPin(unitCode);
    }

    SignedInUser user(String username) {
        return people.user(username);
    }

    static RequestPostProcessor as(SignedInUser user) {
        return DemoPeople.as(user);
    }

    private String api(SignedInUser who, HttpMethod method, String path, String json, String key, int expected)
            throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, "/api/v1" + path)
                .with(as(who))
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        MvcResult r = mvc.perform(request).andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        if (r.getResponse().getStatus() != expected) {
            throw new AssertionError(
                    method + " " + path + ": " + r.getResponse().getStatus() + " " + body);
        }
        return body;
    }

    /**
     * A sealed bureau document (局发文) from the regulator's office to {@code to} with the given
     * urgency and print allowance, drafted, sealed and sent through the sending API; returns its id.
     */
    String send(String title, String urgency, int copies, int success, List<String> to) throws Exception {
        SignedInUser office = user(OFFICE);
        String recipients = to.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        String draft = api(
                office,
                HttpMethod.POST,
                "/documents",
                "{\"type\":\"局发文\",\"title\":\"" + title + "\",\"urgency\":\"" + urgency + "\","
                        + "\"signer\":\"张局长\",\"printCopies\":" + copies + ",\"printSuccess\":" + success
                        + ",\"to\":[" + recipients + "],\"cc\":[]}",
                null,
                201);
        String id = JsonPath.read(draft, "$.id");
        var body = mvc.perform(multipart(HttpMethod.PUT, "/api/v1/documents/" + id + "/body")
                        .file(new MockMultipartFile("file", "正文.pdf", "application/pdf", pdf("Inbox notice body")))
                        .with(as(office)))
                .andReturn();
        if (body.getResponse().getStatus() != 200) {
            throw new AssertionError("body: " + body.getResponse().getContentAsString());
        }
        String sealId = jdbc.queryForObject(
                "SELECT seal_id FROM seal WHERE unit_code = ? AND holding = 'SERVER' AND state = 'ACTIVE'",
                String.class,
                office.unitCode());
        api(
                office,
                HttpMethod.POST,
                "/documents/" + id + "/seal",
                "{\"sealId\":\"" + sealId + "\",\"pin\":\"" + people.sealPin(office.unitCode())
                        + "\",\"page\":1,\"x\":120,\"y\":40}",
                null,
                200);
        api(
                office,
                HttpMethod.POST,
                "/documents/" + id + "/send",
                "{\"confirm\":true,\"pin\":\"" + unitPin(office.unitCode()) + "\"}",
                UUID.randomUUID().toString(),
                200);
        return id;
    }

    /** Recalls (nobody signed yet) a sent document through the sending API. */
    void recall(String documentId) throws Exception {
        SignedInUser office = user(OFFICE);
        api(
                office,
                HttpMethod.POST,
                "/documents/" + documentId + "/recall",
                "{\"reason\":\"发错了\",\"pin\":\"" + unitPin(office.unitCode()) + "\"}",
                null,
                200);
    }

    long deliveryId(String documentId, String unitCode) {
        return jdbc.queryForObject(
                "SELECT id FROM delivery WHERE document_id = ? AND unit_code = ?", Long.class, documentId, unitCode);
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
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
