package io.derrick.hub.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.edge.EdgeAgent;
import io.derrick.edge.detect.Alarm;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.edge.testing.RecordingSubscriber;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.Publisher;
import io.derrick.hub.testing.TestDatabase;
import io.derrick.protocol.Birth;
import io.derrick.protocol.Command;
import io.derrick.protocol.Event;
import io.derrick.protocol.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub's alarm lifecycle from a node's events (in any order, replayed or not), acknowledgement from the hub
 * carried to the rig as a command (and again when the node comes back), and the hub's own offline alarm.
 */
class AlarmsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RIG = "rig-alarms";
    private static final String NODE = "edge-01";

    @TempDir
    Path dir;
    private TestDatabase db;
    private InProcessHub hub;
    private Publisher edge;
    private RecordingSubscriber broker;
    private EdgeAgent agent;
    private CountingDevice counter;
    private final Instant t0 = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
    }

    private HubClient tech;

    /** A maintenance technician's browser session: who acknowledges in these tests. */
    private HubClient tech() throws Exception {
        if (tech == null) {
            tech = hub.user("m.tech", "M. Tech", "maintenance", null);
        }
        return tech;
    }

    private void startHub(String offlineAfter) throws Exception {
        Path config = dir.resolve("hub.yaml");
        Files.writeString(config, "alerts: {offlineAfter: " + offlineAfter + "}\n");
        hub = new InProcessHub(db, dir.resolve("hub"), config);
        edge = new Publisher(hub.hub().brokerUrl(), "test-edge");
        broker = new RecordingSubscriber(hub.hub().brokerUrl());
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (counter != null) {
            counter.close();
        }
        if (hub != null) {
            broker.close();
            edge.close();
            hub.close();
        }
        db.close();
    }

    private Event event(long seq, int atS, Event.Type type, String key, String reason) {
        return new Event(RIG, NODE, seq, t0.plusSeconds(atS), type, Event.Severity.CRITICAL, List.of("MFIA", "MFOA"),
                type.raises() ? 0.9 : Double.NaN, reason, Map.of(), key);
    }

    private JsonNode alarms(String query) throws Exception {
        HttpResponse<String> r = hub.get("/api/alarms?" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode awaitAlarms(String query, int count) {
        return await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> alarms(query), a -> a.size() == count);
    }

    @Test
    void eventsBuildTheLifecycleWhateverOrderTheyArriveIn() throws Exception {
        startHub("PT1H");
        // the first kick: its acknowledgement and clear arrive before its raise (live data first after an outage)
        edge.publish(event(12, 40, Event.Type.ALARM_CLEARED, "kick", "cleared after 30 s: flow out above flow in"));
        edge.publish(event(11, 20, Event.Type.ALARM_ACKNOWLEDGED, "kick", "acknowledged by J. Driller: flow out above flow in"));
        edge.publish(event(10, 10, Event.Type.ALARM_RAISED, "kick", "flow out above flow in by 14%"));
        // the second kick, raised later and still active; a replay of its raise changes nothing
        edge.publish(event(20, 100, Event.Type.ALARM_RAISED, "kick", "flow out above flow in by 9%"));
        edge.publish(event(20, 100, Event.Type.ALARM_RAISED, "kick", "flow out above flow in by 9%"));
        // a washout that is raised and stays active, and an event that is no alarm
        edge.publish(event(21, 110, Event.Type.ANOMALY, "washout", "SPP/Q² 18% below its learned level"));
        edge.publish(new Event(RIG, NODE, 22, t0.plusSeconds(120), Event.Type.DEVICE_DOWN, Event.Severity.WARNING,
                List.of(), Double.NaN, "device vfd does not answer", Map.of(), null));

        JsonNode all = awaitAlarms("rig=" + RIG + "&state=all", 3);
        JsonNode first = find(all, "kick", "CLEARED");
        assertThat(first.get("raisedAt").asText()).isEqualTo(t0.plusSeconds(10).toString());
        assertThat(first.get("acknowledgedBy").asText()).isEqualTo("J. Driller");
        assertThat(first.get("clearedAt").asText()).isEqualTo(t0.plusSeconds(40).toString());
        assertThat(first.get("ackPending").asBoolean()).isFalse();
        assertThat(first.get("channels")).hasSize(2);

        JsonNode open = alarms("rig=" + RIG);
        assertThat(open).hasSize(2);
        assertThat(open).extracting(a -> a.get("key").asText()).containsExactlyInAnyOrder("kick", "washout");
        assertThat(open).allSatisfy(a -> assertThat(a.get("state").asText()).isEqualTo("ACTIVE"));
        assertThat(db.count("SELECT count(*) FROM alarm")).as("the replayed raise is one alarm").isEqualTo(3);

        JsonNode tile = JSON.readTree(hub.get("/api/rigs/" + RIG).body()).get("alarms");
        assertThat(tile.get("active").asInt()).isEqualTo(2);
        assertThat(tile.get("unacknowledged").asInt()).isEqualTo(2);
        assertThat(tile.get("worst").asText()).isEqualTo("CRITICAL");
        JsonNode events = JSON.readTree(hub.get("/api/rigs/" + RIG + "/events").body());
        assertThat(events).as("six distinct events; the replay is stored once").hasSize(6);
        assertThat(events.get(0).get("type").asText()).isEqualTo("DEVICE_DOWN");
        assertThat(events.get(1).get("alarm").asText()).isEqualTo("washout");
    }

    @Test
    void aHubAcknowledgementReachesTheRigAndIsResentUntilTheNodeConfirms() throws Exception {
        startHub("PT1H");
        edge.publish(event(5, 10, Event.Type.ALARM_RAISED, "kick", "flow out above flow in by 14%"));
        long id = awaitAlarms("rig=" + RIG, 1).get(0).get("id").asLong();

        HttpResponse<String> acked = tech().post("/api/alarms/" + id + "/ack", null);
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(acked.body());
        assertThat(body.get("sentToRig").asBoolean()).isTrue();
        assertThat(body.get("alarm").get("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(body.get("alarm").get("ackPending").asBoolean()).isTrue();
        JsonNode audit = JSON.readTree(hub.get("/api/audit?entity=alarm&entityId=" + id).body());
        assertThat(audit).as("the acknowledgement is in the audit trail").hasSize(1);
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("m.tech");
        assertThat(audit.get(0).get("action").asText()).isEqualTo("alarm.acknowledge");
        assertThat(audit.get(0).get("before").get("state").asText()).isEqualTo("ACTIVE");
        assertThat(audit.get(0).get("after").get("acknowledgedBy").asText()).isEqualTo("M. Tech");

        Command command = await().atMost(Duration.ofSeconds(10)).until(broker::commands, c -> c.size() == 1).getFirst();
        assertThat(command.topic().path()).isEqualTo("derrick/v1/" + RIG + "/" + NODE + "/cmd");
        assertThat(command.type()).isEqualTo(Command.Type.ACK_ALARM);
        assertThat(command.args()).containsEntry("alarm", "kick").containsEntry("by", "M. Tech")
                .containsEntry("raisedAt", t0.plusSeconds(10).toString());

        // the node comes back (birth) without having confirmed: the command goes again
        edge.publish(new Birth(RIG, NODE, "test", "cfg", Instant.now(), 0, 0, 0, List.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.commands().size() == 2);

        // the node confirms; a later birth sends nothing more
        edge.publish(event(6, 30, Event.Type.ALARM_ACKNOWLEDGED, "kick", "acknowledged by M. Tech (hub): flow out above flow in"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alarms("rig=" + RIG).get(0).get("ackPending").asBoolean());
        JsonNode alarm = alarms("rig=" + RIG).get(0);
        assertThat(alarm.get("acknowledgedBy").asText()).as("the hub's acknowledger stays").isEqualTo("M. Tech");
        edge.publish(new Birth(RIG, NODE, "test", "cfg", Instant.now(), 0, 0, 0, List.of()));
        Thread.sleep(1500);
        assertThat(broker.commands()).hasSize(2);

        // refusals: again, unknown, cleared, bad bodies
        HttpResponse<String> again = hub.user("someone", "supervisor", null).post("/api/alarms/" + id + "/ack", "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already acknowledged by M. Tech");
        assertThat(tech().post("/api/alarms/999999/ack", null).statusCode()).isEqualTo(404);
        assertThat(tech().post("/api/alarms/abc/ack", null).statusCode()).isEqualTo(400);
        HttpResponse<String> bad = tech().post("/api/alarms/" + id + "/ack", "{\"by\": \"\", \"when\": \"now\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(bad.body());
        assertThat(error.get("fields")).extracting(f -> f.get("field").asText()).containsExactlyInAnyOrder("by", "when");
        assertThat(tech().post("/api/alarms/" + id + "/ack", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(tech().post("/api/alarms/" + id + "/ack", "{by:").statusCode()).isEqualTo(400);
        assertThat(tech().post("/api/alarms/" + id + "/ack", "{\"by\": \"" + "x".repeat(20_000) + "\"}").statusCode()).isEqualTo(413);
        edge.publish(event(7, 60, Event.Type.ALARM_CLEARED, "kick", "cleared"));
        edge.publish(event(8, 70, Event.Type.ALARM_RAISED, "washout", "SPP low"));
        edge.publish(event(9, 80, Event.Type.ALARM_CLEARED, "washout", "cleared"));
        long washout = await().atMost(Duration.ofSeconds(10)).until(() -> find(alarms("rig=" + RIG + "&state=cleared"), "washout", "CLEARED"),
                a -> a != null).get("id").asLong();
        HttpResponse<String> cleared = tech().post("/api/alarms/" + washout + "/ack", null);
        assertThat(cleared.statusCode()).isEqualTo(409);
        assertThat(cleared.body()).contains("nothing to acknowledge");
        assertThat(alarms("rig=" + RIG + "&state=all")).hasSize(2);
        assertThat(hub.get("/api/alarms?state=gone&rig=no%20rig").statusCode()).isEqualTo(400);
        assertThat(hub.get("/api/alarms?rig=unknown-rig").statusCode()).isEqualTo(404);
    }

    @Test
    void anAcknowledgementFromTheHubSilencesTheRealAgentsAlarm() throws Exception {
        startHub("PT1H");
        counter = new CountingDevice();
        agent = new EdgeAgent(AgentYaml.of(RIG, NODE)
                .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 100)
                .broker(hub.hub().brokerUrl())
                .with("""
                        detection:
                          evaluateMs: 200
                          rules:
                            - {type: high, channel: CTR, limit: 5, forS: 0, severity: critical}
                        """).load(dir.resolve("agent")), Clock.systemUTC()).start();
        JsonNode alarm = awaitAlarms("rig=" + RIG, 1).get(0);
        assertThat(alarm.get("key").asText()).isEqualTo("rule.CTR.high");
        assertThat(alarm.get("severity").asText()).isEqualTo("CRITICAL");

        assertThat(tech().post("/api/alarms/" + alarm.get("id").asLong() + "/ack", "{}").statusCode()).isEqualTo(200);
        Alarm onTheRig = await().atMost(Duration.ofSeconds(10)).until(() -> agent.alarms().active().getFirst(), Alarm::acknowledged);
        assertThat(onTheRig.acknowledgedBy()).isEqualTo("M. Tech (hub)");
        JsonNode confirmed = await().atMost(Duration.ofSeconds(10))
                .until(() -> alarms("rig=" + RIG).get(0), a -> !a.get("ackPending").asBoolean());
        assertThat(confirmed.get("ackConfirmedAt").isNull()).isFalse();
    }

    @Test
    void aNodeThatGoesOfflineRaisesTheHubsOwnAlarmUntilItIsBack() throws Exception {
        startHub("PT2S");
        edge.publish(new NodeState(RIG, NODE, NodeState.State.ONLINE));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM node") == 1);
        edge.publish(new NodeState(RIG, NODE, NodeState.State.OFFLINE));
        JsonNode offline = awaitAlarms("rig=" + RIG, 1).get(0);
        assertThat(offline.get("key").asText()).isEqualTo(OfflineWatch.KEY);
        assertThat(offline.get("source").asText()).isEqualTo("hub");
        assertThat(offline.get("severity").asText()).isEqualTo("WARNING");
        assertThat(offline.get("reason").asText()).contains(NODE + " on " + RIG + " is offline");

        // acknowledging a hub alarm sends nothing to the rig
        HttpResponse<String> acked = tech().post("/api/alarms/" + offline.get("id").asLong() + "/ack", null);
        assertThat(JSON.readTree(acked.body()).get("sentToRig").asBoolean()).isFalse();

        // back, and talking (a node that says nothing for offlineAfter is offline too)
        JsonNode back = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            edge.publish(new NodeState(RIG, NODE, NodeState.State.ONLINE));
            return find(alarms("rig=" + RIG + "&state=all"), OfflineWatch.KEY, "CLEARED");
        }, a -> a != null);
        assertThat(back.get("clearReason").asText()).contains("back online");
        assertThat(alarms("rig=" + RIG)).isEmpty();
        assertThat(broker.commands()).isEmpty();
    }

    private static JsonNode find(JsonNode alarms, String key, String state) {
        for (JsonNode a : alarms) {
            if (a.get("key").asText().equals(key) && a.get("state").asText().equals(state)) {
                return a;
            }
        }
        return null;
    }
}
