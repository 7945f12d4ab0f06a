package io.derrick.edge.status;

import io.derrick.edge.EdgeAgent;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.edge.testing.FreePort;
import io.derrick.edge.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogType;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's Chromium, headless: the crew's status page shows a live value changing without a reload, with the
 * broker unreachable (uplink down), and acknowledges an alarm once the right PIN is given.
 */
class StatusPageBrowserIT {
    @TempDir
    Path dir;
    private CountingDevice counter;
    private EdgeAgent agent;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        counter = new CountingDevice();
        int port = FreePort.one();
        agent = new EdgeAgent(AgentYaml.of("rig-01", "edge-01")
                .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 200)
                .broker("tcp://127.0.0.1:" + FreePort.one())              // nobody listens: the uplink is down
                .with("""
                        detection:
                          evaluateMs: 200
                          rules:
                            - {type: high, channel: CTR, limit: 5, forS: 0, severity: critical}
                        statusPage: {port: %d, bind: 127.0.0.1, pin: "2468"}
                        """.formatted(port)).load(dir.resolve("agent")), Clock.systemUTC()).start();
        browser = HeadlessChromium.start(1024, 768);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (agent != null) {
            agent.close();
        }
        counter.close();
    }

    private String ctr() {
        return browser.findElement(By.cssSelector("[data-channel=CTR] .v")).getText();
    }

    @Test
    void theCrewSeesLiveValuesAndAcknowledgesAnAlarmWithThePin() {
        browser.get("http://127.0.0.1:" + agent.statusPage().port() + "/");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !ctr().isBlank());
        String first = ctr();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !ctr().equals(first));
        assertThat(browser.findElement(By.id("uplink")).getText()).isNotEqualTo("connected");
        await().atMost(Duration.ofSeconds(10)).until(() -> !agent.health().brokerError().isBlank());
        assertThat(agent.health().brokerError()).as("a refused connection is no credential problem")
                .contains("Connection refused").doesNotContain("user name");
        assertThat(browser.findElement(By.id("page")).getText()).isEqualTo("live");
        assertThat(browser.findElement(By.cssSelector("[data-channel=CTR] .u")).getText()).isEqualTo("count");

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("button.ack[data-key='rule.CTR.high']")).isDisplayed());
        clickAck();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("msg")).getText().contains("wrong PIN"));
        assertThat(agent.alarms().active()).allMatch(a -> !a.acknowledged());

        browser.findElement(By.id("pin")).sendKeys("2468");
        clickAck();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> browser
                .findElement(By.cssSelector(".alarm[data-key='rule.CTR.high']")).getText().contains("acknowledged by status page"));
        assertThat(agent.alarms().active()).singleElement().satisfies(a -> assertThat(a.acknowledged()).isTrue());
        assertThat(browser.findElement(By.id("events")).getText()).contains("ALARM_ACKNOWLEDGED");

        var errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("api/alarms/ack"))          // the deliberate 403 of the wrong PIN
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    private java.net.http.HttpResponse<String> ack(String from, String pin) throws Exception {
        var client = java.net.http.HttpClient.newBuilder().localAddress(java.net.InetAddress.getByName(from)).build();
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + agent.statusPage().port() + "/api/alarms/ack"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("key=*&pin=" + pin)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Someone guessing from one tablet is throttled; the crew's tablet with the right PIN still acknowledges. */
    @Test
    void wrongPinsLockOutTheGuessingTabletNotTheCrews() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.alarms().anyActive());
        for (int i = 0; i < 5; i++) {
            assertThat(ack("127.0.0.2", "0000").statusCode()).isEqualTo(403);
        }
        var locked = ack("127.0.0.2", "2468");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("too many wrong PINs from this tablet");
        var crew = ack("127.0.0.1", "2468");
        assertThat(crew.statusCode()).as(crew.body()).isEqualTo(200);
        assertThat(agent.alarms().active()).allMatch(a -> a.acknowledged());
    }

    /** The page allows only its own inline script and style, sniffs nothing and cannot be framed; so do its answers. */
    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/", "/api/status", "/nothing-here")) {
            var res = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + agent.statusPage().port() + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(res.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                    .contains("default-src 'none'", "script-src 'sha256-", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(res.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(res.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
        }
    }

    /** The alarm list is drawn again on every live event: the button found a moment ago may be gone; find it again. */
    private void clickAck() {
        await().atMost(Duration.ofSeconds(10)).ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .until(() -> {
                    browser.findElement(By.cssSelector("button.ack[data-key='rule.CTR.high']")).click();
                    return true;
                });
    }
}
