package org.sealpost.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.server.inbox.InboxFixtures.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The receiving pages (收文) through MockMvc on the demo's units, keys and seals: the inbox with
 * urgent documents first, counts and filters; the delivery page's open, sign-for, return, controlled
 * printing (copy PDF once, results, the allowance refusal and the grey print offered), extra copies,
 * de-sealed download; refusals (wrong PIN, no reason, no confirmation, printing before signing,
 * another unit's delivery, a recalled one) and CSRF.
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class InboxWebIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    InboxFixtures f;
    SignedInUser icbcB;
    SignedInUser cmbB;
    SignedInUser office;

    @BeforeEach
    void people() {
        f = new InboxFixtures(mvc, jdbc);
        icbcB = f.user("icbc-zj-b");
        cmbB = f.user("cmb-hz-b");
        office = f.user(InboxFixtures.OFFICE);
    }

    record Page(int status, String body, String redirect, MockHttpServletResponse response) {}

    Page call(SignedInUser who, MockHttpServletRequestBuilder request) throws Exception {
        var r = mvc.perform(request.with(as(who))).andReturn().getResponse();
        return new Page(r.getStatus(), r.getContentAsString(StandardCharsets.UTF_8), r.getRedirectedUrl(), r);
    }

    Page form(SignedInUser who, String path, String... params) throws Exception {
        var request = post(path).with(csrf());
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return call(who, request);
    }

    int audits(String type, long deliveryId) {
        return f.count(
                "SELECT count(*) FROM audit_event WHERE event_type = ? AND (object_ref = ? OR object_ref LIKE ?)",
                type,
                "delivery:" + deliveryId,
                "delivery:" + deliveryId + "/%");
    }

    @Test
    void inboxListsUrgentFirstWithCountsFiltersAndTheHeaderBadge() throws Exception {
        String normal = f.send("普通通知甲", "NORMAL", 3, 1, List.of("ICBC-ZJ"));
        String urgent = f.send("紧急通知乙", "EXTRA_URGENT", 3, 1, List.of("ICBC-ZJ"));

        Page inbox = call(icbcB, get("/inbox"));
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.body()).contains("sse-connect=\"/inbox/stream\"", "hx-ext=\"sse\"", "id=\"nav-inbox\"");
        assertThat(inbox.body().indexOf("紧急通知乙"))
                .isPositive()
                .isLessThan(inbox.body().indexOf("普通通知甲"));
        assertThat(inbox.body()).containsPattern("未读 [0-9]+ 份");
        assertThat(inbox.body()).contains("id=\"inbox-unread\"");
        assertThat(inbox.body())
                .contains("/webjars/htmx-ext-sse/", "sse.js", "/js/inbox.js")
                .doesNotContain("<script>");

        // filters: by state and sender; the rows fragment is what the live stream re-fetches
        Page signedOnly = call(icbcB, get("/inbox/rows").param("state", "SIGNED"));
        assertThat(signedOnly.body()).doesNotContain("紧急通知乙").contains("id=\"inbox-list\"");
        Page bySender = call(icbcB, get("/inbox/rows").param("sender", "ZJBRC-OFFICE"));
        assertThat(bySender.body()).contains("紧急通知乙", "普通通知甲");
        Page otherSender = call(icbcB, get("/inbox/rows").param("sender", "CMB-HZ"));
        assertThat(otherSender.body()).doesNotContain("紧急通知乙");
        Page badState = call(icbcB, get("/inbox").param("state", "NONSENSE"));
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.body()).contains("id=\"inbox-error\"");
        Page badDate = call(icbcB, get("/inbox").param("from", "27/11/2026"));
        assertThat(badDate.status()).isEqualTo(400);

        // another unit's inbox never lists it
        assertThat(call(cmbB, get("/inbox")).body()).doesNotContain("紧急通知乙");

        // home page 待办
        Page home = call(icbcB, get("/"));
        assertThat(home.body()).contains("id=\"home-to-sign\"", "id=\"home-inbox-link\"");
        assertThat(f.deliveryId(normal, "ICBC-ZJ")).isPositive();
        assertThat(f.deliveryId(urgent, "ICBC-ZJ")).isPositive();
    }

    @Test
    void signPrintFailSucceedThenRefusedWithGreyPrintOffered() throws Exception {
        String doc = f.send("打印测试文件", "URGENT", 3, 1, List.of("ICBC-ZJ", "CMB-HZ"));
        long id = f.deliveryId(doc, "ICBC-ZJ");
        String pin = f.unitPin("ICBC-ZJ");

        Page page = call(icbcB, get("/inbox/" + id));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("打印测试文件", "id=\"sign-form\"", "id=\"open-form\"");

        // printing before signing is refused on the page
        Page early = form(icbcB, "/inbox/" + id + "/print", "pin", pin);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("请先签收再打印");

        // open with the PIN: the pages are watermarked images
        Page opened = form(icbcB, "/inbox/" + id + "/open", "pin", pin);
        assertThat(opened.redirect()).isEqualTo("/inbox/" + id);
        Page viewing = call(icbcB, get("/inbox/" + id));
        assertThat(viewing.body()).contains("/inbox/" + id + "/pages/1.png");
        Page png = call(icbcB, get("/inbox/" + id + "/pages/1.png"));
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.response().getContentType()).isEqualTo("image/png");

        // wrong PIN: refused with the tries left
        Page wrong = form(icbcB, "/inbox/" + id + "/sign", "pin", "000000");
        assertThat(wrong.status()).isBetween(400, 499);
        assertThat(wrong.body()).contains("id=\"pin-remaining\"");
        assertThat(audits("DELIVERY_SIGNED", id)).isEqualTo(1); // the refusal, audited once

        Page signed = form(icbcB, "/inbox/" + id + "/sign", "pin", pin);
        assertThat(signed.redirect()).isEqualTo("/inbox/" + id + "?done=signed");
        assertThat(f.count(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'DELIVERY_SIGNED' AND success = true"
                                + " AND object_ref = ?",
                        "delivery:" + id))
                .isEqualTo(1);
        assertThat(call(icbcB, get("/inbox/" + id)).body()).contains("id=\"print-form\"", "授权份数 3 份，可成功打印 1 份");

        // copy 000001: issued, its PDF once, reported failed
        Page first = form(icbcB, "/inbox/" + id + "/print", "pin", pin);
        assertThat(first.redirect()).isEqualTo("/inbox/" + id + "?issuedCopy=000001");
        Page issued = call(icbcB, get("/inbox/" + id).param("issuedCopy", "000001"));
        assertThat(issued.body()).contains("id=\"copy-download\"", "id=\"report-failed-000001\"");
        Page pdf = call(icbcB, get("/inbox/" + id + "/copies/000001.pdf"));
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.response().getContentType()).isEqualTo("application/pdf");
        assertThat(pdf.response().getHeader("X-Copy-Number")).isEqualTo("000001");
        assertThat(pdf.response().getContentAsByteArray()).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
        assertThat(call(icbcB, get("/inbox/" + id + "/copies/000001.pdf")).status())
                .isEqualTo(404); // once
        assertThat(call(cmbB, get("/inbox/" + id + "/copies/000001.pdf")).status())
                .isEqualTo(404);
        assertThat(form(icbcB, "/inbox/" + id + "/copies/000001/result", "result", "failed")
                        .redirect())
                .isEqualTo("/inbox/" + id + "?done=reported");
        // a result reported twice is refused
        Page twice = form(icbcB, "/inbox/" + id + "/copies/000001/result", "result", "ok");
        assertThat(twice.status()).isEqualTo(409);

        // copy 000002 succeeds
        assertThat(form(icbcB, "/inbox/" + id + "/print", "pin", pin).redirect())
                .isEqualTo("/inbox/" + id + "?issuedCopy=000002");
        assertThat(form(icbcB, "/inbox/" + id + "/copies/000002/result", "result", "ok")
                        .redirect())
                .endsWith("?done=reported");

        // a third attempt is refused with a clear message and the grey print is offered
        Page third = form(icbcB, "/inbox/" + id + "/print", "pin", pin);
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.body()).contains("原件打印份数已用完", "id=\"grey-form\"");
        Page grey = form(icbcB, "/inbox/" + id + "/print", "pin", pin, "kind", "GREY");
        assertThat(grey.redirect()).isEqualTo("/inbox/" + id + "?issuedCopy=000003");

        // extra copies asked from the sender
        assertThat(form(icbcB, "/inbox/" + id + "/copy-request", "copies", "1", "reason", "多一份存档")
                        .redirect())
                .endsWith("?done=requested");
        assertThat(f.count("SELECT count(*) FROM copy_request WHERE delivery_id = ?", id))
                .isEqualTo(1);

        // the sender's tracking view shows the signature and the printed copy
        Page tracking = call(office, get("/documents/" + doc + "/tracking/rows"));
        assertThat(tracking.body()).contains("icbc-zj-b", "000002");

        // decrypted download needs the confirmation, then gives the file
        Page unconfirmed = form(icbcB, "/inbox/" + id + "/download", "pin", pin);
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("请勾选确认");
        Page download = form(icbcB, "/inbox/" + id + "/download", "pin", pin, "confirm", "true");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.response().getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(download.response().getContentAsByteArray()).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));

        // another unit: 404 on every route
        assertThat(call(cmbB, get("/inbox/" + id)).status()).isEqualTo(404);
        assertThat(form(cmbB, "/inbox/" + id + "/sign", "pin", f.unitPin("CMB-HZ"))
                        .status())
                .isEqualTo(404);
        assertThat(form(cmbB, "/inbox/" + id + "/print", "pin", f.unitPin("CMB-HZ"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void returnNeedsReasonAndConfirmationAndCsrf() throws Exception {
        String doc = f.send("退回测试文件", "NORMAL", 3, 1, List.of("CMB-HZ"));
        long id = f.deliveryId(doc, "CMB-HZ");
        String pin = f.unitPin("CMB-HZ");

        Page noReason = form(cmbB, "/inbox/" + id + "/return", "pin", pin, "confirm", "true");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("请填写退回原因");
        Page noConfirm = form(cmbB, "/inbox/" + id + "/return", "pin", pin, "reason", "文号有误");
        assertThat(noConfirm.status()).isEqualTo(400);

        // without the CSRF token nothing happens
        Page forged =
                call(cmbB, post("/inbox/" + id + "/return").param("pin", pin).param("reason", "x"));
        assertThat(forged.status()).isEqualTo(403);
        Page forgedSign = call(cmbB, post("/inbox/" + id + "/sign").param("pin", pin));
        assertThat(forgedSign.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT state FROM delivery WHERE id = ?", String.class, id))
                .isEqualTo("DELIVERED");

        Page returned = form(cmbB, "/inbox/" + id + "/return", "pin", pin, "reason", "文号有误", "confirm", "true");
        assertThat(returned.redirect()).isEqualTo("/inbox/" + id + "?done=returned");
        assertThat(jdbc.queryForObject("SELECT state FROM delivery WHERE id = ?", String.class, id))
                .isEqualTo("RETURNED");
        assertThat(call(cmbB, get("/inbox/" + id)).body()).contains("文号有误").doesNotContain("id=\"sign-form\"");
    }

    @Test
    void aRecalledDeliveryShowsANoticeAndRefusesActions() throws Exception {
        String doc = f.send("撤回测试文件", "URGENT", 3, 1, List.of("CMB-HZ"));
        long id = f.deliveryId(doc, "CMB-HZ");
        f.recall(doc);

        Page page = call(cmbB, get("/inbox/" + id));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"delivery-closed\"", "发文单位已撤回此文件").doesNotContain("id=\"sign-form\"");
        Page sign = form(cmbB, "/inbox/" + id + "/sign", "pin", f.unitPin("CMB-HZ"));
        assertThat(sign.status()).isEqualTo(410);
        assertThat(sign.body()).contains("此文件已被撤回或作废");
        assertThat(call(cmbB, get("/inbox/" + id + "/pages/1.png")).status()).isEqualTo(410);
    }
}
