package io.derrick.hub.web;

import io.derrick.edge.EdgeAgent;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.FreePort;
import io.derrick.hardware.simulator.RigSimulator;
import io.derrick.hardware.simulator.Simulator;
import io.derrick.hardware.simulator.SimulatorMain;
import io.derrick.hub.testing.InProcessHub;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet dashboard and the rig view: a simulated rig arriving and its values moving live, charts of its channels,
 * and an alarm raised on the rig seen on the dashboard and acknowledged from the rig view, back to the rig.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT extends HubBrowserTest {
    @Test
    @org.junit.jupiter.api.Order(1)   // first: it starts from an empty fleet
    void theDashboardSeesASimulatedRigArriveAndGoLive() throws Exception {
        // a wrong password first: the page says so and stays
        browser.get(hub.url() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.getCurrentUrl().contains("/login.html"));
        browser.findElement(By.cssSelector("[data-testid='username']")).sendKeys(InProcessHub.ADMIN);
        browser.findElement(By.cssSelector("[data-testid='password']")).sendKeys("not the password");
        browser.findElement(By.cssSelector("[data-testid='submit']")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='message']")).getText().contains("wrong username or password"));
        browser.findElement(By.cssSelector("[data-testid='password']")).sendKeys(InProcessHub.ADMIN_PASSWORD);
        browser.findElement(By.cssSelector("[data-testid='submit']")).click();
        wait.until(d -> d.getCurrentUrl().equals(hub.url() + "/"));
        assertThat(wait.until(d -> d.findElement(By.cssSelector("[data-testid='signed-in-as']"))).getText()).isEqualTo("admin");
        // tiles re-render on every live event, so an element found a moment ago may be replaced
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(d -> d.findElement(By.id("empty")).isDisplayed());            // an empty fleet says so

        simulator = new Simulator(SimulatorMain.parse(new String[] {"--rigs", "1", "--base-port", Integer.toString(FreePort.block(3)), "--speed", "20"})).start();
        RigSimulator rig = simulator.rigs().getFirst();
        agent = new EdgeAgent(AgentYaml.of(rig.rig(), "edge-01").simulatedRig(rig, 200).broker(hub.hub().brokerUrl())
                .load(dir.resolve("agent")), Clock.systemUTC()).start();

        // the tile is drawn again on every live event: read its value in one step, in the page
        String hookload = "[data-testid='rig-" + rig.rig() + "'] [data-testid='value-HKLD']";
        String first = wait.until(d -> {
            String text = textNow(hookload);
            return text == null || text.equals("—") ? null : text;
        });
        assertThat(Double.parseDouble(first)).as("hookload in kN").isBetween(100.0, 3000.0);
        String changed = wait.until(d -> {
            String now = textNow(hookload);
            return now == null || now.equals(first) ? null : now;
        });
        assertThat(changed).as("the tile updates from the live stream without a reload").isNotEqualTo(first);
        assertThat(textNow("[data-testid='rig-" + rig.rig() + "'] [data-testid='activity']")).isIn("Drilling", "Connection", "Circulating");
        assertThat(browser.findElement(By.cssSelector("[data-testid='live-state']")).getText()).isEqualTo("live");

        browser.findElement(By.cssSelector("[data-testid='rig-" + rig.rig() + "']")).click();
        wait.until(d -> d.getCurrentUrl().contains("rig.html"));
        WebElement chart = wait.until(d -> {
            var charts = d.findElements(By.cssSelector("[data-testid='chart-HKLD'] canvas"));
            return charts.isEmpty() ? null : charts.getFirst();
        });
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        assertThat(browser.findElement(By.cssSelector("[data-testid='page-title']")).getText()).isEqualTo(rig.rig());
        wait.until(d -> !d.findElement(By.cssSelector("[data-testid='latest-HKLD']")).getText().isBlank());
        assertThat(scriptErrors()).as("no script errors in the console").isEmpty();
    }

    @Test
    void anAlarmOnTheRigIsSeenOnTheDashboardAndAcknowledgedFromTheRigView() throws Exception {
        counter = new io.derrick.edge.testing.CountingDevice();
        agent = new EdgeAgent(AgentYaml.of("rig-alarm", "edge-01")
                .device("counter", counter.port(), io.derrick.edge.testing.CountingDevice.writeMap(dir).toString(), 100)
                .broker(hub.hub().brokerUrl())
                .with("""
                        detection:
                          evaluateMs: 200
                          rules:
                            - {type: high, channel: CTR, limit: 5, forS: 0, severity: critical}
                        """).load(dir.resolve("agent")), Clock.systemUTC()).start();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);

        hub.user("m.tech", "M. Tech", "maintenance", null);
        signIn("/", "m.tech", InProcessHub.PASSWORD);
        // the tile is redrawn on every live event: read it in one go
        String badge = wait.until(d -> {
            WebElement found = d.findElement(By.cssSelector("[data-testid='rig-rig-alarm'] [data-testid='alarm-badge']"));
            return found.getAttribute("class") + " | " + found.getText();
        });
        assertThat(badge).contains("CRITICAL").contains("1 alarm(s)").contains("1 unacknowledged");
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='fleet-alarms'] [data-testid='alarm-rule.CTR.high']")).isDisplayed());

        browser.get(hub.url() + "/rig.html?rig=rig-alarm");
        By row = By.cssSelector("[data-testid='rig-alarms'] [data-testid='alarm-rule.CTR.high']");
        By dialog = By.cssSelector("[data-testid='ack-dialog']");
        WebElement ack = wait.until(d -> d.findElement(row).findElement(By.cssSelector("[data-testid='ack']")));
        assertThat(browser.findElement(dialog).isDisplayed()).as("no empty Acknowledge/Cancel box before one is asked").isFalse();
        ack.click();
        wait.until(d -> d.findElement(dialog).isDisplayed());
        assertThat(browser.findElement(dialog).getText()).contains("as M. Tech?");
        browser.findElement(By.cssSelector("[data-testid='ack-confirm']")).click();
        wait.until(d -> d.findElement(row).getAttribute("data-state").equals("ACKNOWLEDGED"));
        String result = wait.until(d -> {
            String text = d.findElement(By.cssSelector("[data-testid='ack-result']")).getText();
            return text.isBlank() ? null : text;
        });
        assertThat(result).as("the page says what happened").contains("rule.CTR.high: sent to the rig").doesNotContain("Not acknowledged");
        assertThat(browser.findElement(dialog).isDisplayed()).as("the box closes once done").isFalse();
        String state = wait.until(d -> {
            String text = d.findElement(row).findElement(By.cssSelector("[data-testid='alarm-state']")).getText();
            return text.contains("sending") ? null : text;   // confirmed by the rig
        });
        assertThat(state).startsWith("acknowledged by M. Tech");
        assertThat(agent.alarms().active().getFirst().acknowledgedBy()).isEqualTo("M. Tech (hub)");
        assertThat(scriptErrors()).as("no script errors in the console").isEmpty();

        // a viewer sees the alarm but is not offered to acknowledge it
        browser.findElement(By.cssSelector("[data-testid='sign-out']")).click();
        wait.until(d -> d.getCurrentUrl().contains("/login.html"));
        hub.user("vic", "Vic Viewer", "viewer", null);
        signIn("/rig.html?rig=rig-alarm", "vic", InProcessHub.PASSWORD);
        wait.until(d -> d.findElement(row).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("[data-testid='ack']"))).isEmpty();
    }


    /** A rig that does not exist says so in the header and the page, instead of "connecting…" for ever. */
    @Test
    void anUnknownRigSaysSo() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn("/rig.html?rig=no-such-rig", InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
        String state = wait.until(d -> {
            String text = d.findElement(By.cssSelector("[data-testid='live-state']")).getText();
            return text.equals("connecting…") ? null : text;
        });
        assertThat(state).isEqualTo("not found");
        assertThat(browser.findElement(By.cssSelector("[data-testid='no-rig']")).getText()).contains("Cannot show rig no-such-rig: no rig no-such-rig");
    }


    /** The rig view's charts break their lines where the data pauses (an outage is no ramp). */
    @Test
    void chartLinesBreakWhereTheDataPauses() throws Exception {
        signIn("/", InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
        Object out = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/app/series.js').then(m => {
                  const t = [0, 1, 2, 3, 53, 54, 55];         // seconds: a 50-s outage after 3
                  const v = [1, 2, 3, 4, 5, 6, 7];
                  const gap = m.gapAfter(t, 0.5);
                  done(JSON.stringify({ gap, data: m.withGaps([t, v], gap) }));
                }).catch(e => done('error ' + e));""");
        com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(r.get("gap").asDouble()).as("three typical steps").isEqualTo(3.0);
        assertThat(r.get("data").get(0).toString()).isEqualTo("[0,1,2,3,4,53,54,55]");
        assertThat(r.get("data").get(1).toString()).as("a null breaks the line in the pause").isEqualTo("[1,2,3,4,null,5,6,7]");
    }
}
