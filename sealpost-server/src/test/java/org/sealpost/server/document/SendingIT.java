package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.core.envelope.EnvelopeException;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.token.Token;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.blob.BlobStore;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Sending end to end through the REST API (issue 5), on the demo's units, people, unit keys and
 * seals: each direction and document-type family, approval, seal, idempotent send, the envelope
 * opened by a recipient and not by anyone else, tracking, reminders, 补发, recall and void, and
 * every bad input of the issue that belongs to sending.
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
@RecordApplicationEvents
class SendingIT {

    @Autowired
    ApplicationEvents events;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UnitKeys unitKeys;

    @Autowired
    BlobStore blobs;

    @Autowired
    UnitDirectory units;

    @Autowired
    InformationRequests requests;

    DocumentFixtures f;
    SignedInUser office;
    SignedInUser lawStaff;
    SignedInUser lawHead;
    SignedInUser icbcA;
    SignedInUser cmbA;
    SignedInUser icbcLeader;

    @BeforeEach
    void people() {
        f = new DocumentFixtures(mvc, jdbc);
        office = f.user("zjbrc-office-staff");
        lawStaff = f.user("zjbrc-law-staff");
        lawHead = f.user("zjbrc-law-head");
        icbcA = f.user("icbc-zj-a");
        cmbA = f.user("cmb-hz-a");
        icbcLeader = f.user("icbc-zj-leader");
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    String bureauDraft(String to, String cc) throws Exception {
        return f.draft(
                office,
                "{\"type\":\"局发文\",\"title\":\"关于做好电子公文传输工作的通知\",\"urgency\":\"URGENT\",\"signer\":\"张局长\","
                        + "\"notes\":\"请各单位认真签收\",\"to\":" + to + ",\"cc\":" + cc + "}");
    }

    @Test
    void bureauDocumentIsNumberedSealedPreviewedAndSentInOneEnvelope() throws Exception {
        String id = bureauDraft("[\"ICBC-ZJ\",\"CMB-HZ\"]", "[\"HZB\"]");
        var doc = f.get(office, "/documents/" + id);
        assertThat(doc.<String>json("$.docNo")).matches("浙银监发〔\\d{4}〕\\d+号");
        assertThat(doc.<String>json("$.state")).isEqualTo("DRAFT");
        assertThat(doc.<Integer>json("$.printCopies")).isEqualTo(3);
        assertThat(doc.<Integer>json("$.printSuccess")).isEqualTo(1);

        f.body(office, id, DocumentFixtures.pdf("Notice on electronic document exchange"));
        byte[] attachment = ("attachment " + DocumentFixtures.MARKER).getBytes(StandardCharsets.UTF_8);
        assertThat(f.upload(office, "/documents/" + id + "/attachments", "附件1.txt", attachment, "POST", "附件：名单")
                        .status())
                .isEqualTo(201);

        var scope = f.get(office, "/documents/" + id + "/scope");
        assertThat(scope.<Integer>json("$.total")).isEqualTo(3);
        assertThat(scope.<List<String>>json("$.main[*].code")).containsExactly("ICBC-ZJ", "CMB-HZ");
        assertThat(scope.<List<String>>json("$.cc[*].code")).containsExactly("HZB");

        // not sealed yet → 409; wrong seal PIN → 422 and counted
        assertThat(f.send(office, id, key()).status()).isEqualTo(409);
        var wrong = f.post(
                office,
                "/documents/" + id + "/seal",
                "{\"sealId\":\"" + f.sealId("ZJBRC-OFFICE") + "\",\"pin\":\"00000000\"}");
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(422);
        assertThat(wrong.<String>json("$.code")).isEqualTo("document.seal.wrong-pin");
        var sealed = f.seal(office, id, "ZJBRC-OFFICE");
        assertThat(sealed.status()).as(sealed.toString()).isEqualTo(200);
        assertThat(sealed.<String>json("$.state")).isEqualTo("SEALED");

        var preview = f.get(office, "/documents/" + id + "/preview");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(new String(preview.bytes(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(f.get(cmbA, "/documents/" + id + "/preview").status()).isEqualTo(404);

        // explicit confirmation and an idempotency key are required
        assertThat(f.call(
                                office,
                                HttpMethod.POST,
                                "/documents/" + id + "/send",
                                "{\"pin\":\"" + f.unitPin("ZJBRC-OFFICE") + "\"}",
                                key())
                        .status())
                .isEqualTo(400);
        assertThat(f.send(office, id, null).status()).isEqualTo(400);
        String sendKey = key();
        var sent = f.send(office, id, sendKey);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.<Integer>json("$.deliveries")).isEqualTo(3);
        // a retried request (double click) gives the same answer and sends nothing again
        var again = f.send(office, id, sendKey);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.<String>json("$.envelopeDigest")).isEqualTo(sent.json("$.envelopeDigest"));
        assertThat(again.<Boolean>json("$.replayed")).isTrue();
        assertThat(count("SELECT count(*) FROM delivery WHERE document_id = ?", id))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM document_event WHERE document_id = ? AND event = 'SENT'", id))
                .isEqualTo(1);
        // the same key for another document → 409; a second send with a new key → 409
        String other = bureauDraft("[\"ICBC-ZJ\"]", "[]");
        assertThat(f.send(office, other, sendKey).status()).isEqualTo(409);
        assertThat(f.send(office, id, key()).status()).isEqualTo(409);

        // one delivery per unit, DELIVERED events, priority urgent, print allowance copied, a sign-for deadline
        assertThat(jdbc.queryForList(
                        "SELECT unit_code FROM delivery WHERE document_id = ? AND state = 'DELIVERED' AND priority = 1"
                                + " AND copies_authorised = 3 AND copies_to_succeed = 1 AND due_at > delivered_at ORDER BY unit_code",
                        String.class,
                        id))
                .containsExactly("CMB-HZ", "HZB", "ICBC-ZJ");
        assertThat(count("SELECT count(*) FROM delivery_event WHERE document_id = ? AND event = 'DELIVERED'", id))
                .isEqualTo(3);
        assertThat(count(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'DOCUMENT_SENT' AND object_ref = ? AND success = TRUE",
                        id))
                .isEqualTo(1);
        assertThat(events.stream(DocumentSent.class).filter(e -> e.documentId().equals(id)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.urgency()).isEqualTo(Urgency.URGENT);
                    assertThat(e.unitCodes()).containsExactlyInAnyOrder("ICBC-ZJ", "CMB-HZ", "HZB");
                });

        // tracking
        var deliveries = f.get(office, "/documents/" + id + "/deliveries");
        assertThat(deliveries.<List<String>>json("$[*].unit")).containsExactlyInAnyOrder("ICBC-ZJ", "CMB-HZ", "HZB");
        assertThat(deliveries.<List<String>>json("$[*].state")).containsOnly("DELIVERED");
        assertThat(f.get(office, "/documents/" + id + "/deliveries?state=SIGNED")
                        .<List<Object>>json("$"))
                .isEmpty();
        assertThat(f.get(icbcA, "/documents/" + id + "/deliveries").status()).isEqualTo(404);

        // the recipient opens the envelope with its unit key and finds body and attachment; a unit not in the list
        // cannot
        String envelopeBlob = jdbc.queryForObject("SELECT envelope_blob FROM document WHERE id = ?", String.class, id);
        byte[] envelope = blobs.read(envelopeBlob);
        EnvelopeReader reader = new EnvelopeReader(SenderCheck.signatureOnly());
        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        try (Token icbc = unitKeys.unlock("ICBC-ZJ", f.unitPin("ICBC-ZJ").toCharArray())) {
            EnvelopeHeader header = reader.open(new ByteArrayInputStream(envelope), icbc, opened);
            assertThat(header.manifest().entries()).hasSize(2);
            assertThat(header.digestHex())
                    .isEqualTo(
                            jdbc.queryForObject("SELECT envelope_digest FROM document WHERE id = ?", String.class, id));
        }
        assertThat(opened.toString(StandardCharsets.ISO_8859_1))
                .contains("%PDF-")
                .contains(DocumentFixtures.MARKER);
        try (Token bank = unitKeys.unlock("WZB", f.unitPin("WZB").toCharArray())) {
            assertThatThrownBy(() -> reader.open(new ByteArrayInputStream(envelope), bank, new ByteArrayOutputStream()))
                    .isInstanceOf(EnvelopeException.class);
        }
        assertNoPlaintextAtRest();
    }

    @Test
    void departmentNoticeNeedsTheHeadsApprovalAndTheDrafterCannotApprove() throws Exception {
        String id = f.draft(
                lawStaff, "{\"type\":\"DEPT_NOTICE\",\"title\":\"关于报送法规自查情况的通知\",\"to\":[\"CITY_COMMERCIAL_BANK\"]}");
        f.body(lawStaff, id, DocumentFixtures.pdf("Self-inspection notice"));
        var early = f.send(lawStaff, id, key());
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.<String>json("$.code")).isEqualTo("document.approval-required");
        assertThat(f.post(lawStaff, "/documents/" + id + "/seal", "{}").<String>json("$.code"))
                .isEqualTo("document.no-seal-needed");

        assertThat(f.post(lawStaff, "/documents/" + id + "/submit", null).status())
                .isEqualTo(200);
        assertThat(f.post(lawStaff, "/documents/" + id + "/submit", null).status())
                .as("double submit")
                .isEqualTo(409);
        assertThat(f.post(lawStaff, "/documents/" + id + "/approve", null).status())
                .isEqualTo(403);
        var noReason = f.post(lawHead, "/documents/" + id + "/reject", "{\"reason\":\" \"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(f.post(lawHead, "/documents/" + id + "/reject", "{\"reason\":\"请补充报送时限\"}")
                        .<String>json("$.state"))
                .isEqualTo("REJECTED");
        assertThat(f.call(lawStaff, HttpMethod.PATCH, "/documents/" + id, "{\"notes\":\"请于12月10日前报送\"}")
                        .<String>json("$.state"))
                .isEqualTo("DRAFT");
        assertThat(f.post(lawStaff, "/documents/" + id + "/submit", null).status())
                .isEqualTo(200);
        var approved = f.post(lawHead, "/documents/" + id + "/approve", null);
        assertThat(approved.<String>json("$.state")).isEqualTo("APPROVED");
        assertThat(approved.<String>json("$.approver")).isEqualTo("zjbrc-law-head");

        var sent = f.send(lawStaff, id, key());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        int cityBanks = units.resolve(List.of("CITY_COMMERCIAL_BANK")).size();
        assertThat(sent.<Integer>json("$.deliveries")).isEqualTo(cityBanks);
        assertThat(jdbc.queryForList(
                        "SELECT event FROM document_event WHERE document_id = ? ORDER BY id", String.class, id))
                .containsExactly("DRAFTED", "SUBMITTED", "REJECTED", "SUBMITTED", "APPROVED", "SENT");

        // a head who drafted it cannot approve it either
        String own = f.draft(lawHead, "{\"type\":\"DEPT_INFO\",\"title\":\"信息通报\",\"to\":[\"HZB\"]}");
        f.body(lawHead, own, DocumentFixtures.pdf("Info"));
        f.post(lawHead, "/documents/" + own + "/submit", null);
        assertThat(f.post(lawHead, "/documents/" + own + "/approve", null).status())
                .isEqualTo(403);
        // C04: skipping approval → 409; approving what is not pending → 409
        assertThat(f.post(office, "/documents/" + id + "/approve", null).status())
                .isEqualTo(404);
    }

