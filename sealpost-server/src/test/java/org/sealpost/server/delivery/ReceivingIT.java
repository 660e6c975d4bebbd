package org.sealpost.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.statement.Statement;
import org.sealpost.core.statement.StatementSigner;
import org.sealpost.core.statement.StatementType;
import org.sealpost.core.statement.StatementVerifier;
import org.sealpost.core.statement.VerifiedStatement;
import org.sealpost.core.token.Token;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.RecallingDocuments;
import org.sealpost.server.document.SendingDocuments;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.support.Audits;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Receiving over the REST API (issue 6 items 1–6): inbox order and counts, show and READ, open with
 * the PIN and page images, sign for with a receipt that verifies over the envelope digest, replay,
 * wrong PINs up to the lock, return with and without a reason, download before and after signing,
 * recalled and voided deliveries (410), destruction confirmation, archive, another unit's delivery
 * (404), and the end-to-end receipt (right key accepted, wrong key refused). Each action's audit row
 * is counted. Runs on H2 and PostgreSQL (the second Failsafe execution).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@RecordApplicationEvents
class ReceivingIT {

    @Autowired
    ApplicationEvents published;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UnitKeys unitKeys;

    @Autowired
    UnitDirectory units;

    @Autowired
    ComposingDocuments composing;

    @Autowired
    SendingDocuments sending;

    @Autowired
    RecallingDocuments recalling;

    @Autowired
    SystemCa ca;

    @Autowired
    VerifiedEnvelopes verifiedEnvelopes;

    final ObjectMapper json = new ObjectMapper();

    DeliveryFixtures fixtures;
    SignedInUser icbcA;
    SignedInUser cmbA;

    @BeforeEach
    void setUp() {
        fixtures = new DeliveryFixtures(jdbc, unitKeys, units, composing, sending);
        fixtures.units("NBCB-LOCK");
        icbcA = fixtures.user("icbc-op-a", "ICBC-ZJ", Role.OPERATOR_A);
        cmbA = fixtures.user("cmb-op-a", "CMB-HZ", Role.OPERATOR_A);
    }

    static RequestPostProcessor as(SignedInUser user) {
        var authorities = user.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
        return SecurityMockMvcRequestPostProcessors.authentication(
                new UsernamePasswordAuthenticationToken(user, null, authorities));
    }

