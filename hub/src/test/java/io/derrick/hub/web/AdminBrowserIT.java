package io.derrick.hub.web;

import io.derrick.hub.testing.InProcessHub;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page (users, clients, rigs, nodes, the audit trail), and what a hostile rig sends shown as text on every
 * page, never run.
 */
class AdminBrowserIT extends HubBrowserTest {
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

}