    @Test
    void bankSendsAFormalDocumentUpToTheRegulatorOnly() throws Exception {
        String toBank = f.draft(
                icbcA, "{\"type\":\"正式公文\",\"title\":\"关于2026年三季度经营情况的报告\",\"signer\":\"王行长\",\"to\":[\"CMB-HZ\"]}");
        f.body(icbcA, toBank, DocumentFixtures.pdf("Quarterly report"));
        var refused = f.get(icbcA, "/documents/" + toBank + "/scope");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.<String>json("$.code")).isEqualTo("document.up-to-regulator-only");

        String id = f.draft(
                icbcA,
                "{\"type\":\"BANK_FORMAL\",\"title\":\"关于2026年三季度经营情况的报告\",\"signer\":\"王行长\",\"to\":[\"ZJBRC-OFFICE\"]}");
        assertThat(f.get(icbcA, "/documents/" + id).<String>json("$.docNo")).startsWith("中国工商银行浙江省分行〔");
        f.body(icbcA, id, DocumentFixtures.pdf("Quarterly report"));
        assertThat(f.seal(icbcA, id, "ICBC-ZJ").status()).isEqualTo(200);
        var sent = f.send(icbcA, id, key());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.<Integer>json("$.deliveries")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT unit_code FROM delivery WHERE document_id = ?", String.class, id))
                .isEqualTo("ZJBRC-OFFICE");
        // a bank cannot use the regulator's types, nor can someone without document usage draft
        assertThat(f.post(icbcA, "/documents", "{\"type\":\"BUREAU_DOC\",\"title\":\"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(f.post(icbcLeader, "/documents", "{\"type\":\"BANK_OTHER\",\"title\":\"x\"}")
                        .status())
                .isEqualTo(403);
        // other units see nothing of it
        assertThat(f.get(cmbA, "/documents/" + id).status()).isEqualTo(404);
        assertThat(f.get(office, "/documents/" + id).status()).isEqualTo(404);
    }

