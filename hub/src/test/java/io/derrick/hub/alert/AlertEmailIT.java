package io.derrick.hub.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.derrick.edge.testing.FreePort;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.Publisher;
import io.derrick.hub.testing.TestDatabase;
import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSpec;
import io.derrick.protocol.Event;
import io.derrick.protocol.NodeState;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alert emails through a real SMTP server (GreenMail, in-process): who gets what, the words and the link,
 * de-duplication, escalation, the rate limit, a rig going offline, and an SMTP outage that loses nothing.
 */
class AlertEmailIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RIG = "rig-07";
    private static final String NODE = "edge-01";

    @TempDir
    Path dir;
    private TestDatabase db;
    private GreenMail smtp;
    private int smtpPort;
    private InProcessHub hub;
    private Publisher edge;
    private long seq = 100;
    private final Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        smtpPort = FreePort.one();
    }

    @AfterEach
    void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        db.close();
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private void startHub(String alerts) throws Exception {
        Path config = dir.resolve("hub.yaml");
        Files.writeString(config, """
                hub: {publicUrl: "https://derrick.example.com"}
                mail: {host: 127.0.0.1, port: %d, from: "Derrick <derrick@example.com>"}
                """.formatted(smtpPort) + alerts);
        hub = new InProcessHub(db, dir.resolve("hub"), config);
        edge = new Publisher(hub.hub().brokerUrl(), "test-edge-" + System.nanoTime());
        // the node's channels and the devices they come from (what 'equipment' matches)
        edge.publish(new Birth(RIG, NODE, "test", "cfg", Instant.now(), 0, 0, 0, List.of(
                new ChannelSpec("SPPA", "kPa", 0, 40_000, "vfd", "standpipe pressure"),
                new ChannelSpec("MFIA", "L/min", 0, 5_000, "adam", "flow in"),
                new ChannelSpec("MFOA", "L/min", 0, 5_000, "adam", "flow out"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM channel WHERE device IS NOT NULL") == 3);
    }

    private void raise(String rig, String key, Event.Severity severity, int atS, String reason, String... channels) throws Exception {
        edge.publish(new Event(rig, NODE, seq++, t0.plusSeconds(atS), Event.Type.ALARM_RAISED, severity, Arrays.asList(channels),
                0.8, reason, Map.of(), key));
    }

    private void clear(String key, int atS) throws Exception {
        edge.publish(new Event(RIG, NODE, seq++, t0.plusSeconds(atS), Event.Type.ALARM_CLEARED, Event.Severity.CRITICAL, List.of(),
                Double.NaN, "cleared", Map.of(), key));
    }

    private JsonNode alerts() throws Exception {
        return JSON.readTree(hub.get("/api/alerts").body());
    }

    private static String recipients(MimeMessage m) throws Exception {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).reduce((a, b) -> a + "," + b).orElse("");
    }

    private static String part(MimeMessage m, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart p = alternative.getBodyPart(i);
            if (p.isMimeType(type)) {
                return p.getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private List<String> subjects() throws Exception {
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            subjects.add(recipients(m) + ": " + m.getSubject());
        }
        return subjects;
    }

    private List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> mine = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (recipients(m).equals(address)) {
                mine.add(m);
            }
        }
        return mine;
    }

    @Test
    void eachRuleEmailsItsPeopleOnceWithTheWordsAndALinkToTheRig() throws Exception {
        startSmtp();
        startHub("""
                alerts:
                  offlineAfter: PT1H
                  rules:
                    - name: critical-to-maintenance
                      minSeverity: CRITICAL
                      to: [maintenance@example.com]
                      repeatAfter: PT30M
                    - name: pumps
                      equipment: [vfd]
                      to: [pumps@example.com]
                    - name: other-rig
                      rigs: [rig-99]
                      minSeverity: INFO
                      to: [other@example.com]
                    - name: data-loss
                      events: [DATA_LOSS]
                      to: [it@example.com]
                """);
        raise(RIG, "kick", Event.Severity.CRITICAL, 1, "flow out above flow in by 14% <at steady pumps>", "MFIA", "MFOA");
        assertThat(smtp.waitForIncomingEmail(15_000, 1)).isTrue();
        MimeMessage kick = to("maintenance@example.com").getFirst();
        assertThat(kick.getFrom()[0].toString()).isEqualTo("Derrick <derrick@example.com>");
        assertThat(kick.getSubject()).isEqualTo("[Derrick] CRITICAL rig-07: kick — flow out above flow in by 14% <at steady pumps>");
        assertThat(kick.isMimeType("multipart/alternative")).isTrue();
        String text = part(kick, "text/plain");
        assertThat(text).contains("CRITICAL alarm on rig-07 (edge-01)", "flow out above flow in by 14% <at steady pumps>",
                "Channels:", "MFIA, MFOA", "not acknowledged, active", "https://derrick.example.com/rig.html?rig=rig-07",
                "alert rule \"critical-to-maintenance\"");
        String html = part(kick, "text/html");
        assertThat(html).contains("<a href=\"https://derrick.example.com/rig.html?rig=rig-07\"",
                "flow out above flow in by 14% &lt;at steady pumps&gt;").doesNotContain("<at steady");

        // the same key again within repeatAfter: not emailed again, recorded as suppressed
        clear("kick", 30);
        raise(RIG, "kick", Event.Severity.CRITICAL, 40, "flow out above flow in by 11%", "MFIA", "MFOA");
        // a pump alarm on the vfd: the pumps rule only (WARNING is below the maintenance rule)
        raise(RIG, "pump", Event.Severity.WARNING, 50, "SPP ripple 3x its learned level", "SPPA");
        // data loss on the rig: the event rule
        edge.publish(new Event(RIG, NODE, seq++, t0.plusSeconds(55), Event.Type.DATA_LOSS, Event.Severity.WARNING, List.of(),
                Double.NaN, "buffer full: 1200 oldest readings dropped", Map.of("dropped", 1200.0), null));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(subjects()).hasSize(3));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(alerts()).hasSize(4));

        assertThat(to("maintenance@example.com")).hasSize(1);
        assertThat(to("pumps@example.com")).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("[Derrick] WARNING rig-07: pump — SPP ripple 3x its learned level"));
        assertThat(to("it@example.com")).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).startsWith("[Derrick] WARNING rig-07: DATA_LOSS — buffer full"));
        assertThat(to("other@example.com")).isEmpty();
        JsonNode suppressed = null;
        for (JsonNode n : alerts()) {
            if (n.get("status").asText().equals("SUPPRESSED")) {
                suppressed = n;
            }
        }
        assertThat(suppressed).isNotNull();
        assertThat(suppressed.get("recipient").asText()).isEqualTo("maintenance@example.com");
        assertThat(suppressed.get("statusReason").asText()).startsWith("repeat: kick on edge-01 was emailed at");
        hub.runJob("alerts");
        assertThat(smtp.getReceivedMessages()).as("nothing more arrives").hasSize(3);
        assertThat(hub.get("/api/alerts?status=SENT").body()).contains("pumps@example.com");
        assertThat(hub.get("/api/alerts?status=LOST").statusCode()).isEqualTo(400);
    }

    @Test
    void anUnacknowledgedAlarmEscalatesAndAnAcknowledgedOneDoesNot() throws Exception {
        startSmtp();
        startHub("""
                alerts:
                  offlineAfter: PT1H
                  rules:
                    - name: escalating
                      to: [driller@example.com]
                      escalateAfter: PT10M
                      escalateTo: [toolpusher@example.com, superintendent@example.com]
                """);
        raise(RIG, "kick", Event.Severity.CRITICAL, 1, "flow out above flow in", "MFIA");
        raise(RIG, "washout", Event.Severity.WARNING, 2, "SPP/Q² below its learned level", "SPPA");
        assertThat(smtp.waitForIncomingEmail(15_000, 2)).isTrue();
        JsonNode open = JSON.readTree(hub.get("/api/alarms?rig=" + RIG).body());
        long washout = 0;
        for (JsonNode a : open) {
            if (a.get("key").asText().equals("washout")) {
                washout = a.get("id").asLong();
            }
        }
        assertThat(hub.post("/api/alarms/" + washout + "/ack", null).statusCode()).isEqualTo(200);
        hub.clock().advance(Duration.ofMinutes(9));
        hub.runJob("alerts");
        assertThat(smtp.getReceivedMessages()).as("not yet: 9 of 10 minutes").hasSize(2);

        hub.clock().advance(Duration.ofMinutes(2));
        hub.runJob("alerts");
        await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 4);
        hub.runJob("alerts");
        assertThat(smtp.getReceivedMessages()).as("the acknowledged washout does not escalate").hasSize(4);
        for (String boss : List.of("toolpusher@example.com", "superintendent@example.com")) {
            MimeMessage m = to(boss).getFirst();
            assertThat(m.getSubject()).isEqualTo("[Derrick] UNACKNOWLEDGED CRITICAL rig-07: kick for 10 min — flow out above flow in");
            assertThat(part(m, "text/plain")).contains("Nobody has acknowledged this CRITICAL alarm on rig-07");
        }
    }

    @Test
    void theRateLimitHoldsEmailsBackAndTheNextOneSaysHowMany() throws Exception {
        startSmtp();
        startHub("""
                alerts:
                  offlineAfter: PT1H
                  maxPerHour: 2
                  rules:
                    - {name: all, minSeverity: INFO, to: [ops@example.com]}
                """);
        for (int i = 0; i < 5; i++) {
            raise(RIG, "rule.CH" + i + ".high", Event.Severity.WARNING, i, "CH" + i + " above its limit");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> alerts().size() == 5 && !hub.get("/api/alerts?status=PENDING").body().contains("\"id\""));
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        JsonNode held = JSON.readTree(hub.get("/api/alerts?status=SUPPRESSED").body());
        assertThat(held).hasSize(3).allSatisfy(n -> assertThat(n.get("statusReason").asText()).startsWith("rate limit: 2 emails to ops@example.com"));

        // an hour later
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE alert_notification SET sent_at = sent_at - interval '2 hours' WHERE status = 'SENT'");
        }
        raise(RIG, "kick", Event.Severity.CRITICAL, 10, "flow out above flow in", "MFIA");
        assertThat(smtp.waitForIncomingEmail(15_000, 3)).isTrue();
        MimeMessage next = smtp.getReceivedMessages()[2];
        assertThat(next.getSubject()).contains("kick");
        assertThat(part(next, "text/plain")).contains("3 further alert(s) for you were held back by the rate limit");
    }

    @Test
    void aRigGoingOfflineIsAnAlert() throws Exception {
        startSmtp();
        startHub("""
                alerts:
                  offlineAfter: PT5M
                  rules:
                    - {name: offline, alarms: [offline], to: [ops@example.com], notifyClear: true}
                """);
        edge.publish(new NodeState(RIG, NODE, NodeState.State.OFFLINE));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM node WHERE state = 'OFFLINE'") == 1);
        hub.clock().advance(Duration.ofMinutes(4));
        hub.runJob("offline-watch");
        assertThat(db.count("SELECT count(*) FROM alarm")).as("offline 4 of 5 minutes: no alarm yet").isZero();
        hub.clock().advance(Duration.ofMinutes(2));
        hub.runJob("offline-watch");
        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).startsWith("[Derrick] WARNING rig-07: offline — edge-01 on rig-07 is offline");
        assertThat(part(m, "text/plain")).contains("raised by the hub");

        // back and talking: the people told about it hear that it cleared
        edge.publish(new NodeState(RIG, NODE, NodeState.State.ONLINE));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM node WHERE state = 'ONLINE'") == 1);
        hub.runJob("offline-watch");
        assertThat(smtp.waitForIncomingEmail(20_000, 2)).isTrue();
        MimeMessage back = smtp.getReceivedMessages()[1];
        assertThat(recipients(back)).isEqualTo("ops@example.com");
        assertThat(back.getSubject()).startsWith("[Derrick] CLEARED rig-07: offline — edge-01 is back online after");
        assertThat(part(back, "text/plain")).contains("The WARNING alarm offline on rig-07 (edge-01) has cleared.");
    }

    @Test
    void anSmtpOutageDelaysAlertsAcrossAHubRestartAndLosesNone() throws Exception {
        String rules = """
                alerts:
                  offlineAfter: PT1H
                  rules:
                    - {name: all, to: [ops@example.com]}
                """;
        startHub(rules);   // no SMTP server listening yet
        raise(RIG, "kick", Event.Severity.CRITICAL, 1, "flow out above flow in", "MFIA");
        JsonNode pending = await().atMost(Duration.ofSeconds(20)).until(() -> alerts(),
                a -> a.size() == 1 && a.get(0).get("attempts").asInt() >= 1);
        assertThat(pending.get(0).get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.get(0).get("statusReason").asText()).isNotBlank();

        edge.close();
        edge = null;
        hub.close();
        hub = null;
        startSmtp();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE alert_notification SET next_attempt = now()"); // rather than waiting out the backoff
        }
        startHub(rules);
        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        assertThat(smtp.getReceivedMessages()[0].getSubject()).contains("kick");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts().get(0).get("status").asText().equals("SENT"));
        hub.runJob("alerts");
        assertThat(smtp.getReceivedMessages()).as("sent once").hasSize(1);
    }
}