    int audits(String type, long delivery) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE event_type = ? AND object_ref = ?",
                Integer.class,
                type,
                "delivery:" + delivery);
    }

    int events(String event, long delivery) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM delivery_event WHERE event = ? AND delivery_id = ?",
                Integer.class,
                event,
                delivery);
    }

    String state(long delivery) {
        return jdbc.queryForObject("SELECT state FROM delivery WHERE id = ?", String.class, delivery);
    }

    ResultActions postJson(String url, SignedInUser who, String body) throws Exception {
        return mvc.perform(
                post(url).with(as(who)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    ResultActions sign(long id, SignedInUser who, String pin) throws Exception {
        return postJson("/api/v1/deliveries/" + id + "/sign", who, "{\"pin\":\"" + pin + "\"}");
    }

    JsonNode body(ResultActions r) throws Exception {
        return json.readTree(r.andReturn().getResponse().getContentAsString());
    }

    StatementVerifier verifier() {
        return new StatementVerifier(new CertificateVerifier(
                List.of(ca.certificate()), List.of(ca.crl()), true, java.time.Clock.systemUTC()));
    }

    @Test
    void inboxPutsExtraUrgentFirstAndCountsUnreadAndOverdue() throws Exception {
        SignedInUser op = fixtures.user("inbox-op", "NBCB-LOCK", Role.OPERATOR_B);
        long normal = fixtures.send("NBCB-LOCK", "Normal notice", "NORMAL");
        long extra = fixtures.send("NBCB-LOCK", "Extra urgent notice", "EXTRA_URGENT");
        long urgent = fixtures.send("NBCB-LOCK", "Urgent notice", "URGENT");
        jdbc.update(
                "UPDATE delivery SET due_at = ? WHERE id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(1),
                normal);

        JsonNode page = body(mvc.perform(get("/api/v1/inbox").with(as(op))).andExpect(status().isOk()));
        List<Long> ids = new java.util.ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        assertThat(ids).containsSubsequence(extra, urgent, normal);
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("documentId").asText()).isEqualTo(fixtures.documentOf(extra));
        assertThat(first.get("title").asText()).isEqualTo("Extra urgent notice");
        assertThat(first.get("state").asText()).isEqualTo("DELIVERED");
        assertThat(first.get("urgency").asText()).isEqualTo("EXTRA_URGENT");
        assertThat(first.get("sender").asText()).isEqualTo(DeliveryFixtures.SENDER);
        assertThat(first.get("read").asBoolean()).isFalse();
        assertThat(page.get("unread").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(page.get("overdue").asLong()).isGreaterThanOrEqualTo(1);

        mvc.perform(get("/api/v1/deliveries/" + extra).with(as(op))).andExpect(status().isOk());
        JsonNode after = body(mvc.perform(get("/api/v1/inbox").with(as(op))));
        assertThat(after.get("unread").asLong()).isEqualTo(page.get("unread").asLong() - 1);

        JsonNode signedOnly =
                body(mvc.perform(get("/api/v1/inbox?status=signed").with(as(op))));
        signedOnly.get("items").forEach(i -> assertThat(i.get("state").asText()).isEqualTo("SIGNED"));
        mvc.perform(get("/api/v1/inbox?status=nonsense").with(as(op)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.unknown-state"));
        mvc.perform(get("/api/v1/inbox?limit=1&offset=1").with(as(op)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(ids.get(1)));
        mvc.perform(get("/api/v1/inbox?sender=NOBODY").with(as(op)))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/v1/inbox?from=" + Instant.now().plusSeconds(3600)).with(as(op)))
                .andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void showMarksReadOnceAndAnotherUnitGets404() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Show me", "NORMAL");
        mvc.perform(get("/api/v1/deliveries/" + id).with(as(icbcA)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("Show me"))
                .andExpect(jsonPath("$.state").value("DELIVERED"))
                .andExpect(jsonPath("$.body.name").value("notice.pdf"))
                .andExpect(jsonPath("$.attachments.length()").value(0))
                .andExpect(jsonPath("$.readAt").isNotEmpty());
        mvc.perform(get("/api/v1/deliveries/" + id).with(as(icbcA))).andExpect(status().isOk());
        assertThat(events("READ", id)).isEqualTo(1);
        assertThat(audits("DELIVERY_VIEWED", id)).isEqualTo(2);

        for (String url : List.of("", "/receipt", "/envelope", "/pages/1.png", "/download", "/destruction")) {
            mvc.perform(get("/api/v1/deliveries/" + id + url).with(as(cmbA))).andExpect(status().isNotFound());
        }
        sign(id, cmbA, DeliveryFixtures.PIN).andExpect(status().isNotFound());
        postJson("/api/v1/deliveries/" + id + "/return", cmbA, "{\"reason\":\"x\",\"pin\":\"246810\"}")
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/deliveries/999999").with(as(icbcA))).andExpect(status().isNotFound());
        assertThat(state(id)).isEqualTo("DELIVERED");
    }

    @Test
    void pagesNeedTheDocumentOpenedWithThePin() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Pages", "URGENT");
        Audits trail = new Audits(jdbc);
        mvc.perform(get("/api/v1/deliveries/" + id + "/pages/1.png").with(as(icbcA)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("delivery.open-required"));
        postJson("/api/v1/deliveries/" + id + "/open", icbcA, "{\"pin\":\"246810\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pageCount").value(1))
                .andExpect(jsonPath("$.opened").value(true));
        byte[] png = mvc.perform(
                        get("/api/v1/deliveries/" + id + "/pages/1.png").with(as(icbcA)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)))
                .isNotNull();
        mvc.perform(get("/api/v1/deliveries/" + id + "/pages/2.png").with(as(icbcA)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("delivery.no-such-page"));
        trail.assertOne("DELIVERY_OPENED", "icbc-op-a", "delivery:" + id, true);
        assertThat(events("READ", id)).isEqualTo(1);
    }

    @Test
    void signingForStoresAReceiptThatVerifiesOverTheEnvelopeDigest() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Sign me", "URGENT");
        String document = fixtures.documentOf(id);
        String digest =
                jdbc.queryForObject("SELECT envelope_digest FROM document WHERE id = ?", String.class, document);

        Audits trail = new Audits(jdbc);
        JsonNode first = body(sign(id, icbcA, DeliveryFixtures.PIN).andExpect(status().isOk()));
        assertThat(first.get("state").asText()).isEqualTo("SIGNED");
        assertThat(first.get("replayed").asBoolean()).isFalse();
        byte[] der = Base64.getDecoder().decode(first.get("receipt").asText());
        VerifiedStatement verified = verifier()
                .verifyExpecting(
                        der, StatementType.RECEIPT, document, HexFormat.of().parseHex(digest), "ICBC-ZJ");
        assertThat(verified.signer())
                .isEqualTo(unitKeys.current("ICBC-ZJ").orElseThrow().signing());

        assertThat(state(id)).isEqualTo("SIGNED");
        assertThat(jdbc.queryForObject("SELECT receipt_der FROM delivery WHERE id = ?", byte[].class, id))
                .isEqualTo(der);
        assertThat(jdbc.queryForObject("SELECT signed_by FROM delivery WHERE id = ?", String.class, id))
                .isEqualTo("icbc-op-a");
        assertThat(events("SIGNED", id)).isEqualTo(1);
        trail.assertOne("DELIVERY_SIGNED", "icbc-op-a", "delivery:" + id, true);
        assertThat(published.stream(DeliverySigned.class).filter(e -> e.deliveryId() == id))
                .singleElement()
                .satisfies(e -> assertThat(e.senderUnit()).isEqualTo(DeliveryFixtures.SENDER));

        // double submit: the same receipt, nothing signed twice
        JsonNode again = body(sign(id, icbcA, DeliveryFixtures.PIN).andExpect(status().isOk()));
        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(again.get("receipt").asText()).isEqualTo(first.get("receipt").asText());
        assertThat(events("SIGNED", id)).isEqualTo(1);
        assertThat(audits("DELIVERY_SIGNED", id)).isEqualTo(1);
        assertThat(audits("DELIVERY_SIGN_REPLAYED", id)).isEqualTo(1);

        // the receipt as a file, for the recipient and for the sender's tracking
        byte[] file = mvc.perform(get("/api/v1/deliveries/" + id + "/receipt").with(as(icbcA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(file).isEqualTo(der);
        mvc.perform(get("/api/v1/deliveries/" + id + "/receipt").with(as(fixtures.office())))
                .andExpect(status().isOk());
        // a signed delivery can no longer be returned
        postJson("/api/v1/deliveries/" + id + "/return", icbcA, "{\"reason\":\"late\",\"pin\":\"246810\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("delivery.not-returnable"));
    }

    @Test
    void theSecondUnitOfAVerifiedEnvelopeSignsWithoutReopeningItButTheSenderRevocationStillCounts() throws Exception {
        List<Long> ids = fixtures.sendTo(
                List.of("ICBC-ZJ", "CMB-HZ"), "Both banks", "NORMAL", DeliveryFixtures.pdf("Both banks"));
        long icbc = ids.get(0);
        long cmb = ids.get(1);
        String document = fixtures.documentOf(icbc);
        String digest =
                jdbc.queryForObject("SELECT envelope_digest FROM document WHERE id = ?", String.class, document);
        String blob = jdbc.queryForObject("SELECT envelope_blob FROM document WHERE id = ?", String.class, document);
        assertThat(verifiedEnvelopes.knows(blob, digest)).isFalse();

        sign(icbc, icbcA, DeliveryFixtures.PIN).andExpect(status().isOk());
        assertThat(verifiedEnvelopes.knows(blob, digest)).isTrue();

        // the sender's certificate found revoked before the send: refused even though the envelope verified before
        String serial = unitKeys.current(DeliveryFixtures.SENDER).orElseThrow().signingSerial();
        OffsetDateTime sentAt =
                jdbc.queryForObject("SELECT sent_at FROM document WHERE id = ?", OffsetDateTime.class, document);
        jdbc.update("UPDATE pki_certificate SET revoked_at = ? WHERE serial = ?", sentAt.minusMinutes(1), serial);
        try {
            sign(cmb, cmbA, DeliveryFixtures.PIN)
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("delivery.envelope-rejected"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("SENDER_CERT_REVOKED")));
            assertThat(state(cmb)).isEqualTo("DELIVERED");
            assertThat(audits("DELIVERY_SIGNED", cmb)).isEqualTo(1); // the refusal
        } finally {
            jdbc.update("UPDATE pki_certificate SET revoked_at = NULL WHERE serial = ?", serial);
        }

        JsonNode receipt = body(sign(cmb, cmbA, DeliveryFixtures.PIN).andExpect(status().isOk()));
        byte[] der = Base64.getDecoder().decode(receipt.get("receipt").asText());
        VerifiedStatement verified = verifier()
                .verifyExpecting(
                        der, StatementType.RECEIPT, document, HexFormat.of().parseHex(digest), "CMB-HZ");
        assertThat(verified.signer())
                .isEqualTo(unitKeys.current("CMB-HZ").orElseThrow().signing());
        assertThat(state(cmb)).isEqualTo("SIGNED");
        assertThat(events("SIGNED", cmb)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'DELIVERY_SIGNED' AND success"
                                + " AND object_ref = ?",
                        Integer.class,
                        "delivery:" + cmb))
                .isEqualTo(1);
    }

    @Test
    void receiptOfAnUnsignedDeliveryIsNotFound() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Unsigned", "NORMAL");
        mvc.perform(get("/api/v1/deliveries/" + id + "/receipt").with(as(icbcA)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("delivery.not-signed"));
    }

    @Test
    void fiveWrongPinsLockTheUnitKey() throws Exception {
        SignedInUser op = fixtures.user("lock-op", "NBCB-LOCK", Role.OPERATOR_A);
        long id = fixtures.send("NBCB-LOCK", "Locked out", "NORMAL");
        for (int left = 4; left >= 1; left--) {
            sign(id, op, "000000")
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("delivery.unit-key.wrong-pin"))
                    .andExpect(jsonPath("$.remainingAttempts").value(left));
        }
        sign(id, op, "000000").andExpect(status().is(423));
        sign(id, op, DeliveryFixtures.PIN)
                .andExpect(status().is(423))
                .andExpect(jsonPath("$.code").value("delivery.unit-key.locked"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("security admin")));
        assertThat(state(id)).isEqualTo("DELIVERED");
        assertThat(audits("DELIVERY_SIGNED", id)).isEqualTo(6);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'DELIVERY_SIGNED' AND object_ref = ?"
                                + " AND success = TRUE",
                        Integer.class,
                        "delivery:" + id))
                .isZero();
        // the security admin resets the token: then the right PIN signs
        unitKeys.resetAttempts(fixtures.user("secadmin", "ZJBRC", Role.SECURITY_ADMIN), "NBCB-LOCK");
        sign(id, op, DeliveryFixtures.PIN).andExpect(status().isOk());
        sign(id, op, "").andExpect(status().isOk()); // already signed: the stored receipt, no PIN needed
    }

    @Test
    void returnNeedsAReasonAndIsASignedStatement() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Return me", "NORMAL");
        String document = fixtures.documentOf(id);
        postJson("/api/v1/deliveries/" + id + "/return", icbcA, "{\"reason\":\"  \",\"pin\":\"246810\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.reason-required"));
        postJson("/api/v1/deliveries/" + id + "/return", icbcA, "{\"pin\":\"246810\"}")
                .andExpect(status().isBadRequest());
        assertThat(state(id)).isEqualTo("DELIVERED");
        JsonNode returned = body(
                postJson("/api/v1/deliveries/" + id + "/return", icbcA, "{\"reason\":\"附件缺页，请补正\",\"pin\":\"246810\"}")
                        .andExpect(status().isOk()));
        assertThat(state(id)).isEqualTo("RETURNED");
        assertThat(jdbc.queryForObject("SELECT return_reason FROM delivery WHERE id = ?", String.class, id))
                .isEqualTo("附件缺页，请补正");
        String digest =
                jdbc.queryForObject("SELECT envelope_digest FROM document WHERE id = ?", String.class, document);
        Statement s = verifier()
                .verifyExpecting(
                        Base64.getDecoder().decode(returned.get("statement").asText()),
                        StatementType.RETURN,
                        document,
                        HexFormat.of().parseHex(digest),
                        "ICBC-ZJ")
                .statement();
        assertThat(s.reason()).contains("附件缺页，请补正");
        assertThat(events("RETURNED", id)).isEqualTo(1);
        assertThat(audits("DELIVERY_RETURNED", id)).isEqualTo(3); // two refusals, one success
        assertThat(published.stream(DeliveryReturned.class).filter(e -> e.deliveryId() == id))
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("附件缺页，请补正"));
        sign(id, icbcA, DeliveryFixtures.PIN)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("delivery.not-signable"));

        // the sender drafts the corrected version, linked to the returned one
        String corrected = body(postJson(
                                "/api/v1/documents",
                                fixtures.office(),
                                "{\"type\":\"BUREAU_OTHER\",\"title\":\"Return me (corrected)\",\"to\":[\"ICBC-ZJ\"],"
                                        + "\"previousVersion\":\"" + document + "\"}")
                        .andExpect(status().isCreated()))
                .get("id")
                .asText();
        assertThat(jdbc.queryForObject("SELECT previous_version FROM document WHERE id = ?", String.class, corrected))
                .isEqualTo(document);
        String notReturned = fixtures.documentOf(fixtures.send("ICBC-ZJ", "Fine as it is", "NORMAL"));
        postJson(
                        "/api/v1/documents",
                        fixtures.office(),
                        "{\"type\":\"BUREAU_OTHER\",\"title\":\"No\",\"previousVersion\":\"" + notReturned + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("document.not-returned"));
        postJson(
                        "/api/v1/documents",
                        cmbA,
                        "{\"type\":\"BANK_OTHER\",\"title\":\"No\",\"previousVersion\":\"" + document + "\"}")
                .andExpect(status().isNotFound());
    }

    @Test
    void downloadIsRefusedBeforeSigningAndLoggedAfter() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Download me", "NORMAL");
        mvc.perform(get("/api/v1/deliveries/" + id + "/download")
                        .header("X-Unit-Pin", DeliveryFixtures.PIN)
                        .with(as(icbcA)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("delivery.not-signed"));
        sign(id, icbcA, DeliveryFixtures.PIN).andExpect(status().isOk());
        byte[] pdf = mvc.perform(get("/api/v1/deliveries/" + id + "/download")
                        .header("X-Unit-Pin", DeliveryFixtures.PIN)
                        .with(as(icbcA)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string(
                                "Content-Disposition",
                                org.hamcrest.Matchers.containsString("filename*=UTF-8''notice-")))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        assertThat(state(id)).isEqualTo("DOWNLOADED");
        assertThat(events("DOWNLOADED", id)).isEqualTo(1);
        assertThat(audits("DELIVERY_DOWNLOADED", id)).isEqualTo(2); // the refusal and the download
        mvc.perform(get("/api/v1/deliveries/" + id + "/download?attachment=1")
                        .header("X-Unit-Pin", DeliveryFixtures.PIN)
                        .with(as(icbcA)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("delivery.no-such-attachment"));

        mvc.perform(post("/api/v1/deliveries/" + id + "/archive").with(as(icbcA)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("ARCHIVED"));
        assertThat(events("ARCHIVED", id)).isEqualTo(1);
        assertThat(audits("DELIVERY_ARCHIVED", id)).isEqualTo(1);
        mvc.perform(post("/api/v1/deliveries/" + id + "/archive").with(as(icbcA)))
                .andExpect(status().isConflict());
    }

    @Test
    void archiveBeforeSigningIsRefused() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Archive early", "NORMAL");
        mvc.perform(post("/api/v1/deliveries/" + id + "/archive").with(as(icbcA)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("delivery.not-archivable"));
    }

    @Test
    void aRecalledDeliveryCannotBeOpened() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Recall me", "NORMAL");
        recalling.recall(
                fixtures.office(),
                new RecallingDocuments.CloseCommand(
                        fixtures.documentOf(id), "wrong recipient", DeliveryFixtures.PIN.toCharArray()));
        assertThat(state(id)).isEqualTo("RECALLED");
        mvc.perform(get("/api/v1/deliveries/" + id).with(as(icbcA)))
                .andExpect(status().isGone())
                .andExpect(jsonPath("$.code").value("delivery.gone"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("recalled")));
        sign(id, icbcA, DeliveryFixtures.PIN).andExpect(status().isGone());
        postJson("/api/v1/deliveries/" + id + "/open", icbcA, "{\"pin\":\"246810\"}")
                .andExpect(status().isGone());
        mvc.perform(get("/api/v1/deliveries/" + id + "/envelope").with(as(icbcA)))
                .andExpect(status().isGone());
        assertThat(audits("DELIVERY_VIEWED", id)).isEqualTo(1);
    }

    @Test
    void aVoidedDeliveryIsGoneAndItsPrintedCopiesAreConfirmedDestroyed() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Void me", "NORMAL");
        sign(id, icbcA, DeliveryFixtures.PIN).andExpect(status().isOk());
        // two copies printed (1 failed, 2 ok) and one grey copy (3 ok): the printing module's rows
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update(
                "INSERT INTO print_copy (delivery_id, copy_number, kind, issued_by, issued_at, result) VALUES"
                        + " (?, 1, 'SEALED', 'icbc-op-a', ?, 'FAILED'), (?, 2, 'SEALED', 'icbc-op-a', ?, 'OK'),"
                        + " (?, 3, 'GREY', 'icbc-op-a', ?, 'OK')",
                id,
                now,
                id,
                now,
                id,
                now);
        postJson("/api/v1/deliveries/" + id + "/destruction", icbcA, "{\"copies\":[\"000002\"],\"pin\":\"246810\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("delivery.not-voided"));
        recalling.voidDocument(
                fixtures.office(),
                new RecallingDocuments.CloseCommand(
                        fixtures.documentOf(id), "superseded", DeliveryFixtures.PIN.toCharArray()));
        assertThat(state(id)).isEqualTo("VOIDED");
        mvc.perform(get("/api/v1/deliveries/" + id).with(as(icbcA)))
                .andExpect(status().isGone())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("voided")));
        mvc.perform(get("/api/v1/deliveries/" + id + "/destruction").with(as(icbcA)))
                .andExpect(jsonPath("$[0]").value("000002"))
                .andExpect(jsonPath("$[1]").value("000003"));
        postJson("/api/v1/deliveries/" + id + "/destruction", icbcA, "{\"copies\":[\"000002\"],\"pin\":\"246810\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("delivery.copies-mismatch"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("000003")));
        postJson(
                        "/api/v1/deliveries/" + id + "/destruction",
                        icbcA,
                        "{\"copies\":[\"000002\",\"000003\",\"000001\"],\"pin\":\"246810\"}")
                .andExpect(status().isBadRequest());
        JsonNode done = body(postJson(
                        "/api/v1/deliveries/" + id + "/destruction",
                        icbcA,
                        "{\"copies\":[\"000003\",\"2\"],\"pin\":\"246810\"}")
                .andExpect(status().isOk()));
        assertThat(state(id)).isEqualTo("DESTRUCTION_CONFIRMED");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM print_copy WHERE delivery_id = ? AND destroyed_at IS NOT NULL",
                        Integer.class,
                        id))
                .isEqualTo(2);
        Statement s = verifier()
                .verify(Base64.getDecoder().decode(done.get("statement").asText()))
                .statement();
        assertThat(s.type()).isEqualTo(StatementType.DESTRUCTION_CONFIRMATION);
        assertThat(s.copyNumbers()).containsExactly("000002", "000003");
        assertThat(events("DESTRUCTION_CONFIRMED", id)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'DELIVERY_DESTRUCTION_CONFIRMED'"
                                + " AND object_ref = ? AND success = TRUE",
                        Integer.class,
                        "delivery:" + id))
                .isEqualTo(1);
    }

    @Test
    void endToEndReceiptSignedByTheUnitKeyIsAcceptedAndAnotherKeyRefused() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "End to end", "NORMAL");
        String document = fixtures.documentOf(id);
        byte[] envelope = mvc.perform(
                        get("/api/v1/deliveries/" + id + "/envelope").with(as(icbcA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(audits("DELIVERY_ENVELOPE_FETCHED", id)).isEqualTo(1);
        // the unit's own key (the CLI's --key UNIT.p12 holds the same keys as the server-held token)
        byte[] digest;
        byte[] plain;
        try (Token token = unitKeys.unlock("ICBC-ZJ", DeliveryFixtures.PIN.toCharArray())) {
            var out = new java.io.ByteArrayOutputStream();
            var header = new org.sealpost.core.envelope.EnvelopeReader(
                            org.sealpost.core.envelope.SenderCheck.signatureOnly())
                    .open(new java.io.ByteArrayInputStream(envelope), token, out);
            digest = header.digest();
            plain = out.toByteArray();
        }
        assertThat(new String(plain, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");

        byte[] wrong;
        try (Token other = unitKeys.unlock("CMB-HZ", DeliveryFixtures.PIN.toCharArray())) {
            wrong = new StatementSigner().sign(Statement.receipt(document, digest, "ICBC-ZJ", Instant.now()), other);
        }
        postJson(
                        "/api/v1/deliveries/" + id + "/receipt",
                        icbcA,
                        "{\"receipt\":\"" + Base64.getEncoder().encodeToString(wrong) + "\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("delivery.receipt-rejected"));
        byte[] otherDigest = digest.clone();
        otherDigest[0] ^= 1;
        byte[] right;
        byte[] wrongDigest;
        try (Token token = unitKeys.unlock("ICBC-ZJ", DeliveryFixtures.PIN.toCharArray())) {
            wrongDigest = new StatementSigner()
                    .sign(Statement.receipt(document, otherDigest, "ICBC-ZJ", Instant.now()), token);
            right = new StatementSigner().sign(Statement.receipt(document, digest, "ICBC-ZJ", Instant.now()), token);
        }
        postJson(
                        "/api/v1/deliveries/" + id + "/receipt",
                        icbcA,
                        "{\"receipt\":\"" + Base64.getEncoder().encodeToString(wrongDigest) + "\"}")
                .andExpect(status().isUnprocessableContent());
        assertThat(state(id)).isEqualTo("DELIVERED");
        postJson(
                        "/api/v1/deliveries/" + id + "/receipt",
                        icbcA,
                        "{\"receipt\":\"" + Base64.getEncoder().encodeToString(right) + "\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.endToEnd").value(true))
                .andExpect(jsonPath("$.state").value("SIGNED"));
        assertThat(state(id)).isEqualTo("SIGNED");
        assertThat(jdbc.queryForObject("SELECT receipt_der FROM delivery WHERE id = ?", byte[].class, id))
                .isEqualTo(right);
        assertThat(audits("DELIVERY_SIGNED", id)).isEqualTo(3); // two refused, one accepted
        assertThat(events("SIGNED", id)).isEqualTo(1);
        // the same receipt again: replayed; another one: 409
        postJson(
                        "/api/v1/deliveries/" + id + "/receipt",
                        icbcA,
                        "{\"receipt\":\"" + Base64.getEncoder().encodeToString(right) + "\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replayed").value(true));
    }

    @Autowired
    SigningForDelivery signing;

    @Test
    void concurrentSignRequestsSignOnceAndAllGetTheSameReceipt() throws Exception {
        long id = fixtures.send("ICBC-ZJ", "Double submit", "EXTRA_URGENT");
        int n = 6;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Receipt>> results = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return signing.sign(
                            icbcA, new SigningForDelivery.SignCommand(id, DeliveryFixtures.PIN.toCharArray()));
                }));
            }
            start.countDown();
            java.util.Set<String> receipts = new java.util.HashSet<>();
            int fresh = 0;
            for (var f : results) {
                Receipt r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                receipts.add(Base64.getEncoder().encodeToString(r.der()));
                fresh += r.replayed() ? 0 : 1;
            }
            assertThat(receipts).hasSize(1);
            assertThat(fresh).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(events("SIGNED", id)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'DELIVERY_SIGNED' AND object_ref = ?"
                                + " AND success = TRUE",
                        Integer.class,
                        "delivery:" + id))
                .isEqualTo(1);
        assertThat(audits("DELIVERY_SIGN_REPLAYED", id)).isEqualTo(n - 1);
    }

    @Test
    void aSenderRenewalAfterSendingDoesNotBlockSigningButARevocationBeforeTheSendDoes() throws Exception {
        long early = fixtures.send("ICBC-ZJ", "Before renewal 1", "NORMAL");
        long other = fixtures.send("ICBC-ZJ", "Before renewal 2", "NORMAL");
        String oldSerial =
                unitKeys.current(DeliveryFixtures.SENDER).orElseThrow().signingSerial();
        unitKeys.issue(
                units.findByCode(DeliveryFixtures.SENDER).orElseThrow(), DeliveryFixtures.PIN.toCharArray(), "test");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM pki_certificate WHERE serial = ? AND revoked_at IS NOT NULL",
                        Integer.class,
                        oldSerial))
                .isEqualTo(1);
        sign(early, icbcA, DeliveryFixtures.PIN).andExpect(status().isOk());

        // had the sender's certificate been revoked before the send, nothing is signed
        OffsetDateTime sentAt = jdbc.queryForObject(
                "SELECT sent_at FROM document WHERE id = ?", OffsetDateTime.class, fixtures.documentOf(other));
        jdbc.update("UPDATE pki_certificate SET revoked_at = ? WHERE serial = ?", sentAt.minusMinutes(1), oldSerial);
        sign(other, icbcA, DeliveryFixtures.PIN)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("delivery.envelope-rejected"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("SENDER_CERT_REVOKED")));
        assertThat(state(other)).isEqualTo("DELIVERED");
        assertThat(events("SIGNED", other)).isZero();
    }
}
