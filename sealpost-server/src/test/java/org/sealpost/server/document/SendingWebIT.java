package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.server.document.DocumentFixtures.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The sending pages (document/web) through MockMvc on the demo units, people, keys and seals:
 * compose, body and attachments, resolved scope and its errors, approval with separation of
 * duties, seal placement and preview images, the explicit confirmation and the one-time send key
 * (a double click sends once), tracking, 催办, recall, information requests; CSRF and escaping.
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class SendingWebIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    DocumentFixtures f;
    SignedInUser office;
    SignedInUser lawStaff;
    SignedInUser lawHead;
    SignedInUser icbcA;
    SignedInUser cmbA;

    @BeforeEach
    void people() {
        f = new DocumentFixtures(mvc, jdbc);
        office = f.user("zjbrc-office-staff");
        lawStaff = f.user("zjbrc-law-staff");
        lawHead = f.user("zjbrc-law-head");
        icbcA = f.user("icbc-zj-a");
        cmbA = f.user("cmb-hz-a");
    }

    record Page(int status, String html, String location, byte[] bytes) {}

    <B extends AbstractMockHttpServletRequestBuilder<B>> Page perform(SignedInUser who, B request) throws Exception {
        MvcResult r = mvc.perform(request.with(as(who))).andReturn();
        return new Page(
                r.getResponse().getStatus(),
                r.getResponse().getContentAsString(StandardCharsets.UTF_8),
                r.getResponse().getRedirectedUrl(),
                r.getResponse().getContentAsByteArray());
    }

    Page page(SignedInUser who, String path) throws Exception {
        return perform(who, get(path));
    }

    /** Posts the compose form; returns the new draft's id (from the redirect). */
    String draft(SignedInUser who, String type, String title, String... to) throws Exception {
        MockHttpServletRequestBuilder request = post("/documents")
                .with(csrf())
                .param("type", type)
                .param("title", title)
                .param("urgency", "URGENT")
                .param("printCopies", "3")
                .param("printSuccess", "1")
                .param("cc", "");
        for (String t : to) {
            request.param("to", t);
        }
        Page p = perform(who, request);
        assertThat(p.status()).as(p.html()).isEqualTo(302);
        assertThat(p.location()).startsWith("/documents/").endsWith("?saved");
        return p.location().substring("/documents/".length(), p.location().indexOf('?'));
    }

    Page upload(SignedInUser who, String id, byte[] content, String name) throws Exception {
        return perform(
                who,
                multipart("/documents/" + id + "/body")
                        .file(new MockMultipartFile("file", name, "application/pdf", content))
                        .with(csrf()));
    }

    int previewed(String id) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE event_type = 'DOCUMENT_PREVIEWED' AND object_ref = ?",
                Integer.class,
                id);
    }

    Page send(SignedInUser who, String id, String key) throws Exception {
        return perform(
                who,
                post("/documents/" + id + "/send")
                        .with(csrf())
                        .param("confirm", "true")
                        .param("idempotencyKey", key)
                        .param("pin", f.unitPin(who.unitCode())));
    }

    @Test
    void bureauDocumentIsComposedSealedPreviewedConfirmedAndSentOnceThoughClickedTwice() throws Exception {
        Page form = page(office, "/documents/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.html()).contains("拟稿", "局发文", "发文字号", "平件", "急件", "特急", "主送", "抄送", "签发人", "附注");
        assertThat(form.html()).contains("name=\"printCopies\"", "value=\"3\"", "纸质原件随后寄送");

        String id = draft(office, "BUREAU_DOC", "关于做好电子公文传输工作的通知", "ICBC-ZJ", "CMB-HZ");
        Page compose = page(office, "/documents/" + id + "?saved");
        assertThat(compose.html()).contains("草稿已保存").containsPattern("浙银监发〔\\d{4}〕\\d+号");
        assertThat(compose.html()).contains("共 2 个单位", "中国工商银行");

        assertThat(upload(office, id, DocumentFixtures.pdf("Notice on electronic exchange"), "正文.pdf")
                        .location())
                .isEqualTo("/documents/" + id + "?uploaded");
        Page attached = perform(
                office,
                multipart("/documents/" + id + "/attachments")
                        .file(new MockMultipartFile(
                                "file", "名单.txt", "text/plain", "名单".getBytes(StandardCharsets.UTF_8)))
                        .param("description", "附件：参会名单")
                        .with(csrf()));
        assertThat(attached.status()).isEqualTo(302);
        assertThat(page(office, "/documents/" + id).html()).contains("名单.txt", "附件：参会名单", "正文.pdf");

        // preview before sealing: not yet (the send form is absent, the page says why)
        Page notSealed = page(office, "/documents/" + id + "/send");
        assertThat(notSealed.html()).contains("本文须先盖章才能发送").doesNotContain("id=\"send-form\"");
        assertThat(send(office, id, UUID.randomUUID().toString()).status()).isEqualTo(409);

        // the signer is recorded by the office; the seal page proposes the lower right of the last page
        assertThat(perform(
                                office,
                                post("/documents/" + id + "/signer")
                                        .with(csrf())
                                        .param("signer", "张局长"))
                        .status())
                .isEqualTo(302);
        Page seal = page(office, "/documents/" + id + "/seal");
        assertThat(seal.html()).contains("印章位置预览", "id=\"seal-x\"", "value=\"142\"", "value=\"195\"");
        Page marked = page(office, "/documents/" + id + "/pages/1?markX=142&markY=195");
        assertThat(marked.status()).isEqualTo(200);
        assertThat(marked.bytes()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

        // wrong seal PIN: shown on the seal page, counted by the seal
        Page wrong = perform(
                office,
                post("/documents/" + id + "/seal")
                        .with(csrf())
                        .param("sealId", f.sealId("ZJBRC-OFFICE"))
                        .param("pin", "00000000")
                        .param("page", "1")
                        .param("x", "142")
                        .param("y", "195"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.html()).contains("印章PIN码错误", "attempt(s) left");
        Page sealed = perform(
                office,
                post("/documents/" + id + "/seal")
                        .with(csrf())
                        .param("sealId", f.sealId("ZJBRC-OFFICE"))
                        .param("pin", f.sealPin("ZJBRC-OFFICE"))
                        .param("page", "1")
                        .param("x", "142")
                        .param("y", "195"));
        assertThat(sealed.location()).isEqualTo("/documents/" + id + "/send?sealed");

        int previewedBefore = previewed(id);
        Page preview = page(office, "/documents/" + id + "/send");
        assertThat(preview.html())
                .contains("收文单位将看到的页面", "/documents/" + id + "/pages/1", "共 2 个单位", "id=\"send-confirm\"")
                .containsPattern("name=\"idempotencyKey\" value=\"[0-9a-f-]{36}\"");
        // the preview is audited once (L01); its page images add no row each
        assertThat(previewed(id)).isEqualTo(previewedBefore + 1);
        assertThat(page(office, "/documents/" + id + "/pages/1").status()).isEqualTo(200);
        assertThat(page(office, "/documents/" + id + "/pages/1").status()).isEqualTo(200);
        assertThat(previewed(id)).isEqualTo(previewedBefore + 1);
        assertThat(page(cmbA, "/documents/" + id + "/pages/1").status()).isEqualTo(404);

        // no confirmation → refused on the page, nothing sent
        Page unconfirmed = perform(
                office,
                post("/documents/" + id + "/send")
                        .with(csrf())
                        .param("idempotencyKey", UUID.randomUUID().toString())
                        .param("pin", f.unitPin("ZJBRC-OFFICE")));
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.html()).contains("请勾选确认");
        // a double click: the same one-time key twice → both land on tracking, one send
        String key = UUID.randomUUID().toString();
        Page first = send(office, id, key);
        Page second = send(office, id, key);
        assertThat(first.location()).isEqualTo("/documents/" + id + "/tracking");
        assertThat(second.location()).isEqualTo("/documents/" + id + "/tracking");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM document_event WHERE document_id = ? AND event = 'SENT'",
                        Integer.class,
                        id))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ?", Integer.class, id))
                .isEqualTo(2);

        Page tracking = page(office, "/documents/" + id + "/tracking");
        assertThat(tracking.html())
                .contains("发文跟踪", "已送达", "中国工商银行", "hx-trigger=\"every 5s, sse:delivery-changed\"", "催办", "撤回")
                .contains("data-confirm=\"撤回不可恢复");
        assertThat(page(office, "/documents/" + id + "/tracking/rows?state=SIGNED")
                        .html())
                .contains("没有符合条件的单位")
                .doesNotContain("data-unit=");
        assertThat(page(office, "/documents/" + id + "/tracking/rows?state=DELIVERED")
                        .html())
                .contains("data-unit=\"ICBC-ZJ\"", "data-unit=\"CMB-HZ\"");
        Page reminded = perform(
                office, post("/documents/" + id + "/remind").with(csrf()).param("unit", "ICBC-ZJ"));
        assertThat(reminded.status()).isEqualTo(302);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM delivery_event WHERE document_id = ? AND event = 'REMINDED'",
                        Integer.class,
                        id))
                .isEqualTo(1);
        // recall needs a reason
        Page noReason = perform(
                office, post("/documents/" + id + "/recall").with(csrf()).param("pin", f.unitPin("ZJBRC-OFFICE")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.html()).contains("请填写理由");
        Page recalled = perform(
                office,
                post("/documents/" + id + "/recall")
                        .with(csrf())
                        .param("reason", "文号有误")
                        .param("pin", f.unitPin("ZJBRC-OFFICE")));
        assertThat(recalled.status()).isEqualTo(302);
        assertThat(jdbc.queryForObject("SELECT state FROM document WHERE id = ?", String.class, id))
                .isEqualTo("RECALLED");
    }

    @Test
    void departmentNoticeNeedsTheHeadsApprovalAndTheDrafterCannotApprove() throws Exception {
        String id = draft(lawStaff, "DEPT_NOTICE", "关于报送2026年法规工作总结的通知", "ICBC-ZJ");
        upload(lawStaff, id, DocumentFixtures.pdf("Please report"), "通知.pdf");
        Page compose = page(lawStaff, "/documents/" + id);
        assertThat(compose.html()).contains("提交审批").doesNotContain("id=\"go-seal\"");
        // sending before approval is refused
        assertThat(page(lawStaff, "/documents/" + id + "/send").html()).contains("须经处室负责人审批");
        Page early = send(lawStaff, id, UUID.randomUUID().toString());
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.html()).contains("须经处室负责人审批后才能发送");

        assertThat(perform(lawStaff, post("/documents/" + id + "/submit").with(csrf()))
                        .location())
                .isEqualTo("/documents");
        assertThat(page(lawStaff, "/documents").html()).contains("待审批");

        // the head sees it in 待审批, with rendered pages and the decision buttons
        assertThat(page(lawHead, "/").html()).contains("有 1 份文件待您审批");
        assertThat(page(lawHead, "/documents/approvals").html()).contains("关于报送2026年法规工作总结的通知");
        Page review = page(lawHead, "/documents/" + id + "/review");
        assertThat(review.html())
                .contains("id=\"approve\"", "id=\"reject\"", "/documents/" + id + "/pages/1", "共 1 个单位");
        Page image = page(lawHead, "/documents/" + id + "/pages/1");
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.bytes()).startsWith((byte) 0x89, (byte) 'P');
        assertThat(page(lawHead, "/documents/" + id + "/pages/9").status()).isEqualTo(404);
        assertThat(page(icbcA, "/documents/" + id + "/review").status()).isEqualTo(404);

        // the drafter: no buttons, and the server refuses
        Page own = page(lawStaff, "/documents/" + id + "/review");
        assertThat(own.html()).doesNotContain("id=\"approve\"").contains("拟稿人不能审批");
        Page selfApproval =
                perform(lawStaff, post("/documents/" + id + "/approve").with(csrf()));
        assertThat(selfApproval.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT state FROM document WHERE id = ?", String.class, id))
                .isEqualTo("PENDING_APPROVAL");

        // a rejection needs a reason
        Page noReason = perform(lawHead, post("/documents/" + id + "/reject").with(csrf()));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.html()).contains("请填写理由");
        assertThat(perform(lawHead, post("/documents/" + id + "/approve").with(csrf()))
                        .location())
                .isEqualTo("/documents/approvals");

        Page preview = page(lawStaff, "/documents/" + id + "/send");
        assertThat(preview.html()).contains("id=\"send-form\"", "已审批");
        assertThat(send(lawStaff, id, UUID.randomUUID().toString()).location())
                .isEqualTo("/documents/" + id + "/tracking");
        assertThat(page(lawStaff, "/documents/" + id + "/tracking").html()).contains("已送达", "中国工商银行");
    }

    @Test
    void scopeErrorsAndRefusalsAreShownOnTheFormWithTheReason() throws Exception {
        // empty scope: saved, but the final list says why it cannot go
        String id = draft(office, "BUREAU_OTHER", "无主送的材料");
        assertThat(page(office, "/documents/" + id).html()).contains("发送范围为空");
        // unknown recipient: refused, the form keeps what was typed
        Page unknown = perform(
                office,
                post("/documents/" + id)
                        .with(csrf())
                        .param("type", "BUREAU_OTHER")
                        .param("title", "改过的标题")
                        .param("to", "NO-SUCH-UNIT")
                        .param("cc", ""));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.html()).contains("发送范围中有未知的单位或分组", "NO-SUCH-UNIT", "value=\"改过的标题\"");
        // a category resolves to its units (count and names shown)
        perform(
                office,
                post("/documents/" + id)
                        .with(csrf())
                        .param("title", "无主送的材料")
                        .param("to", "STATE_OWNED_BANK")
                        .param("cc", ""));
        assertThat(page(office, "/documents/" + id).html())
                .containsPattern("共 \\d+ 个单位")
                .contains("中国工商银行");
        // a body that is neither PDF nor OFD: the reason
        Page bad = upload(office, id, "just text".getBytes(StandardCharsets.UTF_8), "正文.pdf");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.html()).contains("正文须为 PDF 或 OFD 文件");
        // a scan (no text): the confirmation box appears; sending waits for it
        upload(office, id, blankPdf(), "扫描件.pdf");
        assertThat(page(office, "/documents/" + id).html()).contains("本文件为扫描件，确认不含密级标志");
        Page unconfirmed = send(office, id, UUID.randomUUID().toString());
        assertThat(unconfirmed.status()).isEqualTo(409);
        assertThat(unconfirmed.html()).contains("正文没有可提取的文字（扫描件）");
        Page unticked = perform(
                office, post("/documents/" + id + "/no-text-confirmation").with(csrf()));
        assertThat(unticked.status()).isEqualTo(400);
        assertThat(unticked.html()).contains("请先勾选确认不含密级标志", "id=\"no-text-confirm\"");
        perform(
                office,
                post("/documents/" + id + "/no-text-confirmation").with(csrf()).param("confirm", "true"));
        assertThat(page(office, "/documents/" + id).html())
                .contains("已确认：扫描件不含密级标志")
                .doesNotContain("id=\"no-text-confirm\"");
        assertThat(send(office, id, UUID.randomUUID().toString()).location())
                .isEqualTo("/documents/" + id + "/tracking");
        // a duplicate number
        String numbered = draft(office, "BUREAU_OTHER", "有文号的材料", "ICBC-ZJ");
        perform(
                office,
                post("/documents/" + numbered)
                        .with(csrf())
                        .param("title", "有文号的材料")
                        .param("to", "ICBC-ZJ")
                        .param("docNo", "浙银监材〔2026〕1号"));
        Page dup = perform(
                office,
                post("/documents")
                        .with(csrf())
                        .param("type", "BUREAU_OTHER")
                        .param("title", "另一份")
                        .param("docNo", "浙银监材〔2026〕1号"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.html()).contains("发文字号已被本单位其他文件使用", "浙银监材〔2026〕1号");
        // English
        assertThat(page(office, "/documents/new?lang=en").html())
                .contains("Compose", "Bureau document", "Extra urgent");
    }

    @Test
    void classifiedTitleIsRefusedSayingWhatWasFoundAndWhere() throws Exception {
        Page refused = perform(
                office,
                post("/documents").with(csrf()).param("type", "BUREAU_OTHER").param("title", "关于某事项的通知（秘密★1年）"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.html()).contains("本系统不处理涉密文件", "秘密★1年", "title", "value=\"关于某事项的通知（秘密★1年）\"");
        // in an OFD's text: what and where (page, line)
        String id = draft(office, "BUREAU_OTHER", "检查工作的通知", "ICBC-ZJ");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sealpost-web-ofd");
        java.nio.file.Path ofd = dir.resolve("marked.ofd");
        try (org.ofdrw.layout.OFDDoc doc = new org.ofdrw.layout.OFDDoc(ofd)) {
            doc.add(new org.ofdrw.layout.element.Paragraph("关于检查工作的通知", 6d));
            doc.add(new org.ofdrw.layout.element.Paragraph("商密★5年", 4d));
        }
        Page marked = upload(office, id, java.nio.file.Files.readAllBytes(ofd), "正文.ofd");
        java.nio.file.Files.delete(ofd);
        java.nio.file.Files.delete(dir);
        assertThat(marked.status()).isEqualTo(422);
        assertThat(marked.html()).contains("本系统不处理涉密文件", "商密★5年", "page 1", "line");
        assertThat(page(office, "/documents/" + id).html()).contains("尚未上传正文");
    }

    /** A one-page PDF without any text, as a scanner without OCR makes it. */
    static byte[] blankPdf() throws Exception {
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            doc.addPage(new org.apache.pdfbox.pdmodel.PDPage(org.apache.pdfbox.pdmodel.common.PDRectangle.A4));
            var out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void titlesAreEscapedAndEveryPostNeedsTheCsrfToken() throws Exception {
        String id = draft(office, "BUREAU_OTHER", "<script>alert('x')</script>", "ICBC-ZJ");
        Page compose = page(office, "/documents/" + id);
        assertThat(compose.html()).doesNotContain("<script>alert").contains("&lt;script&gt;alert");
        assertThat(page(office, "/documents").html())
                .doesNotContain("<script>alert")
                .contains("&lt;script&gt;");
        for (String path : new String[] {
            "/documents",
            "/documents/" + id,
            "/documents/" + id + "/body",
            "/documents/" + id + "/attachments",
            "/documents/" + id + "/attachments/1/delete",
            "/documents/" + id + "/no-text-confirmation",
            "/documents/" + id + "/submit",
            "/documents/" + id + "/approve",
            "/documents/" + id + "/reject",
            "/documents/" + id + "/signer",
            "/documents/" + id + "/seal",
            "/documents/" + id + "/send",
            "/documents/" + id + "/remind",
            "/documents/" + id + "/recall",
            "/documents/" + id + "/void",
            "/documents/" + id + "/supplement",
            "/requests"
        }) {
            assertThat(perform(office, post(path)).status()).as(path).isEqualTo(403);
        }
        assertThat(jdbc.queryForObject("SELECT state FROM document WHERE id = ?", String.class, id))
                .isEqualTo("DRAFT");
    }

    @Test
    void aDepartmentOpensARequestAndABankAnswersIt() throws Exception {
        Page opened = perform(
                lawStaff,
                post("/requests")
                        .with(csrf())
                        .param("kind", "SURVEY")
                        .param("title", "关于信贷风险情况的调研")
                        .param("deadline", "2099-12-31T17:00")
                        .param("units", "ICBC-ZJ"));
        assertThat(opened.status()).as(opened.html()).isEqualTo(302);
        String path = opened.location();
        assertThat(page(lawStaff, path).html()).contains("关于信贷风险情况的调研", "调研", "中国工商银行", "已收到的答复");
        Page noDeadline = perform(
                lawStaff,
                post("/requests")
                        .with(csrf())
                        .param("kind", "SURVEY")
                        .param("title", "无截止")
                        .param("units", "ICBC-ZJ"));
        assertThat(noDeadline.status()).isEqualTo(400);
        assertThat(noDeadline.html()).contains("截止时间须晚于当前时间");

        Page asked = page(icbcA, path);
        assertThat(asked.html()).contains("撰写答复").doesNotContain("已收到的答复");
        assertThat(page(cmbA, path).status()).isEqualTo(404);
        long requestId = Long.parseLong(path.substring("/requests/".length()));
        Page answerForm = page(icbcA, "/documents/new?requestId=" + requestId);
        assertThat(answerForm.html()).contains("非正式公文材料（答复处室）", "value=\"" + requestId + "\"");
        // informal material without a request is refused
        Page unasked = perform(
                icbcA,
                post("/documents")
                        .with(csrf())
                        .param("type", "BANK_INFORMAL_REPLY")
                        .param("title", "未经征询的材料")
                        .param("to", "ZJBRC-LAW"));
        assertThat(unasked.status()).isEqualTo(400);
        assertThat(unasked.html()).contains("非正式材料只能答复处室发起的调研/信息报送");
        Page withRequest = perform(
                icbcA,
                post("/documents")
                        .with(csrf())
                        .param("type", "BANK_INFORMAL_REPLY")
                        .param("title", "工行关于信贷风险情况的报告")
                        .param("requestId", String.valueOf(requestId))
                        .param("to", "")
                        .param("cc", ""));
        assertThat(withRequest.status()).as(withRequest.html()).isEqualTo(302);
        String answerId = withRequest
                .location()
                .substring("/documents/".length(), withRequest.location().indexOf('?'));
        assertThat(page(icbcA, "/documents/" + answerId).html()).contains("共 1 个单位");
        // a draft is not an answer yet: the requesting department's page lists none
        assertThat(page(lawStaff, "/requests/" + requestId).html()).contains("id=\"no-answers\"");
    }
}
