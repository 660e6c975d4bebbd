package org.sealpost.server.delivery;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DraftCommand;
import org.sealpost.server.document.SendingDocuments;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sent documents for receiving tests, made through the sending module's own services: the
 * regulator office drafts an unsealed "other material" (BUREAU_OTHER), uploads a real PDF body and
 * sends it with its unit PIN, so every delivery carries a real envelope signed by the office and
 * sealed to the recipient's encryption certificate.
 */
final class DeliveryFixtures {

    static final String PIN = "246810";
    static final String SENDER = "ZJBRC-OFFICE";

    private final JdbcTemplate jdbc;
    private final TestAccounts accounts;
    private final UnitKeys unitKeys;
    private final UnitDirectory units;
    private final ComposingDocuments composing;
    private final SendingDocuments sending;

    DeliveryFixtures(
            JdbcTemplate jdbc,
            UnitKeys unitKeys,
            UnitDirectory units,
            ComposingDocuments composing,
            SendingDocuments sending) {
        this.jdbc = jdbc;
        this.accounts = new TestAccounts(jdbc);
        this.unitKeys = unitKeys;
        this.units = units;
        this.composing = composing;
        this.sending = sending;
    }

    /** Standard units, plus {@code extra} units (code → name), each with certificates under {@link #PIN}. */
    void units(String... extra) {
        accounts.standardUnits();
        for (String code : extra) {
            accounts.unit(code, code + " 测试银行", "CITY_COMMERCIAL_BANK");
        }
        for (String code : List.of(SENDER, "ICBC-ZJ", "CMB-HZ")) {
            keys(code);
        }
        for (String code : extra) {
            keys(code);
        }
    }

    private void keys(String code) {
        if (unitKeys.current(code).isEmpty()) {
            unitKeys.issue(units.findByCode(code).orElseThrow(), PIN.toCharArray(), "test");
        }
    }

    SignedInUser user(String username, String unitCode, Role... roles) {
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        List<Long> ids = jdbc.queryForList("SELECT id FROM account WHERE username = ?", Long.class, username);
        long id = ids.isEmpty() ? accounts.account(username, unitCode, roles) : ids.get(0);
        return new SignedInUser(id, username, "测试 " + username, unitId, unitCode, Set.of(roles));
    }

    SignedInUser office() {
        return user("office1", SENDER, Role.OFFICE_STAFF);
    }

    /** Sends a document to {@code unitCode}; returns that unit's delivery id. */
    long send(String unitCode, String title, String urgency) {
        return send(unitCode, title, urgency, pdf(title));
    }

    long send(String unitCode, String title, String urgency, byte[] body) {
        return send(unitCode, title, urgency, body, PIN);
    }

    /** Sends with the given unit PIN (wrong PINs are refused as in production). */
    long send(String unitCode, String title, String urgency, byte[] body, String pin) {
        return sendTo(List.of(unitCode), title, urgency, body, pin).get(0);
    }

    /** Sends one document (one envelope) to all {@code unitCodes}; returns their delivery ids in that order. */
    List<Long> sendTo(List<String> unitCodes, String title, String urgency, byte[] body) {
        return sendTo(unitCodes, title, urgency, body, PIN);
    }

    private List<Long> sendTo(List<String> unitCodes, String title, String urgency, byte[] body, String pin) {
        SignedInUser office = office();
        var draft = composing.createDraft(
                office,
                new DraftCommand(
                        "BUREAU_OTHER",
                        null,
                        title,
                        urgency,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        unitCodes,
                        null));
        composing.uploadBody(office, draft.id(), "notice.pdf", body);
        sending.send(
                office,
                new SendingDocuments.SendCommand(
                        draft.id(), true, UUID.randomUUID().toString(), pin.toCharArray()));
        return unitCodes.stream()
                .map(unitCode -> jdbc.queryForObject(
                        "SELECT id FROM delivery WHERE document_id = ? AND unit_code = ?",
                        Long.class,
                        draft.id(),
                        unitCode))
                .toList();
    }

    String documentOf(long delivery) {
        return jdbc.queryForObject("SELECT document_id FROM delivery WHERE id = ?", String.class, delivery);
    }

    /** A one-page PDF with some text (the classification guard reads it). */
    static byte[] pdf(String text) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(72, 700);
                content.showText("Notice for the banks: " + text.replaceAll("[^\\x20-\\x7e]", "?"));
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
