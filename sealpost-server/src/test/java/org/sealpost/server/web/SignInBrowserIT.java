package org.sealpost.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.Chromium;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A real headless Chromium (Debian {@code chromium} + {@code chromium-driver}) signs in as a bank
 * operator, sees the home page in Chinese, switches to English and signs out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SignInBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    WebDriver browser;
    Path profile;

    @BeforeEach
    void start() throws Exception {
        TestAccounts fixtures = new TestAccounts(jdbc);
        fixtures.unit("ABC-ZJ", "中国农业银行浙江省分行", "STATE_OWNED_BANK");
        fixtures.account("abc-zj-b", "ABC-ZJ", Role.OPERATOR_B);
        jdbc.update("UPDATE account SET display_name = '农行操作员B' WHERE username = 'abc-zj-b'");

        profile = Files.createTempDirectory("sealpost-chromium");
        browser = Chromium.start(profile);
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

    /** Keeps what the person saw under target/screenshots (the README's picture comes from here). */
    private void screenshot(String name) {
        try {
            browser.manage().window().setSize(new Dimension(1280, 800));
            Path dir = Files.createDirectories(Path.of("target/screenshots"));
            Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void bankOperatorSignsInSwitchesToEnglishAndSignsOut() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        String base = "http://localhost:" + port;
        browser.get(base + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("登录");

        Chromium.submitSignIn(browser, "abc-zj-b", TestAccounts.PASSWORD);
        assertThat(browser.findElement(By.id("home-greeting")).getText()).isEqualTo("农行操作员B，您好");
        assertThat(browser.findElement(By.id("signed-in-user")).getText()).contains("中国农业银行浙江省分行");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("zh-CN");
        assertThat(browser.getPageSource()).contains("待签收文件");
        screenshot("home-operator-zh.png");

        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.textToBe(By.id("home-greeting"), "Welcome, 农行操作员B"));
        assertThat(browser.getPageSource()).contains("Documents to sign for");
        assertThat(browser.findElement(By.id("sign-out")).getText()).isEqualTo("Sign out");

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-signed-out")));
        assertThat(browser.getCurrentUrl()).endsWith("/login?logout");
        assertThat(browser.findElement(By.id("login-signed-out")).getText()).isEqualTo("You have signed out.");
        browser.get(base + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
    }
}
