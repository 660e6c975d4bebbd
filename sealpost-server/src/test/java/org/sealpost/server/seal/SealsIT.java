package org.sealpost.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.element.Paragraph;
import org.sealpost.core.seal.SealFile;
import org.sealpost.core.seal.SealProblem;
import org.sealpost.core.seal.SealVerificationReport;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Seal lifecycle (issue 4 items 2-6): request, review, activation with the custodian's PIN,
 * stamping and verifying PDF and OFD, five wrong PINs, custody transfer with the director's
 * approval, loss report revoking at once, destruction; and every refusal, C02 included. On H2 and
 * PostgreSQL.
 */
class SealsIT {

    static final String PIN = "31415926";

    @SpringBootTest
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    @Import(TestClock.Config.class)
    abstract static class Behaviour {

        @Autowired
        MockMvc mvc;

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        SealRegister register;

        @Autowired
        RequestingSeals requesting;

        @Autowired
        ActivatingSeals activating;

        @Autowired
        StampingDocuments stamping;

        @Autowired
        SealCustody custody;

        @Autowired
        TestClock clock;

        @Autowired
        org.sealpost.server.pki.SystemCa ca;

        TestAccounts accounts;
        SignedInUser icbcAdmin;
        SignedInUser icbcA;
        SignedInUser icbcB;
        SignedInUser cmbA;
        SignedInUser officeStaff;
        SignedInUser director;
        SignedInUser secAdmin;

        @BeforeEach
        void people() {
            clock.reset();
            accounts = new TestAccounts(jdbc);
            accounts.standardUnits();
            icbcAdmin = user("seal-icbc-admin", "ICBC-ZJ", Role.UNIT_ADMIN);
            icbcA = user("seal-icbc-a", "ICBC-ZJ", Role.OPERATOR_A);
            icbcB = user("seal-icbc-b", "ICBC-ZJ", Role.OPERATOR_B);
            cmbA = user("seal-cmb-a", "CMB-HZ", Role.OPERATOR_A);
            officeStaff = user("seal-office-staff", "ZJBRC-OFFICE", Role.OFFICE_STAFF);
            director = user("seal-office-director", "ZJBRC-OFFICE", Role.OFFICE_DIRECTOR);
            secAdmin = user("seal-secadmin", "ZJBRC", Role.SECURITY_ADMIN);
        }

        SignedInUser user(String username, String unitCode, Role... roles) {
            long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
            List<Long> ids = jdbc.queryForList("SELECT id FROM account WHERE username = ?", Long.class, username);
            long id = ids.isEmpty() ? accounts.account(username, unitCode, roles) : ids.get(0);
            return new SignedInUser(id, username, "测试 " + username, unitId, unitCode, Set.of(roles));
        }

        static RequestPostProcessor as(SignedInUser user) {
            var authorities = user.roles().stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                    .toList();
            return SecurityMockMvcRequestPostProcessors.authentication(
                    new UsernamePasswordAuthenticationToken(user, null, authorities));
        }

