package io.derrick.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.PumpHistory;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The equipment page and the maintenance board in Chromium: a worn pump's remaining life with its band and trend
 * chart; a work order opened on the equipment page moves across the board as maintenance starts and completes it;
 * an incident reported through the form shows its title as typed (escaped); a client sees the shared units only.
 */
class EquipmentBrowserIT extends HubBrowserTest {
    @Override
    Map<String, String> settings() {
        return Map.of("equipment.rul.trees", "20");
    }

    JsonNode awaitJob(HubClient admin, JsonNode queued) {
        long id = queued.get("id").asLong();
        await("job " + id).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> admin.json("GET", "/api/equipment/jobs/" + id, null, 200).get("status").asText().equals("success"));
        return queued;
    }

    @Test
    void theEquipmentPageShowsTheBandAndAWorkOrderMovesAcrossTheBoard() throws Exception {
        HubClient admin = hub.admin();
        double age = PumpHistory.sendWorn(hub.hub().brokerUrl(), "rig-e", "edge-e", 48, 10);
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM rollup_1h r JOIN channel c ON c.id = r.channel_id"
                + " WHERE c.rig_id = 'rig-e'") >= 48 * 6);
        long pump = admin.json("POST", "/api/equipment", ("{\"rig\":\"rig-e\",\"kind\":\"mud_pump\",\"name\":\"Pump <i>1</i>\",\"hoursAtInstall\":%d,"
                + "\"node\":\"edge-e\",\"channels\":[\"VIB1\",\"MP1_PWR\",\"MP1_CUR\",\"MP1_TMP\",\"SPPA\"],\"runChannel\":\"SPM1\",\"runAbove\":5,"
                + "\"shareable\":true}").formatted((int) age), 201).get("id").asLong();
        long genset = admin.json("POST", "/api/equipment", "{\"rig\":\"rig-e\",\"kind\":\"generator\",\"name\":\"Genset\"}", 201).get("id").asLong();
        awaitJob(admin, admin.json("POST", "/api/equipment/models/mud_pump/train", null, 202));
        awaitJob(admin, admin.json("POST", "/api/equipment/score", null, 202));
        awaitJob(admin, admin.json("POST", "/api/equipment/score", null, 202));   // two points on the trend

        browser.get(hub.url() + "/login.html");
        signIn("/equipment.html?rig=rig-e", InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
        waitForText("[data-testid='band-" + pump + "']", t -> t.matches("\\(\\d+–\\d+ h\\)"));
        assertThat(textNow("[data-testid='unit-" + pump + "'] h2")).startsWith("Pump <i>1</i>");
        assertThat(textNow("[data-testid='rul-" + pump + "']")).startsWith("RUL");
        WebElement trend = browser.findElement(By.cssSelector("[data-testid='trend-" + pump + "']"));
        waiting().until(d -> trend.getAttribute("aria-label") != null && trend.getAttribute("aria-label").contains("band"));
        assertThat(trend.findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(textNow("[data-testid='rul-" + genset + "']")).isEqualTo("no RUL model for this kind of equipment");
        assertThat(textNow("[data-testid='model']")).contains("mud pump model v1");

        // open a work order on the pump from its card
        WebElement form = browser.findElement(By.cssSelector("[data-testid='new-wo-" + pump + "']"));
        form.findElement(By.name("description")).sendKeys("Replace valves <b>now</b>");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        waitForText("[data-testid='open-" + pump + "']", t -> t.contains("Replace valves <b>now</b>"));
        long wo = db.count("SELECT id FROM work_order WHERE equipment_id = ?", pump);

        browser.get(hub.url() + "/maintenance.html?rig=rig-e");
        waiting().until(d -> !d.findElements(By.cssSelector("[data-testid='column-scheduled'] [data-testid='wo-" + wo + "']")).isEmpty());
        browser.findElement(By.cssSelector("[data-testid='wo-" + wo + "-start']")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("[data-testid='column-in_progress'] [data-testid='wo-" + wo + "']")).isEmpty());
        browser.findElement(By.cssSelector("[data-testid='wo-" + wo + "-cancel']")).click();
        waitForText("[data-testid='wo-" + wo + "-msg']", t -> t.contains("needs a note"));
        assertThat(scriptErrors()).as("only the refusal, answered 400 on purpose").contains("/cancel - Failed to load resource")
                .doesNotContain("Uncaught");
        browser.findElement(By.cssSelector("[data-testid='wo-" + wo + "-complete']")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("[data-testid='column-completed'] [data-testid='wo-" + wo + "']")).isEmpty());
        assertThat(textNow("[data-testid='column-completed'] [data-testid='wo-" + wo + "']")).contains("Replace valves <b>now</b>", "completed");

        // an incident through the form
        WebElement report = browser.findElement(By.cssSelector("[data-testid='report-incident']"));
        report.findElement(By.name("title")).sendKeys("Hose <script>whip</script>");
        report.findElement(By.name("description")).sendKeys("Kelly hose whipped when the pump started");
        report.findElement(By.cssSelector("button[type='submit']")).click();
        waitForText("[data-testid='report-msg']", t -> t.startsWith("incident #"));
        long incident = db.count("SELECT id FROM incident WHERE rig_id = 'rig-e'");
        waitForText("[data-testid='incident-" + incident + "']", t -> t.contains("Hose <script>whip</script>"));
        browser.findElement(By.cssSelector("[data-testid='incident-" + incident + "-investigate']")).click();
        waitForText("[data-testid='incident-" + incident + "-status']", t -> t.equals("investigating"));
        assertThat(scriptErrors()).as("nothing blocked or broken").isEmpty();

        // a client of the rig: the shared pump only, and no board
        admin.json("POST", "/api/admin/clients", "{\"id\":\"emu\",\"name\":\"Emu Gold\"}", 201);
        admin.json("PUT", "/api/admin/rigs/rig-e/client", "{\"client\":\"emu\"}", 200);
        hub.user("eve@emu.example", "client", "emu");
        browser.manage().deleteAllCookies();
        browser.get(hub.url() + "/login.html");
        signIn("/equipment.html?rig=rig-e", "eve@emu.example", InProcessHub.PASSWORD);
        waiting().until(d -> !d.findElements(By.cssSelector("[data-testid='unit-" + pump + "']")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("[data-testid='unit-" + genset + "']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-testid='new-wo-" + pump + "']"))).as("no writes for a client").isEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-testid='nav-maintenance']"))).isEmpty();
        browser.get(hub.url() + "/maintenance.html");
        waitForText("[data-testid='msg']", t -> t.contains("for the contractor's staff"));
        assertThat(browser.findElement(By.cssSelector("[data-testid='board']")).isDisplayed()).as("nothing but why").isFalse();
        assertThat(scriptErrors()).isEmpty();
    }
}