    @Test
    void informalMaterialGoesToADepartmentOnlyInAnswerToItsRequest() throws Exception {
        var without = f.post(
                icbcA, "/documents", "{\"type\":\"BANK_INFORMAL_REPLY\",\"title\":\"调研材料\",\"to\":[\"ZJBRC-LAW\"]}");
        assertThat(without.status()).isEqualTo(400);
        assertThat(without.<String>json("$.code")).isEqualTo("document.request-required");

        assertThat(f.post(
                                icbcA,
                                "/requests",
                                "{\"kind\":\"SURVEY\",\"title\":\"x\",\"deadline\":\"2099-01-01T00:00:00Z\",\"units\":[\"HZB\"]}")
                        .status())
                .isEqualTo(403);
        var request = f.post(
                lawStaff,
                "/requests",
                "{\"kind\":\"SURVEY\",\"title\":\"关于合规管理情况的调研\",\"deadline\":\"2099-01-01T00:00:00Z\",\"units\":[\"ICBC-ZJ\",\"HZB\"]}");
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        long requestId = ((Number) request.json("$.id")).longValue();
        assertThat(f.get(icbcA, "/requests").<List<Object>>json("$[*].id")).hasSize(1);
        assertThat(f.get(cmbA, "/requests/" + requestId).status()).isEqualTo(404);

        var notAsked = f.post(
                cmbA,
                "/documents",
                "{\"type\":\"BANK_INFORMAL_REPLY\",\"title\":\"调研材料\",\"requestId\":" + requestId + "}");
        assertThat(notAsked.status()).isEqualTo(403);

        String id = f.draft(
                icbcA, "{\"type\":\"BANK_INFORMAL_REPLY\",\"title\":\"合规管理情况调研材料\",\"requestId\":" + requestId + "}");
        assertThat(f.get(icbcA, "/documents/" + id).<List<String>>json("$.to")).containsExactly("ZJBRC-LAW");
        assertThat(f.call(icbcA, HttpMethod.PATCH, "/documents/" + id, "{\"to\":[\"ZJBRC-OFFICE\"]}")
                        .status())
                .isEqualTo(400);
        f.body(icbcA, id, DocumentFixtures.pdf("Survey answer"));
        var sent = f.send(icbcA, id, key());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT request_id FROM document WHERE id = ?", Long.class, id))
                .isEqualTo(requestId);
        // the requesting department sees the answer; an asked unit does not see the list
        assertThat(requests.answers(lawStaff, requestId)).singleElement().satisfies(a -> {
            assertThat(a.documentId()).isEqualTo(id);
            assertThat(a.unitCode()).isEqualTo("ICBC-ZJ");
            assertThat(a.unitName()).isNotBlank();
            assertThat(a.title()).isEqualTo("合规管理情况调研材料");
            assertThat(a.sentAt()).isNotNull();
        });
        assertThatThrownBy(() -> requests.answers(icbcA, requestId)).isInstanceOf(DocumentException.class);
        assertThatThrownBy(() -> requests.answers(cmbA, requestId)).isInstanceOf(DocumentException.class);
    }

