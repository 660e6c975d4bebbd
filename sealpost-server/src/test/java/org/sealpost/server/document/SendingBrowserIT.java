package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.server.support.Chromium.click;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sealpost.server.support.Chromium;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The real-browser flow, in headless Chromium on the demo units, people, keys and seals:
 * a department's staff member drafts a notice with a PDF body and submits it; the head of
 * department approves it in a browser session of their own; the drafter previews the pages,
 * confirms and sends; tracking shows the delivery. Then the office drafts a bureau document,
 * records the signer, places the seal with the demo seal PIN, previews the sealed pages, confirms
 * and sends; tracking shows both deliveries. Screenshots go to target/screenshots.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sealpost.demo.enabled=true", "sealpost.demo.password=Demo-Browser-2026!"})
@ActiveProfiles("test")
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc
class SendingBrowserIT {

    static final String PASSWORD = "Demo-Browser-2026!";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    final List<WebDriver> browsers = new ArrayList<>();
    final List<Path> profiles = new ArrayList<>();

    WebDriver browser() throws Exception {
        Path profile = Files.createTempDirectory("sealpost-chromium");
        profiles.add(profile);
        WebDriver driver = Chromium.start(profile, 1280, 1000);
        driver.manage().window().setSize(new Dimension(1280, 1000));
        browsers.add(driver);
        return driver;
    }

    @AfterEach
    void stop() throws Exception {
        for (WebDriver b : browsers) {
            b.quit();
        }
        for (Path profile : profiles) {
            Chromium.deleteProfile(profile);
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    WebDriverWait waitIn(WebDriver b) {
        return new WebDriverWait(b, Duration.ofSeconds(30));
    }

    void signIn(WebDriver b, String username) {
        Chromium.signIn(b, base(), username, PASSWORD);
    }

    static void screenshot(WebDriver b, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target/screenshots"));
            // the whole page: grow the window to the document's height first
            Object height = ((org.openqa.selenium.JavascriptExecutor) b)
                    .executeScript("return document.documentElement.scrollHeight");
            int h = Math.min(4000, Math.max(800, ((Number) height).intValue()));
            b.manage().window().setSize(new Dimension(1280, h));
            Files.write(dir.resolve(name), ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES));
            b.manage().window().setSize(new Dimension(1280, 1000));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Fills the compose form and saves; returns the draft's id. */
    String compose(WebDriver b, String type, String title, String to, String signer) {
        b.get(base() + "/");
        click(b, By.id("home-compose"));
        waitIn(b).until(ExpectedConditions.presenceOfElementLocated(By.id("draft-form")));
        new Select(b.findElement(By.id("type"))).selectByValue(type);
        b.findElement(By.id("title")).sendKeys(title);
        new Select(b.findElement(By.id("urgency"))).selectByValue("URGENT");
        new Select(b.findElement(By.id("to"))).selectByValue(to);
        if (signer != null) {
            b.findElement(By.id("signer")).sendKeys(signer);
        }
        b.findElement(By.id("notes")).sendKeys("请各单位按时签收");
        click(b, By.id("save-draft"));
        waitIn(b).until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        String url = b.getCurrentUrl();
        return url.substring(url.indexOf("/documents/") + "/documents/".length(), url.indexOf('?'));
    }

    void uploadBody(WebDriver b, Path pdf) {
        b.findElement(By.id("body-file")).sendKeys(pdf.toAbsolutePath().toString());
        click(b, By.id("upload-body"));
        waitIn(b).until(ExpectedConditions.presenceOfElementLocated(By.id("uploaded")));
        assertThat(b.findElement(By.id("body-name")).getText()).contains("正文.pdf");
    }

    void confirmAndSend(WebDriver b, String unitCode) {
        waitIn(b).until(ExpectedConditions.presenceOfElementLocated(By.id("send-form")));
        waitIn(b).until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return Array.from(document.querySelectorAll('img.page-image'))"
                        + ".every(i => i.complete && i.naturalWidth > 0)"));
        click(b, By.id("send-confirm"));
        b.findElement(By.id("unit-pin")).sendKeys(new DocumentFixtures(mvc, jdbc).unitPin(unitCode));
        click(b, By.id("send-submit"));
        waitIn(b).until(ExpectedConditions.presenceOfElementLocated(By.id("deliveries")));
    }

