package io.derrick.hub.web;

import io.derrick.edge.EdgeAgent;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.FreePort;
import io.derrick.hardware.simulator.RigSimulator;
import io.derrick.hardware.simulator.Simulator;
import io.derrick.hardware.simulator.SimulatorMain;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import io.derrick.edge.testing.HeadlessChromium;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: the fleet dashboard shows a simulated rig
 * arriving and its values moving live, the rig view draws charts of its channels, and an alarm raised on the
 * rig shows on the dashboard and is acknowledged from the rig view, back to the rig.
 */
class DashboardBrowserIT {
    @TempDir
    Path dir;
    private TestDatabase db;
    private InProcessHub hub;
    private Simulator simulator;
    private EdgeAgent agent;
    private WebDriver browser;
    private io.derrick.edge.testing.CountingDevice counter;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        hub = new InProcessHub(db, dir.resolve("hub"));
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (agent != null) {
            agent.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (counter != null) {
            counter.close();
        }
        hub.close();
        db.close();
    }

    @Test
    void theDashboardSeesASimulatedRigArriveAndGoLive() throws Exception {
        browser.get(hub.url() + "/");
        // tiles re-render on every live event, so an element found a moment ago may be replaced
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(d -> d.findElement(By.id("empty")).isDisplayed());            // an empty fleet says so

        simulator = new Simulator(SimulatorMain.parse(new String[] {"--rigs", "1", "--base-port", Integer.toString(FreePort.one())})).start();
        RigSimulator rig = simulator.rigs().getFirst();
        agent = new EdgeAgent(AgentYaml.of(rig.rig(), "edge-01").simulatedRig(rig, 200).broker(hub.hub().brokerUrl())
                .load(dir.resolve("agent")), Clock.systemUTC()).start();

        By hookload = By.cssSelector("[data-testid='rig-" + rig.rig() + "'] [data-testid='value-HKLD']");
        String first = wait.until(d -> {
            var found = d.findElements(hookload);
            return found.isEmpty() || found.getFirst().getText().equals("—") ? null : found.getFirst().getText();
        });
        assertThat(Double.parseDouble(first)).as("hookload in kN").isBetween(100.0, 3000.0);
        String changed = wait.until(d -> {
            String now = d.findElement(hookload).getText();
            return now.equals(first) ? null : now;
        });
        assertThat(changed).as("the tile updates from the live stream without a reload").isNotEqualTo(first);
        assertThat(browser.findElement(By.cssSelector("[data-testid='rig-" + rig.rig() + "'] [data-testid='activity']")).getText())
                .isIn("Drilling", "Connection", "Circulating");
        assertThat(browser.findElement(By.cssSelector("[data-testid='live-state']")).getText()).isEqualTo("live");

        browser.findElement(By.cssSelector("[data-testid='rig-" + rig.rig() + "']")).click();
        wait.until(d -> d.getCurrentUrl().contains("rig.html"));
        WebElement chart = wait.until(d -> {
            var charts = d.findElements(By.cssSelector("[data-testid='chart-HKLD'] canvas"));
            return charts.isEmpty() ? null : charts.getFirst();
        });
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        assertThat(browser.findElement(By.cssSelector("[data-testid='rig-name']")).getText()).isEqualTo(rig.rig());
        wait.until(d -> !d.findElement(By.cssSelector("[data-testid='latest-HKLD']")).getText().isBlank());
        String severe = browser.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(Object::toString).collect(Collectors.joining("\n"));
        assertThat(severe).as("no script errors in the console").isEmpty();
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

        browser.get(hub.url() + "/");
        // the tile is redrawn on every live event: read it in one go
        String badge = wait.until(d -> {
            WebElement found = d.findElement(By.cssSelector("[data-testid='rig-rig-alarm'] [data-testid='alarm-badge']"));
            return found.getAttribute("class") + " | " + found.getText();
        });
        assertThat(badge).contains("CRITICAL").contains("1 alarm(s)").contains("1 unacknowledged");
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='fleet-alarms'] [data-testid='alarm-rule.CTR.high']")).isDisplayed());

        browser.get(hub.url() + "/rig.html?rig=rig-alarm");
        By row = By.cssSelector("[data-testid='rig-alarms'] [data-testid='alarm-rule.CTR.high']");
        wait.until(d -> d.findElement(row).findElement(By.cssSelector("[data-testid='ack']"))).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='ack-dialog']")).isDisplayed());
        browser.findElement(By.cssSelector("[data-testid='ack-confirm']")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='ack-result']")).getText().contains("Not acknowledged"));
        assertThat(browser.findElement(By.cssSelector("[data-testid='ack-result']")).getText()).contains("by: who acknowledges");

        browser.findElement(By.cssSelector("[data-testid='ack-by']")).sendKeys("M. Tech");
        browser.findElement(By.cssSelector("[data-testid='ack-confirm']")).click();
        wait.until(d -> d.findElement(row).getAttribute("data-state").equals("ACKNOWLEDGED"));
        String state = wait.until(d -> {
            String text = d.findElement(row).findElement(By.cssSelector("[data-testid='alarm-state']")).getText();
            return text.contains("sending") ? null : text;   // confirmed by the rig
        });
        assertThat(state).startsWith("acknowledged by M. Tech");
        assertThat(agent.alarms().active().getFirst().acknowledgedBy()).isEqualTo("M. Tech (hub)");
        String severe = browser.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(Object::toString)
                .filter(e -> !e.contains("/ack - Failed to load resource")) // the refused empty name, on purpose
                .collect(Collectors.joining("\n"));
        assertThat(severe).as("no script errors in the console").isEmpty();
    }
}
