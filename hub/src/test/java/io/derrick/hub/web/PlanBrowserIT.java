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
        // the status is shown before Tabulator has drawn the rows
        until(() -> !browser.findElements(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='durationDays']")).isEmpty(),
                "the read-only grid");
        new Actions(browser).doubleClick(browser.findElement(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='durationDays']")))
                .perform();
        assertThat(browser.findElements(By.cssSelector("#grid .tabulator-cell input"))).as("no editor on an approved scenario").isEmpty();
        assertThat(scriptErrors()).as("nothing blocked or broken").isEmpty();
    }

    Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script, args);
    }

    double days(HubClient c, long s, int i) throws Exception {
        return c.json("GET", "/api/plan/scenarios/" + s, null, 200).get("wells").get(i).get("durationDays").asDouble();
    }

    void until(java.util.concurrent.Callable<Boolean> condition, String what) {
        try {
            waiting().until(d -> {
                try {
                    return condition.call();
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + ": the page says '" + textNow("[data-testid='msg']") + "'; console: " + scriptErrors(), e);
        }
    }

    /**
     * A planner's day: three cells pasted from a spreadsheet (each saved; Ctrl+Z undoes the last), three new rows
     * pasted into the import (dry run, then import), a comment, a Gantt bar dragged and its dependent moved by the
     * scheduler, the scenario cloned, and the clone approved by a manager.
     */
    @Test
    void aPlannerPastesImportsCommentsDragsAndClonesAManagerApproves() throws Exception {
        HubClient editor = hub.user("pia.planner", "Pia Planner", "editor", null);
        hub.user("mo.manager", "Mo Manager", "manager", null);
        for (String rig : new String[] {"rig-h1", "rig-h2"}) {
            editor.json("PUT", "/api/plan/rigs/" + rig, "{\"name\":\"" + rig + "\",\"dayRate\":10000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        }
        long[] w = new long[6];
        for (int i = 0; i < 6; i++) {
            w[i] = editor.json("POST", "/api/plan/wells", "{\"name\":\"H-" + (i + 1) + "\",\"type\":\"development\"}", 201).get("id").asLong();
        }
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Heron 2027\",\"horizon\":\"heron\"}", 201).get("id").asLong();
        long c = editor.json("POST", "/api/plan/scenarios/" + s + "/campaigns", "{\"name\":\"Heron\"}", 201).get("id").asLong();
        String wells = "/api/plan/scenarios/" + s + "/wells";
        long h1 = editor.json("POST", wells, "{\"campaign\":" + c + ",\"well\":" + w[0] + ",\"rig\":\"rig-h1\",\"plannedStart\":\"2027-04-01\",\"durationDays\":10}", 201)
                .get("id").asLong();
        long h2 = editor.json("POST", wells, "{\"campaign\":" + c + ",\"well\":" + w[1] + ",\"rig\":\"rig-h1\",\"durationDays\":5,\"dependencies\":[{\"predecessor\":"
                + h1 + "}]}", 201).get("id").asLong();
        editor.json("POST", wells, "{\"campaign\":" + c + ",\"well\":" + w[2] + ",\"rig\":\"rig-h2\",\"plannedStart\":\"2027-04-01\",\"durationDays\":5}", 201);

        browser.manage().deleteAllCookies();
        browser.get(hub.url() + "/login.html");
        signIn("/plan.html?scenario=" + s, "pia.planner", InProcessHub.PASSWORD);
        until(() -> browser.findElements(By.cssSelector("#grid .tabulator-row")).size() == 3, "the grid");

        // three cells pasted from a spreadsheet (a column of days), from the first row's
        browser.findElement(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='durationDays']")).click();
        js("const dt = new DataTransfer(); dt.setData('text/plain', '12\\n8\\n4');"
                + "document.querySelector('#grid .tabulator-tableholder').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));");
        until(() -> days(editor, s, 0) == 12 && days(editor, s, 1) == 8 && days(editor, s, 2) == 4, "the pasted days saved");
        // Ctrl+Z: the last pasted cell goes back (and is saved)
        browser.findElement(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='status']")).click();
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
        until(() -> days(editor, s, 2) == 5, "undone");

        // a comment on the first well: in the panel and counted in the grid
        browser.findElement(By.cssSelector("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='comments']")).click();
        WebElement comment = waiting().until(d -> d.findElement(By.cssSelector("[data-testid='comment-text']")));
        comment.sendKeys("<i>Spud</i> waits for the permit", Keys.ENTER);
        until(() -> textNow("[data-testid='comments']").contains("<i>Spud</i> waits for the permit"), "the comment");
        until(() -> textNow("#grid .tabulator-row:first-child .tabulator-cell[tabulator-field='comments']").startsWith("1"), "the count");

        // three new rows pasted from a spreadsheet into the import: columns, dry run, import
        browser.findElement(By.cssSelector("[data-testid='tab-import']")).click();
        js("const t = document.querySelector('[data-testid=paste]'); t.value = arguments[0];"
                + "t.dispatchEvent(new ClipboardEvent('paste', {clipboardData: new DataTransfer(), bubbles: true}));",
                "Campaign\tWell\tRig\tDays\nHeron\tH-4\trig-h2\t3\nHeron\tH-5\trig-h2\t3\nHeron\tH-6\trig-h2\t3\n");
        waiting().until(d -> d.findElement(By.cssSelector("[data-testid='dry-run']"))).click();
        until(() -> textNow("[data-testid='import-summary']").contains("create 3"), "the dry run");
        assertThat(editor.json("GET", "/api/plan/scenarios/" + s, null, 200).get("wells")).as("a dry run stores nothing").hasSize(3);
        browser.findElement(By.cssSelector("[data-testid='apply-import']")).click();
        waitForMessage("imported 3 rows");
        assertThat(editor.json("GET", "/api/plan/scenarios/" + s, null, 200).get("wells")).hasSize(6);
        browser.findElement(By.cssSelector("[data-tab='wells-tab']")).click();
        until(() -> browser.findElements(By.cssSelector("#grid .tabulator-row")).size() == 6, "the imported rows in the grid");
        // and one more through the form, in a new campaign
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#add-cw select[name='campaign']"))).selectByVisibleText("(a new one)");
        browser.findElement(By.cssSelector("#add-cw input[name='newCampaign']")).sendKeys("Heron East");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#add-cw select[name='well']"))).selectByVisibleText("H-6");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#add-cw select[name='rig']"))).selectByValue("rig-h2");
        browser.findElement(By.cssSelector("#add-cw button[type='submit']")).click();
        waitForMessage("Added H-6");
        until(() -> browser.findElements(By.cssSelector("#grid .tabulator-row")).size() == 7, "the added row in the grid");
        assertThat(editor.json("GET", "/api/plan/scenarios/" + s, null, 200).get("campaigns")).extracting(x -> x.get("name").asText())
                .containsExactly("Heron", "Heron East");

        // drag the first well's bar about a week later: saved, and the well after it moves as the scheduler says
        browser.findElement(By.cssSelector("[data-testid='calc']")).click();
        until(() -> !browser.findElements(By.cssSelector("#gantt .bar-wrapper[data-id='cw-" + h2 + "'] .bar")).isEmpty(), "the Gantt");
        String before = browser.findElement(By.cssSelector("#gantt .bar-wrapper[data-id='cw-" + h2 + "'] .bar")).getAttribute("x");
        WebElement bar = browser.findElement(By.cssSelector("#gantt .bar-wrapper[data-id='cw-" + h1 + "'] .bar"));
        js("arguments[0].scrollIntoView({block: 'center', inline: 'start'})", bar);
        new Actions(browser).clickAndHold(bar).moveByOffset(40, 0).moveByOffset(80, 0).release().perform();
        waitForMessage("Moved H-1 to");
        JsonNode moved = editor.json("GET", "/api/plan/scenarios/" + s, null, 200).get("wells").get(0);
        assertThat(moved.get("plannedStart").asText()).isGreaterThan("2027-04-01");
        until(() -> !browser.findElement(By.cssSelector("#gantt .bar-wrapper[data-id='cw-" + h2 + "'] .bar")).getAttribute("x").equals(before),
                "the dependent bar moved");
        assertThat(Double.parseDouble(browser.findElement(By.cssSelector("#gantt .bar-wrapper[data-id='cw-" + h2 + "'] .bar")).getAttribute("x")))
                .isGreaterThan(Double.parseDouble(before));

        // clone; a manager approves the clone
        browser.findElement(By.cssSelector("[data-testid='clone']")).click();
        until(() -> textNow("[data-testid='scenario']").contains("Heron 2027 (copy") && "draft".equals(textNow("[data-testid='scenario-status']")),
                "the clone");
        String copy = browser.getCurrentUrl().replaceAll(".*scenario=", "");
        assertThat(copy).isNotEqualTo(Long.toString(s));
        browser.manage().deleteAllCookies();
        browser.get(hub.url() + "/login.html");
        signIn("/plan.html?scenario=" + copy, "mo.manager", InProcessHub.PASSWORD);
        waiting().until(d -> d.findElement(By.cssSelector("[data-testid='approve']")).isDisplayed());
        browser.findElement(By.cssSelector("[data-testid='approve']")).click();
        until(() -> "approved".equals(textNow("[data-testid='scenario-status']")), "approved");
        assertThat(editor.json("GET", "/api/plan/scenarios/" + copy, null, 200).get("wells")).hasSize(7);
        assertThat(scriptErrors()).as("nothing blocked or broken").isEmpty();
    }

    /**
     * A scenario of more rows than the grid shows at once: the grid scrolls inside a fixed height and draws only the
     * rows in view, and the Gantt follows the grid's filter.
     */
    @Test
    void aLargerScenarioScrollsInTheGridAndTheGanttFollowsItsFilter() throws Exception {
        HubClient editor = hub.user("lee.planner", "Lee Planner", "editor", null);
        StringBuilder wells = new StringBuilder("Name,Type\n");
        StringBuilder cws = new StringBuilder("Campaign,Well,Rig,Planned start,Days\n");
        for (int i = 0; i < 80; i++) {
            wells.append("L-").append(i).append(",development\n");
            cws.append("Long,L-").append(i).append(",rig-l").append(i % 4).append(",2027-0").append(1 + i % 9).append("-01,5\n");
        }
        for (int r = 0; r < 4; r++) {
            editor.json("PUT", "/api/plan/rigs/rig-l" + r, "{\"name\":\"L" + r + "\",\"dayRate\":1000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        }
        assertThat(editor.upload("/api/plan/import?entity=wells&apply=true", wells.toString().getBytes(), "text/csv").statusCode()).isEqualTo(200);
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Long 2027\",\"horizon\":\"long\"}", 201).get("id").asLong();
        assertThat(editor.upload("/api/plan/import?entity=campaign-wells&apply=true&scenario=" + s, cws.toString().getBytes(), "text/csv").statusCode())
                .isEqualTo(200);
        editor.json("POST", "/api/plan/scenarios/" + s + "/calc", "{}", 201);

        browser.get(hub.url() + "/login.html");
        signIn("/plan.html?scenario=" + s, "lee.planner", InProcessHub.PASSWORD);
        until(() -> browser.findElements(By.cssSelector("#gantt .bar-wrapper")).size() == 80, "80 bars");
        int drawn = browser.findElements(By.cssSelector("#grid .tabulator-row")).size();
        assertThat(drawn).as("the rows in view, not all 80").isBetween(10, 79);
        // filter the grid by a rig: the Gantt draws its wells only
        WebElement rigFilter = browser.findElement(By.cssSelector("#grid .tabulator-col[tabulator-field='rig'] .tabulator-header-filter input"));
        rigFilter.sendKeys("rig-l2");
        until(() -> browser.findElements(By.cssSelector("#gantt .bar-wrapper")).size() == 20, "20 bars of rig-l2");
        // a well and a rig added on their tabs
        browser.findElement(By.cssSelector("[data-testid='tab-wells']")).click();
        until(() -> browser.findElements(By.cssSelector("#well-grid .tabulator-row")).size() > 10, "the wells' grid");
        browser.findElement(By.cssSelector("#add-well input[name='name']")).sendKeys("L-new");
        browser.findElement(By.cssSelector("#add-well input[name='plannedDepth']")).sendKeys("650");
        browser.findElement(By.cssSelector("#add-well button[type='submit']")).click();
        waitForMessage("Added well L-new");
        browser.findElement(By.cssSelector("[data-testid='tab-rigs']")).click();
        browser.findElement(By.cssSelector("#add-rig input[name='id']")).sendKeys("rig-l9");
        browser.findElement(By.cssSelector("#add-rig input[name='name']")).sendKeys("L9");
        browser.findElement(By.cssSelector("#add-rig input[name='dayRate']")).sendKeys("12500.5");
        browser.findElement(By.cssSelector("#add-rig button[type='submit']")).click();
        waitForMessage("Added rig rig-l9");
        until(() -> textNow("#rig-grid").contains("rig-l9"), "the new rig in its grid");
        assertThat(editor.json("GET", "/api/plan/rigs", null, 200).toString()).contains("\"dayRate\":12500.5");
        assertThat(scriptErrors()).isEmpty();
    }
}