    @Test
    void draftApprovalSealPreviewConfirmSendAndTracking() throws Exception {
        Path pdf = Files.createTempFile("正文", ".pdf");
        Path pdfNamed = pdf.resolveSibling("正文.pdf");
        Files.write(pdfNamed, DocumentFixtures.pdf("Notice: annual report on legal affairs, due 2026-12-31"));
        try {
            // 1. the department's staff member drafts a notice and submits it for approval
            WebDriver staff = browser();
            signIn(staff, "zjbrc-law-staff");
            String notice = compose(staff, "DEPT_NOTICE", "关于报送2026年法规工作总结的通知", "ICBC-ZJ", null);
            uploadBody(staff, pdfNamed);
            assertThat(staff.findElement(By.id("scope-count")).getText()).isEqualTo("共 1 个单位：");
            screenshot(staff, "compose-draft.png");
            click(staff, By.id("submit-approval"));
            waitIn(staff).until(ExpectedConditions.presenceOfElementLocated(By.id("document-notice")));
            assertThat(staff.findElement(By.id("document-notice")).getText()).contains("已提交处室负责人审批");

            // 2. the head of department approves it in a session of their own
            WebDriver head = browser();
            signIn(head, "zjbrc-law-head");
            click(head, By.cssSelector("#home-approvals a"));
            waitIn(head).until(ExpectedConditions.presenceOfElementLocated(By.id("approval-list")));
            click(head, By.linkText("关于报送2026年法规工作总结的通知"));
            waitIn(head).until(ExpectedConditions.presenceOfElementLocated(By.id("approve")));
            waitIn(head)
                    .until(
                            d -> (Boolean)
                                    ((org.openqa.selenium.JavascriptExecutor) d)
                                            .executeScript(
                                                    "var i = document.querySelector('img.page-image'); return i.complete && i.naturalWidth > 0"));
            screenshot(head, "approval.png");
            click(head, By.id("approve"));
            waitIn(head).until(ExpectedConditions.presenceOfElementLocated(By.id("no-approvals")));

            // 3. the drafter previews exactly what the bank will see, confirms and sends
            staff.get(base() + "/documents/" + notice);
            confirmAndSend(staff, "ZJBRC-LAW");
            assertThat(staff.findElements(By.cssSelector("tr.delivery-row"))).hasSize(1);
            assertThat(staff.findElement(By.id("deliveries")).getText()).contains("中国工商银行", "已送达");

            // 4. the office: bureau document → signer → seal with the demo seal PIN → preview → confirm → send
            WebDriver office = browser();
            signIn(office, "zjbrc-office-staff");
            String bureau = compose(office, "BUREAU_DOC", "关于做好电子公文传输工作的通知", "CMB-HZ", null);
            new Select(office.findElement(By.id("cc"))).selectByValue("HZB");
            click(office, By.id("save-draft"));
            waitIn(office).until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
            uploadBody(office, pdfNamed);
            screenshot(office, "compose.png");
            click(office, By.id("go-seal"));
            waitIn(office).until(ExpectedConditions.presenceOfElementLocated(By.id("signer-form")));
            office.findElement(By.id("signer")).sendKeys("张局长");
            click(office, By.id("save-signer"));
            waitIn(office).until(ExpectedConditions.presenceOfElementLocated(By.id("seal-form")));
            assertThat(office.findElement(By.id("seal-x")).getDomProperty("value"))
                    .isEqualTo("142");
            var y = office.findElement(By.id("seal-y"));
            y.clear();
            y.sendKeys("180");
            click(office, By.id("seal-pin")); // change event moves the preview outline
            waitIn(office)
                    .until(d -> d.findElement(By.id("seal-preview"))
                            .getDomAttribute("src")
                            .contains("markY=180"));
            office.findElement(By.id("seal-pin")).sendKeys(new DocumentFixtures(mvc, jdbc).sealPin("ZJBRC-OFFICE"));
            screenshot(office, "seal.png");
            click(office, By.id("seal-submit"));
            waitIn(office).until(ExpectedConditions.presenceOfElementLocated(By.id("sealed")));
            assertThat(office.findElement(By.id("document-state")).getText()).isEqualTo("已盖章");
            assertThat(office.findElement(By.id("scope-count")).getText()).isEqualTo("共 2 个单位：");
            waitIn(office)
                    .until(
                            d -> (Boolean)
                                    ((org.openqa.selenium.JavascriptExecutor) d)
                                            .executeScript(
                                                    "var i = document.querySelector('img.page-image'); return i.complete && i.naturalWidth > 0"));
            screenshot(office, "preview.png");
            confirmAndSend(office, "ZJBRC-OFFICE");
            assertThat(office.findElements(By.cssSelector("tr.delivery-row"))).hasSize(2);
            screenshot(office, "tracking.png");
            assertThat(jdbc.queryForList(
                            "SELECT unit_code FROM delivery WHERE document_id IN (?, ?) ORDER BY unit_code",
                            String.class,
                            notice,
                            bureau))
                    .containsExactly("CMB-HZ", "HZB", "ICBC-ZJ");
            assertThat(jdbc.queryForObject(
                            "SELECT sealed_blob IS NOT NULL FROM document WHERE id = ?", Boolean.class, bureau))
                    .isTrue();
        } finally {
            Files.deleteIfExists(pdf);
            Files.deleteIfExists(pdfNamed);
        }
    }
}
