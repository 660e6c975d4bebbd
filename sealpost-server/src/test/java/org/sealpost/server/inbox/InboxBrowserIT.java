package org.sealpost.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.server.inbox.InboxFixtures.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.Chromium;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 6's real-browser test (headless Chromium, Debian {@code chromium} + {@code
 * chromium-driver}): bank operator B has the inbox open; an urgent document sent to B's unit
 * appears without a reload (server-sent events through htmx); B opens it with the unit PIN, signs
 * for it, prints copy 000001 and reports it failed, prints 000002 and reports success, and a third
 * attempt is refused with the grey print offered; the sender's tracking view shows the signature
 * and the printed copy. Screenshots go to target/screenshots (inbox.png is the README's).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class InboxBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    LiveUpdates live;

    WebDriver browser;
    Path profile;

    @BeforeEach
    void start() throws Exception {
        profile = Files.createTempDirectory("sealpost-chromium");
        browser = Chromium.start(profile, 1280, 900);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            Chromium.deleteProfile(profile);
        }
    }

    private void screenshot(String name) {
        try {
            browser.manage().window().setSize(new Dimension(1280, 900));
            Path dir = Files.createDirectories(Path.of("target/screenshots"));
            Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void submitWithPin(WebDriverWait wait, String form, String pin) {
        WebElement f = wait.until(ExpectedConditions.presenceOfElementLocated(By.id(form)));
        f.findElement(By.name("pin")).sendKeys(pin);
        f.findElement(By.cssSelector("button[type=submit]")).click();
    }

    @Test
    void operatorBSeesAnUrgentDocumentArriveSignsPrintsAndIsRefusedAfterTheAllowance() throws Exception {
        new TestAccounts(jdbc).account("web-icbc-b", "ICBC-ZJ", Role.OPERATOR_B);
        jdbc.update("UPDATE account SET display_name = '工行操作员B' WHERE username = 'web-icbc-b'");
        InboxFixtures f = new InboxFixtures(mvc, jdbc);
        String pin = f.unitPin("ICBC-ZJ");
        f.send("关于做好年末风险排查的通知", "NORMAL", 3, 1, List.of("ICBC-ZJ"));

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        String base = "http://localhost:" + port;
        Chromium.signIn(browser, base, "web-icbc-b", TestAccounts.PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-inbox")));
        browser.findElement(By.id("nav-inbox")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inbox-table")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("收文");
        assertThat(browser.getPageSource()).doesNotContain("关于紧急报送数据的通知");

        // a marker that a reload would lose: the new document must arrive without one
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.sealpostNoReload = 'kept';");
        // the stream is open before the document is sent
        assertThat(browser.findElement(By.tagName("body")).getDomAttribute("sse-connect"))
                .isEqualTo("/inbox/stream");
        wait.until(d -> live.openStreams("ICBC-ZJ") >= 1);
        String unreadBefore = browser.findElement(By.id("inbox-unread")).getText();

        String doc = f.send("关于紧急报送数据的通知", "URGENT", 3, 1, List.of("ICBC-ZJ"));
        long id = f.deliveryId(doc, "ICBC-ZJ");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox-list"), "关于紧急报送数据的通知"));
        assertThat(js.executeScript("return window.sealpostNoReload")).isEqualTo("kept");
        // urgent first, and the header badge counts it
        List<WebElement> rows = browser.findElements(By.cssSelector("#inbox-list tr.inbox-row"));
        assertThat(rows.get(0).getText()).contains("关于紧急报送数据的通知", "急件");
        wait.until(d -> !d.findElement(By.id("inbox-unread")).getText().equals(unreadBefore));
        assertThat(Integer.parseInt(browser.findElement(By.id("inbox-unread")).getText()))
                .isEqualTo(Integer.parseInt(unreadBefore) + 1);
        screenshot("inbox.png");

        // open, view the watermarked page, sign for
        browser.findElement(By.linkText("关于紧急报送数据的通知")).click();
        submitWithPin(wait, "open-form", pin);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("img.delivery-page")));
        wait.until(
                d -> (Boolean)
                        ((JavascriptExecutor) d)
                                .executeScript(
                                        "var i = document.querySelector('img.delivery-page'); return i.complete && i.naturalWidth > 0"));
        screenshot("delivery.png");
        submitWithPin(wait, "sign-form", pin);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inbox-done")));
        assertThat(browser.findElement(By.id("delivery-signed")).getText()).contains("web-icbc-b");

        // copy 000001 fails
        submitWithPin(wait, "print-form", pin);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("issued-copy")));
        assertThat(browser.findElement(By.id("issued-copy")).getText()).contains("000001");
        assertThat(browser.findElement(By.id("copy-download")).getDomAttribute("href"))
                .endsWith("/inbox/" + id + "/copies/000001.pdf");
        browser.findElement(By.id("report-failed-000001")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inbox-done")));

        // copy 000002 succeeds
        submitWithPin(wait, "print-form", pin);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("issued-copy"), "000002"));
        browser.findElement(By.id("report-ok-000002")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inbox-done")));
        assertThat(browser.findElement(By.id("print-allowance")).getText()).contains("已取份号 2 个，已成功 1 份");

        // a third attempt is refused, the grey print is offered
        submitWithPin(wait, "print-form", pin);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inbox-error")));
        assertThat(browser.findElement(By.id("inbox-error")).getText()).contains("原件打印份数已用完");
        assertThat(browser.findElements(By.id("grey-form"))).hasSize(1);
        screenshot("delivery-refused.png");

        // the sender's tracking view shows the signature and the printed copy numbers
        String tracking = mvc.perform(
                        get("/documents/" + doc + "/tracking/rows").with(as(f.user(InboxFixtures.OFFICE))))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(tracking).contains("web-icbc-b", "000002");
        assertThat(jdbc.queryForList(
                        "SELECT event FROM delivery_event WHERE delivery_id = ? ORDER BY id", String.class, id))
                .containsSubsequence("SIGNED", "PRINT_ISSUED", "PRINT_FAILED", "PRINT_ISSUED", "PRINTED");
    }
}
