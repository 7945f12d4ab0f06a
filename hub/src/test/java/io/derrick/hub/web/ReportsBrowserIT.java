package io.derrick.hub.web;

import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.ShiftHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily report in Chromium, as its people use it: the supervisor opens yesterday's report pre-filled from the
 * rig's sensors, completes and submits it; the manager rejects it with a comment; the supervisor fixes and resubmits;
 * the manager approves, the client approves; the PDF link downloads. A bad value is refused next to its field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsBrowserIT extends HubBrowserTest {
    static final String RIG = "rig-b1";

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    void as(String username, String page) {
        browser.get(hub.url() + "/login.html");
        browser.manage().deleteAllCookies();
        try {
            signIn(page, username, InProcessHub.PASSWORD);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(username + " did not get to " + page + ": at " + browser.getCurrentUrl() + ", the page says "
                    + textNow("main") + "; console: " + scriptErrors(), e);
        }
    }

    void waitForStatus(String status) {
        waiting().until(d -> status.equals(textNow("[data-testid='status']")));
    }

    void act(String action, String comment) {
        if (comment != null) {
            browser.findElement(By.cssSelector("[data-testid='comment']")).sendKeys(comment);
        }
        browser.findElement(By.cssSelector("[data-testid='action-" + action + "']")).click();
    }

    @Test
    void aShiftGoesFromTheSupervisorThroughTheManagerToTheClient() throws Exception {
        var admin = hub.admin();
        admin.json("POST", "/api/admin/clients", "{\"id\":\"acme\",\"name\":\"Acme Mining\"}", 201);
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"" + RIG + "\",\"name\":\"Rig B1\",\"timeZone\":\"UTC\",\"client\":\"acme\"}", 201);
        var supervisor = hub.user("sam.super", "Sam Supervisor", "supervisor", null);
        hub.user("meg.manager", "Meg Manager", "manager", null);
        hub.user("ann@acme.example", "Ann of Acme", "client", "acme");
        admin.json("PUT", "/api/reports/rigs/" + RIG + "/supervisors", "{\"supervisors\":[\"sam.super\"]}", 200);
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        ShiftHistory.publishDayShift(hub, db, RIG, yesterday);
        long id = supervisor.json("POST", "/api/reports", "{\"rig\":\"" + RIG + "\",\"date\":\"" + yesterday + "\",\"shiftType\":\"day\"}", 201)
                .get("id").asLong();

        // the supervisor finds it in the list and opens it: the sensors' figures beside, their activities in the form
        as("sam.super", "/reports.html");
        waiting().until(d -> textNow("[data-testid='status-" + id + "']") != null);
        assertThat(textNow("[data-testid='count-draft']")).isEqualTo("draft 1");
        browser.findElement(By.cssSelector("[data-testid='report-" + id + "'] a")).click();
        waitForStatus("draft");
        assertThat(textNow("[data-testid='measured-metres']")).startsWith("22.9");
        assertThat(browser.findElements(By.cssSelector("tbody[data-section='activities'] tr"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(textNow("[data-testid='derived-progress-0']")).as("derived as shown").contains("m/h");

        // a bad value is refused next to its field, and nothing is stored
        WebElement to = browser.findElement(By.name("progress[0].toDepth"));
        to.clear();
        to.sendKeys("50");
        browser.findElement(By.cssSelector("[data-testid='save']")).click();
        waiting().until(d -> textNow("[data-testid='msg']").startsWith("Not saved"));
        assertThat(textNow("[data-field='progress[0].toDepth'] + .finding")).contains("must be deeper than fromDepth");

        // completes it: the hole, the depth, a crew of two, the site; saves and submits
        to.clear();
        to.sendKeys("123");
        WebElement hole = browser.findElement(By.name("progress[0].hole"));
        hole.clear();
        hole.sendKeys("H-7");
        browser.findElement(By.name("location")).sendKeys("Pad 4");
        for (String[] member : new String[][] {{"supervisor", "Sam Supervisor"}, {"driller", "Dan Driller"}}) {
            browser.findElement(By.cssSelector("[data-testid='add-crew']")).click();
            int row = browser.findElements(By.cssSelector("tbody[data-section='crew'] tr")).size() - 1;
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("crew[" + row + "].role"))).selectByVisibleText(member[0]);
            browser.findElement(By.name("crew[" + row + "].name")).sendKeys(member[1]);
            browser.findElement(By.name("crew[" + row + "].hours")).sendKeys("12");
        }
        browser.findElement(By.cssSelector("[data-testid='save']")).click();
        waiting().until(d -> "Saved.".equals(textNow("[data-testid='msg']")));
        assertThat(textNow("[data-testid='totals']")).contains("24.00");   // man-hours
        // a core tray photo from a phone held upright (EXIF: turned a quarter): its thumbnail shows upright
        Path photo = Files.write(Files.createTempFile("tray-", ".jpg"), io.derrick.hub.testing.Pictures.jpegWithOrientation(400, 200, 6));
        browser.findElement(By.cssSelector("[data-testid='photo-file']")).sendKeys(photo.toString());
        browser.findElement(By.cssSelector("[data-testid='photo-form'] button[type='submit']")).click();
        waiting().until(d -> textNow("[data-testid='photo-msg']") != null && textNow("[data-testid='photo-msg']").startsWith("Added"));
        waiting().until(d -> Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                "const i = document.querySelector(\"[data-testid='photos'] img\"); return i != null && i.complete && i.naturalHeight > 0;")));
        assertThat(((JavascriptExecutor) browser).executeScript(
                "const i = document.querySelector(\"[data-testid='photos'] img\"); return i.naturalHeight > i.naturalWidth;")).as("upright").isEqualTo(true);
        act("submit", null);
        waitForStatus("submitted");

        // the manager finds it awaiting approval on the landing view, and rejects it with a comment
        as("meg.manager", "/reports.html");
        waiting().until(d -> textNow("[data-testid='awaiting-status-" + id + "']") != null);
        as("meg.manager", "/report.html?id=" + id);
        waitForStatus("submitted");
        act("reject", null);
        waiting().until(d -> textNow("[data-testid='msg']").contains("comment"));
        act("reject", "recovery missing on H-7");
        waitForStatus("rejected");

        // the supervisor fixes it and submits again
        as("sam.super", "/report.html?id=" + id);
        waitForStatus("rejected");
        assertThat(textNow("[data-testid='history']")).contains("Meg Manager", "recovery missing on H-7");
        browser.findElement(By.name("progress[0].coreRecovered")).sendKeys("22.5");
        browser.findElement(By.cssSelector("[data-testid='save']")).click();
        waiting().until(d -> "Saved.".equals(textNow("[data-testid='msg']")));
        act("submit", null);
        waitForStatus("submitted");

        as("meg.manager", "/report.html?id=" + id);
        waitForStatus("submitted");
        act("approve", null);
        waitForStatus("manager approved");

        // the client approves; the report is locked; the PDF downloads
        as("ann@acme.example", "/report.html?id=" + id);
        waitForStatus("manager approved");
        act("client-approve", null);
        waitForStatus("approved");
        assertThat(browser.findElement(By.cssSelector("[data-testid='save']")).isEnabled()).as("locked").isFalse();
        Object pdf = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.querySelector("[data-testid='pdf']").href)
                  .then(r => r.arrayBuffer().then(b => done(r.status + ' ' + r.headers.get('content-type') + ' ' + b.byteLength)))
                  .catch(e => done(String(e)));""");
        assertThat(pdf.toString()).startsWith("200 application/pdf ");
        // the 24-hour view and the bill of quantities count it
        browser.findElement(By.cssSelector("[data-testid='daily-link']")).click();
        // the sensors' from-depth (100.05 m) kept, to 123 m typed
        waiting().until(d -> "22.95".equals(textNow("[data-testid='daily-metres']")));
        assertThat(textNow("[data-testid='daily-night']")).contains("no report");
        // the activity breakdown: ECharts' stacked bar, its legend naming the codes
        waiting().until(d -> !browser.findElements(By.cssSelector("[data-testid='daily-chart'] canvas")).isEmpty());
        waiting().until(d -> browser.findElement(By.cssSelector("[data-testid='daily-chart']")).getAttribute("aria-label").contains("Drilling"));
        assertThat(browser.findElement(By.cssSelector("[data-testid='daily-chart']")).getAttribute("aria-label")).contains("day shift");
        browser.get(hub.url() + "/boq.html?from=" + yesterday + "&to=" + yesterday);
        waiting().until(d -> textNow("[data-testid='boq-metres'] tbody") != null && textNow("[data-testid='boq-metres'] tbody").contains("H-7"));
        assertThat(textNow("[data-testid='boq-metres'] tbody")).contains("acme", RIG, "HQ", "22.95");

        // the deliberate refusals: the bad depth (400) and the rejection without a comment (400)
        assertThat(scriptErrors().lines().filter(l -> !(l.contains("/api/reports/" + id) && l.contains("status of 400"))))
                .as("no script errors").isEmpty();
    }
}