    @Test
    void badInputIsRefusedWithAReasonAndNothingIsHalfStored() throws Exception {
        var unknown = f.post(
                office,
                "/documents",
                "{\"type\":\"BUREAU_DOC\",\"title\":\"t\",\"to\":[\"ICBC-ZJ\",\"NO-SUCH-BANK\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.<String>json("$.detail")).contains("NO-SUCH-BANK");
        assertThat(count("SELECT count(*) FROM document WHERE title = 't'")).isZero();

        String empty = bureauDraft("[]", "[]");
        f.body(office, empty, DocumentFixtures.pdf("x"));
        var noScope = f.get(office, "/documents/" + empty + "/scope");
        assertThat(noScope.<Integer>json("$.total")).isZero();
        f.seal(office, empty, "ZJBRC-OFFICE");
        var emptySend = f.send(office, empty, key());
        assertThat(emptySend.status()).isEqualTo(400);
        assertThat(emptySend.<String>json("$.code")).isEqualTo("document.empty-scope");

        String first = f.draft(office, "{\"type\":\"BUREAU_OTHER\",\"title\":\"a\",\"docNo\":\"浙银监资〔2026〕7号\"}");
        var duplicate =
                f.post(office, "/documents", "{\"type\":\"BUREAU_OTHER\",\"title\":\"b\",\"docNo\":\"浙银监资〔2026〕7号\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.<String>json("$.detail")).contains("浙银监资〔2026〕7号");
        assertThat(first).isNotBlank();

        var tooLarge = f.upload(
                office, "/documents/" + empty + "/attachments", "big.bin", new byte[5 * 1024 * 1024 + 1], "POST", null);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.<String>json("$.detail")).contains("5 MB");

        String draft = bureauDraft("[\"ICBC-ZJ\"]", "[]");
        var notPdf = f.upload(
                office, "/documents/" + draft + "/body", "notice.pdf", "MZ\u0090 not a pdf".getBytes(), "PUT", null);
        assertThat(notPdf.status()).isEqualTo(422);
        assertThat(f.get(office, "/documents/" + draft).body()).doesNotContain("bodyName");

        assertThat(f.get(cmbA, "/documents/" + draft).status()).isEqualTo(404);
        assertThat(f.call(cmbA, HttpMethod.PATCH, "/documents/" + draft, "{\"title\":\"hijack\"}")
                        .status())
                .isEqualTo(404);
        assertThat(f.get(office, "/documents/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM audit_event WHERE object_ref = ? AND success = FALSE", draft))
                .isGreaterThanOrEqualTo(2);

        // a wrong unit key PIN at send time → 422, nothing sent
        f.body(office, draft, DocumentFixtures.pdf("x"));
        f.seal(office, draft, "ZJBRC-OFFICE");
        var wrongPin = f.call(
                office,
                HttpMethod.POST,
                "/documents/" + draft + "/send",
                "{\"confirm\":true,\"pin\":\"99999999\"}",
                key());
        assertThat(wrongPin.status()).isEqualTo(422);
        assertThat(wrongPin.<String>json("$.code")).isEqualTo("document.unit-key.wrong-pin");
        assertThat(count("SELECT count(*) FROM delivery WHERE document_id = ?", draft))
                .isZero();
        jdbc.update(
                "UPDATE stored_token SET failed_attempts = 0 WHERE token_id IN (SELECT token_id FROM pki_unit_token WHERE unit_code = 'ZJBRC-OFFICE')");
        assertThat(f.get(office, "/types").<List<String>>json("$[*].code"))
                .contains("BUREAU_DOC", "DEPT_NOTICE", "BANK_FORMAL");
    }

    @Test
    void recallBeforeSigningVoidAfterAndSupplementToFurtherUnits() throws Exception {
        String id = bureauDraft("[\"ICBC-ZJ\",\"CMB-HZ\"]", "[]");
        f.body(office, id, DocumentFixtures.pdf("Recall me"));
        f.seal(office, id, "ZJBRC-OFFICE");
        assertThat(f.send(office, id, key()).status()).isEqualTo(200);

        // 补发 to a further unit: its own envelope; an already-delivered unit is refused
        String pin = f.unitPin("ZJBRC-OFFICE");
        var repeat = f.call(
                office,
                HttpMethod.POST,
                "/documents/" + id + "/supplement",
                "{\"to\":[\"ICBC-ZJ\"],\"confirm\":true,\"pin\":\"" + pin + "\"}",
                key());
        assertThat(repeat.status()).isEqualTo(409);
        var added = f.call(
                office,
                HttpMethod.POST,
                "/documents/" + id + "/supplement",
                "{\"to\":[\"HZB\"],\"confirm\":true,\"pin\":\"" + pin + "\"}",
                key());
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.<Integer>json("$.deliveries")).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT envelope_blob FROM delivery WHERE document_id = ? AND unit_code = 'HZB'",
                        String.class,
                        id))
                .isNotNull();
        assertThat(count("SELECT count(*) FROM document_event WHERE document_id = ? AND event = 'SUPPLEMENTED'", id))
                .isEqualTo(1);

        // 催办
        var reminded = f.post(office, "/documents/" + id + "/remind", "{\"units\":[\"CMB-HZ\"]}");
        assertThat(reminded.<List<String>>json("$.reminded")).containsExactly("CMB-HZ");
        assertThat(count("SELECT count(*) FROM delivery_event WHERE document_id = ? AND event = 'REMINDED'", id))
                .isEqualTo(1);

        // ICBC signs (the receiving module does this; here by SQL), so a recall is too late
        jdbc.update(
                "UPDATE delivery SET state = 'SIGNED', signed_at = CURRENT_TIMESTAMP, signed_by = 'icbc-zj-a' WHERE document_id = ? AND unit_code = 'ICBC-ZJ'",
                id);
        var late = f.post(office, "/documents/" + id + "/recall", "{\"reason\":\"发错了\",\"pin\":\"" + pin + "\"}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.<String>json("$.detail")).contains("ICBC-ZJ");
        assertThat(f.post(office, "/documents/" + id + "/void", "{\"reason\":\"\",\"pin\":\"" + pin + "\"}")
                        .status())
                .isEqualTo(400);
        var voided =
                f.post(office, "/documents/" + id + "/void", "{\"reason\":\"文件内容有误，予以作废\",\"pin\":\"" + pin + "\"}");
        assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
        assertThat(jdbc.queryForList(
                        "SELECT unit_code || ':' || state FROM delivery WHERE document_id = ? ORDER BY unit_code",
                        String.class,
                        id))
                .containsExactly("CMB-HZ:RECALLED", "HZB:RECALLED", "ICBC-ZJ:VOIDED");
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT state, envelope_blob, envelope_header, closed_statement FROM document WHERE id = ?", id);
        assertThat(row.get("state")).isEqualTo("VOIDED");
        assertThat((byte[]) row.get("envelope_header")).isNotEmpty();
        assertThat((byte[]) row.get("closed_statement")).isNotEmpty();
        assertThatThrownBy(() -> blobs.open((String) row.get("envelope_blob")))
                .isInstanceOf(org.sealpost.server.blob.BlobException.class);
        assertThat(f.get(office, "/documents/" + id + "/preview").status()).isEqualTo(409);
        assertThat(events.stream(DocumentClosed.class)
                        .filter(e -> e.documentId().equals(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo("VOIDED"));
        assertThat(events.stream(DeliveriesReminded.class)
                        .filter(e -> e.documentId().equals(id)))
                .hasSize(1);

        // a recall before anyone signed
        String second = bureauDraft("[\"ICBC-ZJ\"]", "[]");
        f.body(office, second, DocumentFixtures.pdf("Recall me too"));
        f.seal(office, second, "ZJBRC-OFFICE");
        f.send(office, second, key());
        var recalled =
                f.post(office, "/documents/" + second + "/recall", "{\"reason\":\"发送范围有误\",\"pin\":\"" + pin + "\"}");
        assertThat(recalled.status()).as(recalled.toString()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ?", String.class, second))
                .isEqualTo("RECALLED");
    }

    @Test
    void aBroadcastReachesEveryDemoUnitInOneStep() throws Exception {
        String id = f.draft(
                office,
                "{\"type\":\"BUREAU_PUBLICATION\",\"title\":\"浙江银行业监管信息（第12期）\",\"urgency\":\"特急\",\"to\":"
                        + DocumentFixtures.json(Stream.of(org.sealpost.server.unit.UnitCategory.values())
                                .map(Enum::name)
                                .toList())
                        + "}");
        f.body(office, id, DocumentFixtures.pdf("Bulletin"));
        var sent = f.send(office, id, key());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        int all = units.all().size();
        assertThat(sent.<Integer>json("$.deliveries")).isEqualTo(all - 1);
        assertThat(count("SELECT count(*) FROM delivery WHERE document_id = ? AND priority = 0", id))
                .isEqualTo(all - 1);
    }

    @Test
    void classifiedOrUnsafeDocumentsAreRefusedSayingWhatAndWhere(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        var markedTitle = f.post(office, "/documents", "{\"type\":\"BUREAU_OTHER\",\"title\":\"关于检查工作的通知（秘密★1年）\"}");
        assertThat(markedTitle.status()).isEqualTo(422);
        assertThat(markedTitle.<String>json("$.code")).isEqualTo("document.classified");
        assertThat(markedTitle.<String>json("$.detail")).contains("秘密★1年").contains("title");

        String id = f.draft(office, "{\"type\":\"BUREAU_OTHER\",\"title\":\"检查工作的通知\",\"to\":[\"ICBC-ZJ\"]}");
        // marked in the PDF's metadata
        byte[] pdfMarked;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(DocumentFixtures.pdf("Inspection notice"))) {
            doc.getDocumentInformation().setTitle("机密");
            var out = new ByteArrayOutputStream();
            doc.save(out);
            pdfMarked = out.toByteArray();
        }
        var metadata = f.upload(office, "/documents/" + id + "/body", "a.pdf", pdfMarked, "PUT", null);
        assertThat(metadata.status()).isEqualTo(422);
        assertThat(metadata.<String>json("$.detail")).contains("机密").contains("title");
        // marked in an OFD's text: page and line are named
        Path ofd = dir.resolve("marked.ofd");
        try (org.ofdrw.layout.OFDDoc doc = new org.ofdrw.layout.OFDDoc(ofd)) {
            doc.add(new org.ofdrw.layout.element.Paragraph("关于检查工作的通知", 6d));
            doc.add(new org.ofdrw.layout.element.Paragraph("商密★5年", 4d));
        }
        var text = f.upload(office, "/documents/" + id + "/body", "b.ofd", Files.readAllBytes(ofd), "PUT", null);
        assertThat(text.status()).isEqualTo(422);
        assertThat(text.<String>json("$.detail")).contains("商密★5年").contains("page 1");
        // an encrypted PDF
        byte[] encrypted;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(DocumentFixtures.pdf("Inspection notice"))) {
            doc.protect(new org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy(
                    "owner", "", new org.apache.pdfbox.pdmodel.encryption.AccessPermission()));
            var out = new ByteArrayOutputStream();
            doc.save(out);
            encrypted = out.toByteArray();
        }
        var enc = f.upload(office, "/documents/" + id + "/body", "c.pdf", encrypted, "PUT", null);
        assertThat(enc.status()).isEqualTo(422);
        assertThat(enc.<String>json("$.code")).isEqualTo("document.rejected.encrypted");
        // a truncated (corrupt) PDF
        byte[] clean = DocumentFixtures.pdf("Inspection notice");
        var corrupt = f.upload(
                office,
                "/documents/" + id + "/body",
                "d.pdf",
                java.util.Arrays.copyOf(clean, clean.length / 3),
                "PUT",
                null);
        assertThat(corrupt.status()).isEqualTo(422);
        assertThat(f.get(office, "/documents/" + id).body()).doesNotContain("bodyName");

        // a scan without text needs the sender's confirmation that it carries no marking
        f.body(office, id, SendBenchmark.pdfOfAbout(30_000));
        var unconfirmed = f.send(office, id, key());
        assertThat(unconfirmed.status()).isEqualTo(409);
        assertThat(unconfirmed.<String>json("$.code")).isEqualTo("document.no-text-unconfirmed");
        assertThat(f.post(office, "/documents/" + id + "/no-text-confirmation", null)
                        .status())
                .isEqualTo(200);
        assertThat(f.send(office, id, key()).status()).isEqualTo(200);
    }

    void assertNoPlaintextAtRest() throws Exception {
        byte[] marker = DocumentFixtures.MARKER.getBytes(StandardCharsets.UTF_8);
        for (Map<String, Object> r : jdbc.queryForList("SELECT * FROM document")) {
            assertThat(r.toString()).doesNotContain(DocumentFixtures.MARKER);
        }
        Path dir = Path.of(
                jdbc.getDataSource().getConnection().getMetaData().getURL().isEmpty() ? "." : ".");
        try (Stream<Path> files = Files.walk(Path.of("target/test-blobs"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(org.sealpost.server.blob.BlobStoreItSupport.indexOf(Files.readAllBytes(p), marker))
                        .as(p.toString())
                        .isEqualTo(-1);
            }
        }
        assertThat(dir).isNotNull();
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }
}
