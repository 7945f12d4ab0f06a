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
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    /** one hub and one browser for the class: each test has rigs and users of its own, and signs in afresh */
    @TempDir
    Path dir;
    private TestDatabase db;
    private InProcessHub hub;
    private Simulator simulator;
    private EdgeAgent agent;
    private WebDriver browser;
    private io.derrick.edge.testing.CountingDevice counter;

    @org.junit.jupiter.api.BeforeAll
    void start(@TempDir Path hubDir) throws Exception {
        db = TestDatabase.create();
        hub = new InProcessHub(db, hubDir);
        browser = HeadlessChromium.start(1280, 900);
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
    private String scriptErrors() {
        return browser.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(Object::toString)
                .filter(e -> !(e.contains("/api/session - Failed to load resource") && e.contains("401")))
                // the admin test's wrong time zone, answered 400 on purpose
                .filter(e -> !(e.contains("/api/admin/rigs/rig-12 - Failed to load resource") && e.contains("400")))
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

        simulator = new Simulator(SimulatorMain.parse(new String[] {"--rigs", "1", "--base-port", Integer.toString(FreePort.one()), "--speed", "20"})).start();
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

    @Test
    void anAdminManagesUsersAndClientsAndReadsTheAuditTrail() throws Exception {
        try (io.derrick.hub.testing.Publisher edge = new io.derrick.hub.testing.Publisher(hub.hub().brokerUrl(), "browser-it")) {
            edge.publish(new io.derrick.protocol.Birth("rig-07", "edge-01", "test", "cfg", java.time.Instant.now(), 0, 0, 0, java.util.List.of()));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM rig WHERE id = 'rig-07'") == 1);
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

        // a rig before it sends anything: its name, where its crews work and their shifts
        browser.findElement(By.cssSelector("[data-testid='new-rig-id']")).sendKeys("rig-12");
        browser.findElement(By.cssSelector("[data-testid='new-rig-name']")).sendKeys("Rig 12 <Pilbara>");
        browser.findElement(By.cssSelector("[data-testid='new-rig-zone']")).sendKeys("Australia/Perth");
        setTime(browser.findElement(By.cssSelector("[data-testid='new-rig-day']")), "07:00");
        setTime(browser.findElement(By.cssSelector("[data-testid='new-rig-night']")), "19:00");
        browser.findElement(By.cssSelector("[data-testid='create-rig']")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='admin-status']")).getText().contains("Added rig rig-12"));
        assertThat(db.query("SELECT name, time_zone, day_shift_start::text, night_shift_start::text, first_seen FROM rig WHERE id = 'rig-12'"))
                .containsExactly(java.util.Arrays.asList("Rig 12 <Pilbara>", "Australia/Perth", "07:00:00", "19:00:00", null));
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='rig-rig-12'] [data-testid='rig-name']")).getAttribute("value")
                .equals("Rig 12 <Pilbara>"));
        // a time zone that does not exist: the hub names the field, and nothing changes
        WebElement zone = browser.findElement(By.cssSelector("[data-testid='rig-rig-12'] [data-testid='rig-zone']"));
        zone.clear();
        zone.sendKeys("Mars/Olympus");
        browser.findElement(By.cssSelector("[data-testid='rig-rig-12'] [data-testid='rig-save']")).click();
        String refused = wait.until(d -> {
            String text = d.findElement(By.cssSelector("[data-testid='admin-status']")).getText();
            return text.contains("timeZone") ? text : null;
        });
        assertThat(refused).contains("timeZone: expected a time zone such as Australia/Perth or UTC, got 'Mars/Olympus'");
        assertThat(db.query("SELECT time_zone FROM rig WHERE id = 'rig-12'").get(0).get(0)).isEqualTo("Australia/Perth");

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
            return text.contains("user.create") && text.contains("rig.assignClient") && text.contains("client.create") && text.contains("rig.create")
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

    /**
     * A compromised or misconfigured node sends markup as a unit, a description and an event's reason: every page shows
     * it as text, and none of it runs (escaping by html``, and the Content-Security-Policy behind it).
     */
    @Test
    void markupFromARigIsShownAsTextAndNeverRuns() throws Exception {
        String unit = "<img src=x onerror=pwned=1>";
        String description = "<script>pwned=2</script>";
        String reason = "<img src=y onerror=pwned=3> SPPA high";
        java.time.Instant now = java.time.Instant.now();
        try (io.derrick.hub.testing.Publisher edge = new io.derrick.hub.testing.Publisher(hub.hub().brokerUrl(), "hostile-edge")) {
            edge.publish(new io.derrick.protocol.Birth("rig-x", "edge-01", "1", "h", now, 1, 0, 0, java.util.List.of(
                    new io.derrick.protocol.ChannelSpec("HKLD", unit, 0, 4000, "daq", description))));
            edge.publish(new io.derrick.protocol.ReadingBatch("rig-x", "edge-01", 1, java.util.List.of(new io.derrick.protocol.ChannelSeries("HKLD",
                    new long[] {now.toEpochMilli() - 1000, now.toEpochMilli()}, new double[] {812.5, 813.0},
                    new io.derrick.protocol.Quality[] {io.derrick.protocol.Quality.GOOD, io.derrick.protocol.Quality.GOOD}))));
            edge.publish(new io.derrick.protocol.Event("rig-x", "edge-01", 2, now, io.derrick.protocol.Event.Type.ALARM_RAISED,
                    io.derrick.protocol.Event.Severity.CRITICAL, java.util.List.of("HKLD"), Double.NaN, reason, java.util.Map.of(), "rule.HKLD.high"));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM alarm WHERE rig_id = 'rig-x'") == 1);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        signIn("/", InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);

        By tileUnit = By.cssSelector("[data-testid='rig-rig-x'] [data-channel='HKLD'] .u");
        assertThat(textOf(wait, tileUnit)).as("the tile's unit, as text").isEqualTo(unit);
        By fleetReason = By.cssSelector("[data-testid='fleet-alarms'] [data-testid='alarm-rule.HKLD.high'] [data-testid='alarm-reason']");
        assertThat(textOf(wait, fleetReason)).isEqualTo(reason);
        assertNothingRan();

        browser.get(hub.url() + "/rig.html?rig=rig-x");
        assertThat(textOf(wait, By.cssSelector("[data-testid='unit-HKLD']"))).as("the channel list's unit").isEqualTo(unit);
        assertThat(browser.findElement(By.cssSelector("#channels label")).getAttribute("title")).isEqualTo(description);
        assertThat(textOf(wait, By.cssSelector("[data-testid='event-reason']"))).as("the event table").isEqualTo(reason);
        assertThat(textOf(wait, By.cssSelector("[data-testid='rig-alarms'] [data-testid='alarm-reason']"))).isEqualTo(reason);
        assertNothingRan();
        assertThat(scriptErrors()).as("no script errors, no blocked inline script").isEmpty();
    }

    /** Types a time into an input of type time (the way a user picks one; sendKeys depends on the locale's format). */
    private void setTime(WebElement input, String hhmm) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", input, hhmm);
    }

    /** The element's text once it has some. */
    private static String textOf(WebDriverWait wait, By element) {
        return wait.until(d -> {
            String text = d.findElement(element).getText();
            return text.isBlank() ? null : text;
        });
    }

    /** No element the rig's markup would have made exists, and none of its script ran. */
    private void assertNothingRan() {
        assertThat(browser.findElements(By.cssSelector("main img, main script"))).as("markup from data became no element").isEmpty();
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return typeof window.pwned")).isEqualTo("undefined");
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
