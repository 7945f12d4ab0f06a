package io.derrick.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner in Chromium: an editor opens a scenario, edits a well's duration in the grid (saved with its version),
 * undoes it, calculates, and sees the figures and a Gantt bar per campaign well with its dependency arrow; a manager
 * approves, and the editor's grid is then read-only. The page runs no script the CSP blocks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanBrowserIT extends HubBrowserTest {
    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    void waitForMessage(String start) {
        try {
            waiting().until(d -> textNow("[data-testid='msg']").startsWith(start));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page says '" + textNow("[data-testid='msg']") + "'; console: " + scriptErrors(), e);
        }
    }

    @Test
    void anEditorEditsCalculatesAndSeesTheGanttAManagerApproves() throws Exception {
        HubClient editor = hub.user("ed.editor", "Ed Editor", "editor", null);
        hub.user("meg.manager", "Meg Manager", "manager", null);
        editor.json("PUT", "/api/plan/rigs/rig-g1", "{\"name\":\"Rig G1\",\"dayRate\":10000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        long a = editor.json("POST", "/api/plan/wells", "{\"name\":\"Kite-1\",\"type\":\"exploration\"}", 201).get("id").asLong();
        long b = editor.json("POST", "/api/plan/wells", "{\"name\":\"<b>Kite-2</b>\",\"type\":\"appraisal\"}", 201).get("id").asLong();
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Kite 2027\",\"horizon\":\"2027\"}", 201).get("id").asLong();
        long c = editor.json("POST", "/api/plan/scenarios/" + s + "/campaigns", "{\"name\":\"Kite\"}", 201).get("id").asLong();
        JsonNode first = editor.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + c + ",\"well\":" + a
                + ",\"rig\":\"rig-g1\",\"plannedStart\":\"2027-03-01\",\"durationDays\":10}", 201);
        editor.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + c + ",\"well\":" + b + ",\"rig\":\"rig-g1\",\"durationDays\":6,"
                + "\"dependencies\":[{\"predecessor\":" + first.get("id").asLong() + ",\"lagDays\":1}]}", 201);

        browser.get(hub.url() + "/login.html");
        signIn("/plan.html?scenario=" + s, "ed.editor", InProcessHub.PASSWORD);
        try {
            waiting().until(d -> !d.findElements(By.cssSelector("#grid .tabulator-row")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no grid: the page says " + textNow("main") + "; console: " + scriptErrors(), e);
        }
        assertThat(browser.findElements(By.cssSelector("#grid .tabulator-row"))).hasSize(2);
        assertThat(textNow("#grid")).as("a well's name is text").contains("<b>Kite-2</b>");

        // edit the first well's days: saved with its version
        WebElement days = browser.findElement(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='durationDays']"));
        new Actions(browser).doubleClick(days).perform();
        WebElement input = waiting().until(d -> d.findElement(By.cssSelector("#grid .tabulator-cell[tabulator-field='durationDays'] input")));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "12", Keys.ENTER);
        waitForMessage("Saved campaign well");
        assertThat(editor.json("GET", "/api/plan/scenarios/" + s, null, 200).get("wells").get(0).get("durationDays").asDouble()).isEqualTo(12);
        // undo (in the grid: a click puts the keyboard there): back to 10, saved again
        browser.findElement(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='status']")).click();
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
        waiting().until(d -> {
            try {
                return editor.json("GET", "/api/plan/scenarios/" + s, null, 200).get("wells").get(0).get("durationDays").asDouble() == 10;
            } catch (Exception e) {
                return false;
            }
        });

        // calculate: the figures and a bar per well, the dependency as an arrow
        browser.findElement(By.cssSelector("[data-testid='calc']")).click();
        waiting().until(d -> textNow("[data-testid='eta']") != null && !textNow("[data-testid='eta']").isEmpty());
        assertThat(textNow("[data-testid='eta']")).isEqualTo("2027-03-18");   // Mar 1 + 10 → Mar 11, + 1 lag → Mar 12 + 6 → Mar 18
        waiting().until(d -> d.findElements(By.cssSelector("#gantt .bar-wrapper")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("#gantt .arrow"))).hasSize(1);
        assertThat(textNow("#gantt")).contains("<b>Kite-2</b>");

        // a manager approves; the editor's grid is then read-only
        browser.manage().deleteAllCookies();
        browser.get(hub.url() + "/login.html");
        signIn("/plan.html?scenario=" + s, "meg.manager", InProcessHub.PASSWORD);
        waiting().until(d -> d.findElement(By.cssSelector("[data-testid='approve']")).isDisplayed());
        browser.findElement(By.cssSelector("[data-testid='approve']")).click();
        waiting().until(d -> "approved".equals(textNow("[data-testid='scenario-status']")));
        browser.manage().deleteAllCookies();
        browser.get(hub.url() + "/login.html");
        signIn("/plan.html?scenario=" + s, "ed.editor", InProcessHub.PASSWORD);
        waiting().until(d -> "approved".equals(textNow("[data-testid='scenario-status']")));
        new Actions(browser).doubleClick(browser.findElement(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='durationDays']")))
                .perform();
        assertThat(browser.findElements(By.cssSelector("#grid .tabulator-cell input"))).as("no editor on an approved scenario").isEmpty();
        assertThat(scriptErrors()).as("nothing blocked or broken").isEmpty();
    }
}
