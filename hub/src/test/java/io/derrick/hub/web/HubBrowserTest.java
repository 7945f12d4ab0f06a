package io.derrick.hub.web;

import io.derrick.edge.EdgeAgent;
import io.derrick.hardware.simulator.Simulator;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import io.derrick.edge.testing.HeadlessChromium;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's pages in Debian's Chromium, headless, driven by Debian's chromedriver: one hub and one browser per test
 * class (each test has rigs and users of its own, and signs in afresh), and what every page test needs.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
abstract class HubBrowserTest {
    @TempDir
    Path dir;
    TestDatabase db;
    InProcessHub hub;
    Simulator simulator;
    EdgeAgent agent;
    WebDriver browser;
    io.derrick.edge.testing.CountingDevice counter;

    @org.junit.jupiter.api.BeforeAll
    void start(@TempDir Path hubDir) throws Exception {
        db = TestDatabase.create();
        hub = new InProcessHub(db, hubDir, null, settings());
        browser = HeadlessChromium.start(1280, 900);
    }

    /** The hub's settings of a test class (none by default). */
    java.util.Map<String, String> settings() {
        return java.util.Map.of();
    }

    @BeforeEach
    void signedOut() {
        browser.get(hub.url() + "/login.html");
        browser.manage().deleteAllCookies();
        browser.manage().logs().get("browser");      // what an earlier test's pages logged is theirs
    }

    @org.junit.jupiter.api.AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        hub.close();
        db.close();
    }

    @AfterEach
    void stopRig() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (counter != null) {
            counter.close();
        }
        agent = null;
        simulator = null;
        counter = null;
    }

    /**
     * What the console logged as severe, but for the 401s of signing in: the anonymous first visit and a wrong password
     * are answered 401 on purpose, and Chromium logs every failed request.
     */
    String scriptErrors() {
        return browser.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(Object::toString)
                .filter(e -> !(e.contains("/api/session - Failed to load resource") && e.contains("401")))
                // the admin test's wrong time zone, answered 400 on purpose
                .filter(e -> !(e.contains("/api/admin/rigs/rig-12 - Failed to load resource") && e.contains("400")))
                .collect(Collectors.joining("\n"));
    }

    /** Signs in through the sign-in page the hub sends an anonymous browser to, and lands back on {@code page}. */
    void signIn(String page, String username, String password) {
        browser.get(hub.url() + page);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(d -> d.getCurrentUrl().contains("/login.html?next="));
        browser.findElement(By.cssSelector("[data-testid='username']")).sendKeys(username);
        browser.findElement(By.cssSelector("[data-testid='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("[data-testid='submit']")).click();
        wait.until(d -> d.getCurrentUrl().endsWith(page));
    }


    /** A patient wait: a page that draws charts on a loaded machine. */
    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** Waits until the element's text (once there is the element) satisfies {@code test}. */
    void waitForText(String css, java.util.function.Predicate<String> test) {
        try {
            waiting().until(d -> {
                String t = textNow(css);
                return t != null && test.test(t);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(css + " says '" + textNow(css) + "'; the page: " + textNow("main") + "; console: " + scriptErrors(), e);
        }
    }

    /** The text of the element {@code css} selects, read in the page in one step (null when there is none). */
    String textNow(String css) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
    }

    /** Types a time into an input of type time (the way a user picks one; sendKeys depends on the locale's format). */
    void setTime(WebElement input, String hhmm) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", input, hhmm);
    }

    /** The element's text once it has some. */
    static String textOf(WebDriverWait wait, By element) {
        return wait.until(d -> {
            String text = d.findElement(element).getText();
            return text.isBlank() ? null : text;
        });
    }

    /** No element the rig's markup would have made exists, and none of its script ran. */
    void assertNothingRan() {
        assertThat(browser.findElements(By.cssSelector("main img, main script"))).as("markup from data became no element").isEmpty();
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return typeof window.pwned")).isEqualTo("undefined");
    }

}