        /** Requested through the page, approved by the office, activated by the custodian: an active seal. */
        String activeSeal() throws Exception {
            String location = mvc.perform(multipart("/seals/requests")
                            .param("centreText", "业务专用章")
                            .param("custodian", icbcA.username())
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection())
                    .andReturn()
                    .getResponse()
                    .getRedirectedUrl();
            String sealId = location.substring("/seals/".length());
            assertThat(register.find(sealId).orElseThrow().state()).isEqualTo(SealState.REQUESTED);
            mvc.perform(post("/seals/" + sealId + "/approve")
                            .with(as(officeStaff))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            mvc.perform(post("/seals/" + sealId + "/activate")
                            .param("pin", PIN)
                            .param("confirm", PIN)
                            .with(as(icbcA))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(register.find(sealId).orElseThrow().state()).isEqualTo(SealState.ACTIVE);
            return sealId;
        }

        byte[] stampPdf(SignedInUser who, String sealId, String pin, byte[] pdf, int expectedStatus) throws Exception {
            return mvc.perform(multipart("/seals/stamp")
                            .file(new MockMultipartFile("document", "notice.pdf", "application/pdf", pdf))
                            .param("sealId", sealId)
                            .param("pin", pin)
                            .param("page", "1")
                            .param("x", "120")
                            .param("y", "40")
                            .with(as(who))
                            .with(csrf()))
                    .andExpect(status().is(expectedStatus))
                    .andReturn()
                    .getResponse()
                    .getContentAsByteArray();
        }

        @Test
        void requestReviewActivateStampAndVerifyAPdf() throws Exception {
            String sealId = activeSeal();
            SealView seal = register.find(sealId).orElseThrow();
            assertThat(seal.name()).isEqualTo("中国工商银行浙江省分行业务专用章");
            assertThat(seal.certificateSerial()).isNotBlank();

            // the office reviews the rendered seal inside the page; an operator who is not the custodian sees no
            // picture
            mvc.perform(get("/seals/" + sealId).with(as(officeStaff)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("data:image/png;base64,")));
            mvc.perform(get("/seals/" + sealId).with(as(icbcB)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(not(containsString("data:image/png"))));

            byte[] stamped = stampPdf(icbcA, sealId, PIN, pdf(), 200);
            assertThat(new String(stamped, 0, 5)).isEqualTo("%PDF-");
            SealVerificationReport report = stamping.verify(stamped);
            assertThat(report.valid()).as(report.toString()).isTrue();
            assertThat(report.stamps())
                    .singleElement()
                    .satisfies(s -> assertThat(s.sealId()).isEqualTo(sealId));
            mvc.perform(multipart("/seals/verify")
                            .file(new MockMultipartFile("document", "stamped.pdf", "application/pdf", stamped))
                            .with(as(cmbA))
                            .with(csrf()))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("alert-success")))
                    .andExpect(content().string(containsString(sealId)));

            // a byte edit after stamping fails verification (inside the first revision's objects)
            byte[] edited = stamped.clone();
            int at = indexOf(edited, "/MediaBox".getBytes());
            edited[at + 1] = 'N';
            assertThat(stamping.verify(edited).valid()).isFalse();

            // an incremental update that adds page content after stamping fails verification too
            byte[] appended;
            try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(stamped)) {
                PDPage first = doc.getPage(0);
                try (PDPageContentStream cs =
                        new PDPageContentStream(doc, first, PDPageContentStream.AppendMode.APPEND, true)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                    cs.newLineAtOffset(72, 700);
                    cs.showText("Amount: 1,000,000");
                    cs.endText();
                }
                first.getCOSObject().setNeedToBeUpdated(true);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.saveIncremental(out);
                appended = out.toByteArray();
            }
            SealVerificationReport changed = stamping.verify(appended);
            assertThat(changed.valid()).isFalse();
            assertThat(changed.problemCodes()).contains(SealProblem.MODIFIED_AFTER_STAMPING);

            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM audit_event WHERE event_type = 'SEAL_STAMPED' AND object_ref = ?",
                            Integer.class,
                            sealId))
                    .isEqualTo(1);
        }

        @Test
        void stampsAndVerifiesAnOfdAndAModifiedOfdFails(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            String sealId = activeSeal();
            Path ofd = dir.resolve("notice.ofd");
            try (OFDDoc doc = new OFDDoc(ofd)) {
                doc.add(new Paragraph("关于做好电子公文传输工作的通知", 6d));
                doc.add(new Paragraph("各银行业金融机构：请按时签收。", 4d));
            }
            byte[] stamped = stamping.stamp(icbcA, sealId, PIN.toCharArray(), Files.readAllBytes(ofd), 1, 60, 60);
            assertThat(stamping.verify(stamped).valid()).isTrue();

            Path stampedFile = dir.resolve("stamped.ofd");
            Files.write(stampedFile, stamped);
            Path modified = dir.resolve("modified.ofd");
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(stampedFile));
                    var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(modified))) {
                for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    byte[] body = in.readAllBytes();
                    if (e.getName().endsWith("Content.xml") && e.getName().contains("Page")) {
                        body = new String(body, java.nio.charset.StandardCharsets.UTF_8)
                                .replace("签收", "退回")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    out.write(body);
                    out.closeEntry();
                }
            }
            assertThat(stamping.verify(Files.readAllBytes(modified)).valid()).isFalse();
        }

        @Test
        void fiveWrongSealPinsLockTheSealUntilTheSecurityAdminUnlocksIt() throws Exception {
            String sealId = activeSeal();
            byte[] pdf = pdf();
            for (int i = 1; i < 5; i++) {
                stampPdf(icbcA, sealId, "00000000", pdf, 422);
            }
            String page =
                    new String(stampPdf(icbcA, sealId, "00000000", pdf, 422), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(page).contains("locked");
            stampPdf(icbcA, sealId, PIN, pdf, 422);
            assertThat(register.find(sealId).orElseThrow().locked()).isTrue();

            mvc.perform(post("/seals/" + sealId + "/reset").with(as(icbcAdmin)).with(csrf()))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/seals/" + sealId + "/reset").with(as(secAdmin)).with(csrf()))
                    .andExpect(status().is3xxRedirection());
            stampPdf(icbcA, sealId, PIN, pdf, 200);
        }

        @Test
        void onlyTheCustodianOfAnActiveSealOfItsOwnUnitStamps() throws Exception {
            String sealId = activeSeal();
            byte[] pdf = pdf();
            // another unit cannot see or use it (C02): as if it did not exist
            stampPdf(cmbA, sealId, PIN, pdf, 404);
            mvc.perform(get("/seals/" + sealId).with(as(cmbA))).andExpect(status().isNotFound());
            mvc.perform(get("/seals").with(as(cmbA)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(not(containsString(sealId))));
            // the same unit, not the custodian
            stampPdf(icbcB, sealId, PIN, pdf, 403);
            // blank page, not a document
            stampPdf(icbcA, sealId, PIN, blankPdf(), 422);
            stampPdf(icbcA, sealId, PIN, "hello".getBytes(), 422);

            // a seal whose request is not approved
            String requested = requesting.request(icbcAdmin, "公章", icbcA.username(), null, null);
            String page =
                    new String(stampPdf(icbcA, requested, PIN, pdf, 422), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(page).contains("not-active.REQUESTED");
            // a rejected one needs a reason, and stays unusable
            mvc.perform(post("/seals/" + requested + "/reject")
                            .with(as(officeStaff))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent());
            mvc.perform(post("/seals/" + requested + "/reject")
                            .param("reason", "印模不清晰")
                            .with(as(officeStaff))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(register.find(requested).orElseThrow().state()).isEqualTo(SealState.REJECTED);
            // only the office reviews; its home page lists the request
            String another = requesting.request(icbcAdmin, "公章", icbcA.username(), null, null);
            mvc.perform(get("/").with(as(officeStaff)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString(another)));
            mvc.perform(post("/seals/" + another + "/approve")
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().isForbidden());

            // an expired seal
            clock.advance(Duration.ofDays(731));
            String expired =
                    new String(stampPdf(icbcA, sealId, PIN, pdf, 422), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(expired).contains("expired");
        }

        @Test
        void uploadedImagesAreCheckedAndOnlyUnitAdminsRequest() throws Exception {
            mvc.perform(multipart("/seals/requests")
                            .file(new MockMultipartFile(
                                    "image", "seal.png", "image/png", "not an image at all".getBytes()))
                            .param("custodian", icbcA.username())
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().string(containsString("image.IMAGE_NOT_PNG_OR_JPEG")));
            byte[] huge = new byte[3 * 1024 * 1024];
            huge[0] = (byte) 0x89;
            huge[1] = 'P';
            huge[2] = 'N';
            huge[3] = 'G';
            mvc.perform(multipart("/seals/requests")
                            .file(new MockMultipartFile("image", "seal.png", "image/png", huge))
                            .param("custodian", icbcA.username())
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().string(containsString("image.IMAGE_TOO_LARGE")));
            mvc.perform(multipart("/seals/requests")
                            .file(new MockMultipartFile("image", "seal.png", "image/png", png()))
                            .param("custodian", icbcA.username())
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            mvc.perform(multipart("/seals/requests")
                            .param("custodian", icbcA.username())
                            .with(as(icbcA))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
        }

        @Test
        void custodyTransferNeedsTheDirectorAndIsRegistered() throws Exception {
            String sealId = activeSeal();
            mvc.perform(post("/seals/" + sealId + "/transfer")
                            .param("toUser", icbcB.username())
                            .param("reason", "岗位调整")
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            long transfer =
                    jdbc.queryForObject("SELECT max(id) FROM seal_transfer WHERE seal_id = ?", Long.class, sealId);
            mvc.perform(post("/seals/transfers/" + transfer + "/approve")
                            .with(as(officeStaff))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
            assertThat(register.find(sealId).orElseThrow().custodian()).isEqualTo(icbcA.username());
            mvc.perform(post("/seals/transfers/" + transfer + "/approve")
                            .with(as(director))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(register.find(sealId).orElseThrow().custodian()).isEqualTo(icbcB.username());
            assertThat(register.transfers(officeStaff)).anySatisfy(t -> {
                assertThat(t.sealId()).isEqualTo(sealId);
                assertThat(t.from()).isEqualTo(icbcA.username());
                assertThat(t.to()).isEqualTo(icbcB.username());
                assertThat(t.reason()).isEqualTo("岗位调整");
                assertThat(t.approver()).isEqualTo(director.username());
                assertThat(t.decidedAt()).isNotNull();
            });
            // the old custodian can no longer stamp; the new one (given the PIN in person) can and changes it
            stampPdf(icbcA, sealId, PIN, pdf(), 403);
            mvc.perform(post("/seals/" + sealId + "/pin")
                            .param("oldPin", PIN)
                            .param("pin", "27182818")
                            .param("confirm", "27182818")
                            .with(as(icbcB))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            stampPdf(icbcB, sealId, "27182818", pdf(), 200);
            mvc.perform(get("/seals").with(as(director)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString(sealId)));
        }

        @Test
        void aLossReportRevokesAtOnceAndLaterStampsFailVerification() throws Exception {
            String sealId = activeSeal();
            byte[] before = stampPdf(icbcA, sealId, PIN, pdf(), 200);

            // a unit-held seal file of the same unit, to stamp offline after the revocation
            String heldId = requesting.createRequest(
                    new org.sealpost.server.unit.UnitRef(icbcA.unitId(), "ICBC-ZJ", "中国工商银行浙江省分行", null),
                    "合同专用章",
                    icbcA.username(),
                    null,
                    "test",
                    null);
            requesting.review(register.find(heldId).orElseThrow(), SealState.APPROVED, "test", null);
            byte[] file = activating.activateUnitHeld(register.find(heldId).orElseThrow(), PIN.toCharArray(), "test");

            mvc.perform(post("/seals/" + heldId + "/incident")
                            .param("kind", "LOSS")
                            .param("reason", "U盾遗失")
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent());
            clock.advance(Duration.ofMinutes(5));
            mvc.perform(post("/seals/" + heldId + "/incident")
                            .param("kind", "LOSS")
                            .param("reason", "U盾遗失")
                            .param("handling", "已报告并注销")
                            .param("measures", "加强U盾保管")
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(register.find(heldId).orElseThrow().state()).isEqualTo(SealState.REVOKED);
            // the seal certificate is in the CRL too, for offline verifiers (sealpost verify --server)
            assertThat(ca.crl()
                            .getRevokedCertificate(new java.math.BigInteger(
                                    register.find(heldId).orElseThrow().certificateSerial(), 16)))
                    .isNotNull();

            clock.advance(Duration.ofMinutes(5));
            byte[] after;
            try (SealFile held = SealFile.open(file, PIN.toCharArray(), "held", new java.security.SecureRandom())) {
                after = stamping.stampWith(
                        StampingDocuments.DocumentType.PDF, pdf(), held.record(), held.sealKey(), 1, 120, 40);
            }
            SealVerificationReport report = stamping.verify(after);
            assertThat(report.valid()).isFalse();
            assertThat(report.problemCodes()).contains(SealProblem.SEAL_REVOKED);
            // the server-held seal was not revoked: its earlier stamp still verifies
            assertThat(stamping.verify(before).valid()).isTrue();

            // the issuer destroys the revoked seal, recorded
            mvc.perform(post("/seals/" + heldId + "/destroy")
                            .with(as(icbcAdmin))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/seals/" + heldId + "/destroy")
                            .with(as(officeStaff))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(register.find(heldId).orElseThrow().state()).isEqualTo(SealState.DESTROYED);
            assertThat(jdbc.queryForObject(
                            "SELECT destroyed_by FROM seal_incident WHERE seal_id = ?", String.class, heldId))
                    .isEqualTo(officeStaff.username());
            assertThat(register.history(officeStaff, heldId))
                    .extracting(SealRegister.HistoryEntry::event)
                    .contains("SEAL_REQUESTED", "SEAL_APPROVED", "SEAL_ACTIVATED", "SEAL_REVOKED", "SEAL_DESTROYED");

            // revoking the server-held seal: stamping is refused from then on
            custody.reportIncident(icbcAdmin, sealId, "DAMAGE", "损坏", "已注销", "定期检查");
            stampPdf(icbcA, sealId, PIN, pdf(), 422);
            assertThatThrownBy(() -> stamping.stamp(icbcA, sealId, PIN.toCharArray(), pdf(), 1, 120, 40))
                    .isInstanceOfSatisfying(
                            SealRefused.class, e -> assertThat(e.code()).isEqualTo("not-active.REVOKED"));
        }

        @Test
        void theCustodianCanTakeTheSealAsAUnitHeldFileOnceAndStampOffline() throws Exception {
            String sealId = requesting.request(icbcAdmin, "合同专用章", icbcA.username(), null, null);
            requesting.approve(officeStaff, sealId);
            byte[] file = mvc.perform(post("/seals/" + sealId + "/activate")
                            .param("pin", PIN)
                            .param("confirm", PIN)
                            .param("holding", "UNIT")
                            .with(as(icbcA))
                            .with(csrf()))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("application/x-pkcs12"))
                    .andReturn()
                    .getResponse()
                    .getContentAsByteArray();
            SealView seal = register.find(sealId).orElseThrow();
            assertThat(seal.state()).isEqualTo(SealState.ACTIVE);
            assertThat(seal.holding()).isEqualTo("UNIT");
            assertThat(jdbc.queryForObject("SELECT token_id FROM seal WHERE seal_id = ?", String.class, sealId))
                    .isNull();
            mvc.perform(post("/seals/" + sealId + "/activate")
                            .param("pin", PIN)
                            .param("confirm", PIN)
                            .param("holding", "UNIT")
                            .with(as(icbcA))
                            .with(csrf()))
                    .andExpect(status().isUnprocessableContent());
            byte[] stamped;
            try (SealFile held = SealFile.open(file, PIN.toCharArray(), "held", new java.security.SecureRandom())) {
                stamped = stamping.stampWith(
                        StampingDocuments.DocumentType.PDF, pdf(), held.record(), held.sealKey(), 1, 120, 40);
            }
            assertThat(stamping.verify(stamped).valid()).isTrue();
            // the server holds no key for it: server-side stamping is refused
            stampPdf(icbcA, sealId, PIN, pdf(), 422);
        }

        @Test
        void aRevokedSealIsReplacedByANewRequest() throws Exception {
            String sealId = activeSeal();
            assertThatThrownBy(() -> requesting.request(icbcAdmin, "公章", icbcA.username(), null, sealId))
                    .isInstanceOfSatisfying(
                            SealRefused.class, e -> assertThat(e.code()).isEqualTo("replace-active"));
            custody.reportIncident(icbcA, sealId, "LOSS", "遗失", "已注销", "专人保管");
            SignedInUser cmbAdmin = user("seal-cmb-admin", "CMB-HZ", Role.UNIT_ADMIN);
            assertThatThrownBy(() -> requesting.request(cmbAdmin, "公章", "seal-cmb-a", null, sealId))
                    .isInstanceOfSatisfying(
                            SealRefused.class, e -> assertThat(e.code()).isEqualTo("not-found"));
            String replacement = requesting.request(icbcAdmin, "业务专用章", icbcA.username(), null, sealId);
            assertThat(register.find(replacement).orElseThrow().replaces()).isEqualTo(sealId);
            assertThat(register.find(replacement).orElseThrow().state()).isEqualTo(SealState.REQUESTED);
        }

        static byte[] pdf() throws Exception {
            try (PDDocument doc = new PDDocument()) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                    cs.newLineAtOffset(72, 760);
                    cs.showText("Notice on the electronic exchange of official documents");
                    cs.endText();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.save(out);
                return out.toByteArray();
            }
        }

        static byte[] blankPdf() throws Exception {
            try (PDDocument doc = new PDDocument()) {
                doc.addPage(new PDPage(PDRectangle.A4));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.save(out);
                return out.toByteArray();
            }
        }

        static byte[] png() throws Exception {
            var image = new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            var g = image.createGraphics();
            g.setColor(java.awt.Color.RED);
            g.drawOval(10, 10, 180, 180);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        }

        static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new AssertionError("not found");
        }
    }

    @Nested
    class OnH2 extends Behaviour {}

    @Nested
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
