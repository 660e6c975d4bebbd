package org.sealpost.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' real browser: Debian's headless Chromium ({@code chromium} +
 * {@code chromium-driver}) in Chinese with a throw-away profile, and the steps every test takes
 * in it — signing in through the login form and clicking like a person. ({@link Browser} is the
 * MockMvc client for tests that need no real browser.)
 */
public final class Chromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    /** A new headless Chromium with its own profile in {@code profile} and a window of this size. */
    public static WebDriver start(Path profile, int width, int height) {
        return start(profile, List.of("--window-size=" + width + "," + height));
    }

    /** A new headless Chromium with its own profile in {@code profile} and Chromium's default window. */
    public static WebDriver start(Path profile) {
        return start(profile, List.of());
    }

    private static WebDriver start(Path profile, List<String> window) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Browser tests need Debian's Chromium: apt-get install -y chromium "
                    + "chromium-driver fonts-noto-cjk (missing " + CHROMIUM + " or " + CHROMEDRIVER + ")");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--lang=zh-CN",
                "--user-data-dir=" + profile);
        options.addArguments(window);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Deletes a profile directory made for {@link #start}, with everything Chromium wrote in it. */
    public static void deleteProfile(Path profile) throws IOException {
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Opens the login page of the server at {@code base}, signs in and waits for the home page. */
    public static void signIn(WebDriver browser, String base, String username, String password) {
        browser.get(base + "/login");
        waitIn(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        submitSignIn(browser, username, password);
    }

    /** Fills in the login form the browser shows, submits it and waits for the home page. */
    public static void submitSignIn(WebDriver browser, String username, String password) {
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        click(browser, By.id("login-submit"));
        waitIn(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("home-greeting")));
    }

    /**
     * Clicks like a person, falling back to a DOM click when headless Chromium reports the element
     * as covered (its window geometry in a container is not always what was asked for).
     */
    public static void click(WebDriver browser, By by) {
        WebElement element = browser.findElement(by);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException e) {
            js.executeScript("arguments[0].click()", element);
        }
    }

    private static WebDriverWait waitIn(WebDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
