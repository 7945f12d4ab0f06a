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

    /**
     * What the console logged as severe, but for the 401s of signing in: the anonymous first visit and a wrong password
     * are answered 401 on purpose, and Chromium logs every failed request.
     */
    private String scriptErrors() {
        return browser.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(Object::toString)
                .filter(e -> !(e.contains("/api/session - Failed to load resource") && e.contains("401")))
                .collect(Collectors.joining("\n"));
    }

    /** Signs in through the sign-in page the hub sends an anonymous browser to, and lands back on {@code page}. */
    private void signIn(String page, String username, String password) {
        browser.get(hub.url() + page);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(d -> d.getCurrentUrl().contains("/login.html?next="));
        browser.findElement(By.cssSelector("[data-testid='username']")).sendKeys(username);
        browser.findElement(By.cssSelector("[data-testid='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("[data-testid='submit']")).click();
        wait.until(d -> d.getCurrentUrl().endsWith(page));
    }

    @Test
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
        wait.until(d -> d.findElement(row).findElement(By.cssSelector("[data-testid='ack']"))).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='ack-dialog']")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector("[data-testid='ack-dialog']")).getText()).contains("as M. Tech?");
        browser.findElement(By.cssSelector("[data-testid='ack-confirm']")).click();
        wait.until(d -> d.findElement(row).getAttribute("data-state").equals("ACKNOWLEDGED"));
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

    @Test
    void anAdminManagesUsersAndClientsAndReadsTheAuditTrail() throws Exception {
        try (io.derrick.hub.testing.Publisher edge = new io.derrick.hub.testing.Publisher(hub.hub().brokerUrl(), "browser-it")) {
            edge.publish(new io.derrick.protocol.Birth("rig-07", "edge-01", "test", "cfg", java.time.Instant.now(), 0, 0, 0, java.util.List.of()));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM rig") == 1);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        signIn("/admin.html", InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='user-admin']")).isDisplayed());

        browser.findElement(By.cssSelector("[data-testid='new-client-id']")).sendKeys("acme");
        browser.findElement(By.cssSelector("[data-testid='new-client-name']")).sendKeys("Acme Mining");
        browser.findElement(By.cssSelector("[data-testid='create-client']")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='admin-status']")).getText().contains("Added client acme"));

        // the rigs table is drawn again once the new client is in its lists: choose after that
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid='rig-rig-07'] select option[value='acme']")).isEmpty());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("[data-testid='rig-rig-07'] select"))).selectByValue("acme");
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='admin-status']")).getText().contains("rig-07 now drills for acme"));
        assertThat(db.query("SELECT client_id FROM rig WHERE id = 'rig-07'").get(0).get(0)).isEqualTo("acme");

        browser.findElement(By.cssSelector("[data-testid='new-username']")).sendKeys("ann");
        browser.findElement(By.cssSelector("[data-testid='new-user'] input[value='client']")).click();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("[data-testid='new-user'] select"))).selectByValue("acme");
        browser.findElement(By.cssSelector("[data-testid='new-password']")).sendKeys("short");
        browser.findElement(By.cssSelector("[data-testid='create-user']")).click();
        // the browser's own check (minlength) holds the form; the hub's answer is tested through the API
        assertThat(db.count("SELECT count(*) FROM app_user WHERE username = 'ann'")).isZero();
        browser.findElement(By.cssSelector("[data-testid='new-password']")).sendKeys(" but now long enough");
        browser.findElement(By.cssSelector("[data-testid='create-user']")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='admin-status']")).getText().contains("Created ann"));
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='user-ann']")).isDisplayed());

        browser.findElement(By.cssSelector("[data-testid='new-node-rig']")).sendKeys("rig-07");
        browser.findElement(By.cssSelector("[data-testid='new-node-node']")).sendKeys("edge-02");
        browser.findElement(By.cssSelector("[data-testid='register-node']")).click();
        String credential = wait.until(d -> {
            WebElement shown = d.findElement(By.cssSelector("[data-testid='credential']"));
            return shown.isDisplayed() ? shown.getText() : null;
        });
        assertThat(credential).contains("username: rig-07.edge-02", "may publish: derrick/v1/rig-07/edge-02/data");
        String password = credential.lines().filter(l -> l.strip().startsWith("password: ")).findFirst().orElseThrow().strip().substring(10);
        assertThat(hub.hub().nodes().authenticate("rig-07.edge-02", password.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .as("the password shown is the node's credential").isPresent();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='node-rig-07.edge-02']")).isDisplayed());

        String audit = wait.until(d -> {
            String text = d.findElement(By.cssSelector("[data-testid='audit']")).getText();
            return text.contains("user.create") && text.contains("rig.assignClient") && text.contains("client.create")
                    && text.contains("node.register") ? text : null;
        });
        assertThat(audit).contains("admin");

        // ann, a client's user, sees acme's rig only, and no admin page
        browser.findElement(By.cssSelector("[data-testid='sign-out']")).click();
        wait.until(d -> d.getCurrentUrl().contains("/login.html"));
        signIn("/", "ann", "short but now long enough");
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='rig-rig-07']")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("[data-testid='admin-link']"))).isEmpty();
        assertThat(scriptErrors()).as("no script errors in the console").isEmpty();
    }
}
