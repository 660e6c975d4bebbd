package org.sealpost.server.printing;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
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
 * seals, deliveries signed for, the printing REST calls, and PDF text.
 */
final class PrintingFixtures {

    final MockMvc mvc;
    final JdbcTemplate jdbc;
    private final DemoPeople people;

    PrintingFixtures(MockMvc mvc, JdbcTemplate jdbc) {
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

    record Answer(int status, String body, byte[] bytes, String copyNumber, String contentType) {
        <T> T json(String path) {
            return JsonPath.read(body, path);
        }

        @Override
        public String toString() {
            return status + " " + (contentType != null && contentType.contains("pdf") ? "PDF " + copyNumber : body);
        }
    }

    Answer call(SignedInUser who, HttpMethod method, String path, String json, String idempotencyKey) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, "/api/v1" + path)
                .with(as(who))
                .accept(MediaType.APPLICATION_PDF, MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return answer(mvc.perform(request).andReturn());
    }

    Answer post(SignedInUser who, String path, String json) throws Exception {
        return call(who, HttpMethod.POST, path, json, null);
    }

    Answer get(SignedInUser who, String path) throws Exception {
        return call(who, HttpMethod.GET, path, null, null);
    }

    private static Answer answer(MvcResult result) throws Exception {
        var r = result.getResponse();
        return new Answer(
                r.getStatus(),
                r.getContentAsString(StandardCharsets.UTF_8),
                r.getContentAsByteArray(),
                r.getHeader("X-Copy-Number"),
                r.getContentType());
    }

    /**
     * A bureau document (局发文) from the regulator's office to ICBC-ZJ and CMB-HZ with the given print
     * allowance, drafted, sealed and sent through the sending API; returns the document id.
     */
    String sendDocument(SignedInUser office, int copies, int success) throws Exception {
        Answer draft = post(
                office,
                "/documents",
                "{\"type\":\"局发文\",\"title\":\"关于加强电子公文打印管理的通知\",\"urgency\":\"URGENT\","
                        + "\"signer\":\"张局长\",\"printCopies\":" + copies + ",\"printSuccess\":" + success
                        + ",\"to\":[\"ICBC-ZJ\",\"CMB-HZ\"],\"cc\":[]}");
        if (draft.status() != 201) {
            throw new AssertionError("draft: " + draft);
        }
        String id = draft.json("$.id");
        var body = mvc.perform(multipart(HttpMethod.PUT, "/api/v1/documents/" + id + "/body")
                        .file(new MockMultipartFile("file", "正文.pdf", "application/pdf", pdf("Printing notice body")))
                        .with(as(office)))
                .andReturn();
        if (body.getResponse().getStatus() != 200) {
            throw new AssertionError("body: " + body.getResponse().getContentAsString());
        }
        String sealId = jdbc.queryForObject(
                "SELECT seal_id FROM seal WHERE unit_code = ? AND holding = 'SERVER' AND state = 'ACTIVE'",
                String.class,
                office.unitCode());
        Answer sealed = post(
                office,
                "/documents/" + id + "/seal",
                "{\"sealId\":\"" + sealId + "\",\"pin\":\"" + people.sealPin(office.unitCode())
                        + "\",\"page\":1,\"x\":120,\"y\":40}");
        if (sealed.status() != 200) {
            throw new AssertionError("seal: " + sealed);
        }
        Answer sent = call(
                office,
                HttpMethod.POST,
                "/documents/" + id + "/send",
                "{\"confirm\":true,\"pin\":\"" + unitPin(office.unitCode()) + "\"}",
                UUID.randomUUID().toString());
        if (sent.status() != 200) {
            throw new AssertionError("send: " + sent);
        }
        return id;
    }

    long deliveryId(String documentId, String unitCode) {
        return jdbc.queryForObject(
                "SELECT id FROM delivery WHERE document_id = ? AND unit_code = ?", Long.class, documentId, unitCode);
    }

    /**
     * Marks a delivery signed for. The delivery module's sign-for (SigningForDelivery, branch
     * receiving) is built in parallel and not merged here yet, so the fixture writes what it writes
     * (state, signed_at, signed_by and the SIGNED event); replace with the real use case once merged.
     */
    void signed(long deliveryId, String username) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update(
                "UPDATE delivery SET state = 'SIGNED', signed_at = ?, signed_by = ? WHERE id = ?",
                now,
                username,
                deliveryId);
        jdbc.update(
                "INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at)"
                        + " SELECT id, document_id, unit_code, 'SIGNED', ?, ? FROM delivery WHERE id = ?",
                username,
                now,
                deliveryId);
    }

    Answer print(SignedInUser who, long deliveryId, String json) throws Exception {
        return post(who, "/deliveries/" + deliveryId + "/print", json);
    }

    Answer print(SignedInUser who, long deliveryId) throws Exception {
        return print(who, deliveryId, "{\"pin\":\"" + unitPin(who.unitCode()) + "\"}");
    }

    Answer report(SignedInUser who, long deliveryId, String copy, String result) throws Exception {
        return post(who, "/deliveries/" + deliveryId + "/print/" + copy + "/result", "{\"result\":\"" + result + "\"}");
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    /** Audit rows of one type about a delivery (its copies included). */
    int audits(long deliveryId, String type, boolean success) {
        return count(
                "SELECT count(*) FROM audit_event WHERE event_type = ? AND success = ?"
                        + " AND (object_ref = ? OR object_ref LIKE ?)",
                type,
                success,
                "delivery:" + deliveryId,
                "delivery:" + deliveryId + "/%");
    }

    int events(long deliveryId, String event) {
        return count("SELECT count(*) FROM delivery_event WHERE delivery_id = ? AND event = ?", deliveryId, event);
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
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
