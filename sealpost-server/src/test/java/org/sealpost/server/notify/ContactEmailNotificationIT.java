package org.sealpost.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.jayway.jsonpath.JsonPath;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.DemoPeople;
import org.sealpost.server.support.TestSmsc;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The e-mail address of a unit contact, end to end: a unit admin sets one through the contact form
 * (and removes another there), a second unit's admin sets one through the roster API, the regulator
 * office sends a real sealed document to both units through the sending API, and the notice arrives
 * over SMTP (GreenMail on loopback) at exactly the addresses the contacts now have. On the demo's
 * units, keys and seals; on H2 and PostgreSQL.
 */
class ContactEmailNotificationIT {

    static final GreenMail SMTP = new GreenMail(new ServerSetup(TestSmsc.freePort(), "127.0.0.1", "smtp"));

    @BeforeAll
    static void up() {
        SMTP.start();
    }

    @AfterAll
    static void down() {
        SMTP.stop();
    }

    @SpringBootTest(properties = "sealpost.demo.enabled=true")
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    abstract static class Behaviour {

        @DynamicPropertySource
        static void mail(DynamicPropertyRegistry registry) {
            registry.add("spring.mail.host", () -> "127.0.0.1");
            registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
            registry.add("sealpost.mail.from", () -> "SealPost <noreply@sealpost.test>");
            registry.add("sealpost.mail.site-url", () -> "https://sealpost.example.cn");
        }

        @Autowired
        MockMvc mvc;

        @Autowired
        JdbcTemplate jdbc;

        DemoPeople people;

        @BeforeEach
        void setUp() throws Exception {
            people = new DemoPeople(jdbc);
            SMTP.purgeEmailFromAllMailboxes();
        }

        @Test
        void addressesSetInTheContactFormAndTheRosterApiReceiveTheNoticeOfADocumentSentToTheUnit() throws Exception {
            String formAddress = "jiyao-" + NotifyFixtures.hex(4).toLowerCase() + "@hzb.example";
            String apiAddress = "wenshu-" + NotifyFixtures.hex(4).toLowerCase() + "@wzb.example";

            // HZB's admin gives the confidential secretary an address and takes the operator's away, in the form
            SignedInUser hzbAdmin = people.user("hzb-admin");
            Map<String, Object> secretary = contact("HZB", "CONFIDENTIAL_SECRETARY");
            Map<String, Object> operator = contact("HZB", "OPERATOR");
            assertThat(secretary.get("email")).isNull();
            assertThat(operator.get("email")).isEqualTo("operator@hzb.example");
            form(hzbAdmin, "/units/HZB/contacts/" + secretary.get("id"), secretary, formAddress);
            form(hzbAdmin, "/units/HZB/contacts/" + operator.get("id"), operator, "");

            // WZB's admin files a single contact, with an address, through the roster API
            String contacts = api(
                    people.user("wzb-admin"),
                    HttpMethod.PUT,
                    "/units/WZB/contacts",
                    "{\"contacts\":[{\"role\":\"OPERATOR\",\"name\":\"周文书\",\"mobile\":\"13800001234\","
                            + "\"receivesSms\":true,\"email\":\"" + apiAddress + "\"}]}",
                    null,
                    200);
            assertThat(JsonPath.<String>read(contacts, "$.contacts[0].email")).isEqualTo(apiAddress);

            String title = "关于报送联系人邮箱的通知" + NotifyFixtures.hex(2);
            String documentId = send(title, List.of("HZB", "WZB"));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mailsTo(formAddress).size() == 1
                            && mailsTo(apiAddress).size() == 1);
            NotifyFixtures fixtures = new NotifyFixtures(jdbc, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> fixtures.completed(documentId, "NotifyingDocuments"));

            for (String address : List.of(formAddress, apiAddress)) {
                MimeMessage mail = mailsTo(address).get(0);
                assertThat(mail.getSubject()).isEqualTo("【SealPost】来文通知：《" + title + "》");
                assertThat((String) mail.getContent()).contains("标题：" + title);
            }
            // the director of HZB keeps the demo address and is told too; the address taken away gets nothing
            assertThat(mailsTo("director@hzb.example")).hasSize(1);
            assertThat(mailsTo("operator@hzb.example")).isEmpty();
            // WZB's demo contacts were replaced through the API: their addresses get nothing either
            assertThat(mailsTo("operator@wzb.example")).isEmpty();
            assertThat(mailsTo("director@wzb.example")).isEmpty();

            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT unit_code, recipient, status FROM notification WHERE channel = 'EMAIL' AND event_key LIKE ?"
                            + " ORDER BY unit_code, recipient",
                    "%" + documentId + "%");
            assertThat(rows)
                    .extracting(r -> r.get("unit_code") + " " + r.get("recipient") + " " + r.get("status"))
                    .containsExactly(
                            "HZB d***@hzb.example SENT", "HZB j***@hzb.example SENT", "WZB w***@wzb.example SENT");
        }

        private Map<String, Object> contact(String unitCode, String role) {
            return jdbc.queryForMap(
                    "SELECT c.* FROM unit_contact c JOIN unit u ON u.id = c.unit_id WHERE u.code = ?"
                            + " AND c.contact_role = ?",
                    unitCode,
                    role);
        }

        /** Posts the contact form with the row's current fields and {@code email}; expects the redirect. */
        private void form(SignedInUser who, String path, Map<String, Object> row, String email) throws Exception {
            MockHttpServletRequestBuilder request = post(path)
                    .with(DemoPeople.as(who))
                    .with(csrf())
                    .param("role", (String) row.get("contact_role"))
                    .param("name", (String) row.get("name"))
                    .param("title", (String) row.get("title"))
                    .param("officePhone", (String) row.get("office_phone"))
                    .param("mobile", (String) row.get("mobile"))
                    .param("email", email);
            if (Boolean.TRUE.equals(row.get("receives_sms"))) {
                request.param("receivesSms", "true");
            }
            if (Boolean.TRUE.equals(row.get("meeting_contact"))) {
                request.param("meetingContact", "true");
            }
            MvcResult r = mvc.perform(request).andReturn();
            assertThat(r.getResponse().getStatus())
                    .as(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .isEqualTo(302);
        }

        /** A sealed 局发文 from the regulator's office to {@code to}, drafted, sealed and sent through the API. */
        private String send(String title, List<String> to) throws Exception {
            SignedInUser office = people.user("zjbrc-office-staff");
            String recipients =
                    String.join(",", to.stream().map(u -> "\"" + u + "\"").toList());
            String draft = api(
                    office,
                    HttpMethod.POST,
                    "/documents",
                    "{\"type\":\"局发文\",\"title\":\"" + title + "\",\"urgency\":\"NORMAL\",\"signer\":\"张局长\","
                            + "\"printCopies\":3,\"printSuccess\":1,\"to\":[" + recipients + "],\"cc\":[]}",
                    null,
                    201);
            String id = JsonPath.read(draft, "$.id");
            MvcResult body = mvc.perform(multipart(HttpMethod.PUT, "/api/v1/documents/" + id + "/body")
                            .file(new MockMultipartFile("file", "正文.pdf", "application/pdf", pdf()))
                            .with(DemoPeople.as(office)))
                    .andReturn();
            assertThat(body.getResponse().getStatus())
                    .as(body.getResponse().getContentAsString())
                    .isEqualTo(200);
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
                    "{\"confirm\":true,\"pin\":\"" + people.unitPin(office.unitCode()) + "\"}",
                    UUID.randomUUID().toString(),
                    200);
            return id;
        }

        private String api(SignedInUser who, HttpMethod method, String path, String json, String key, int expected)
                throws Exception {
            MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, "/api/v1" + path)
                    .with(DemoPeople.as(who))
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json);
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            MvcResult r = mvc.perform(request).andReturn();
            String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(r.getResponse().getStatus())
                    .as(method + " " + path + ": " + body)
                    .isEqualTo(expected);
            return body;
        }

        static List<MimeMessage> mailsTo(String address) {
            return Arrays.stream(SMTP.getReceivedMessages())
                    .filter(m -> {
                        try {
                            return Arrays.stream(m.getAllRecipients())
                                    .anyMatch(r -> r.toString().equals(address));
                        } catch (MessagingException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }

        static byte[] pdf() {
            try (PDDocument doc = new PDDocument()) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    cs.newLineAtOffset(72, 760);
                    cs.showText("Contact e-mail notice body");
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

    @Nested
    class OnH2 extends Behaviour {}

    @Nested
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
