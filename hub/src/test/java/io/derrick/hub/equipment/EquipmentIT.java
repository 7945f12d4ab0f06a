package io.derrick.hub.equipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.derrick.hardware.simulator.PumpWear;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Equipment health and maintenance on the real hub, PostgreSQL, the embedded broker and an SMTP server (GreenMail):
 * a worn mud pump's last 60 hours arrive from its edge node; the mud-pump model is trained and the fleet scored on
 * the persistent jobs; the RUL below the threshold raises the hub alarm, which the alert rules email to maintenance
 * once; schedules open work orders when due and a completed one resets its schedule; a critical incident emails the
 * people the rules name; bad input is refused by field and stores nothing; a client sees only what is shared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EquipmentIT {
    static final List<String> CHANNELS = new ArrayList<>(PumpWear.CHANNELS);
    TestDatabase db;
    InProcessHub hub;
    GreenMail smtp;
    HubClient admin;
    long pump;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        smtp = io.derrick.hub.testing.TestSmtp.start();
        db = TestDatabase.create();
        Path config = Files.writeString(dir.resolve("hub.yaml"), io.derrick.hub.testing.TestSmtp.hubConfig(smtp) + """
                alerts:
                  offlineAfter: PT24H
                  rules:
                    - name: rul-to-maintenance
                      alarms: ["rul.*"]
                      to: [maintenance@example.com]
                      repeatAfter: PT1S
                    - name: incidents-to-hse
                      alarms: ["incident"]
                      minSeverity: CRITICAL
                      to: [hse@example.com]
                equipment: {dueEvery: PT1H, incidentMailEvery: PT0.5S, rul: {scoreEvery: PT1H, trees: 40}}
                """);
        hub = new InProcessHub(db, dir.resolve("hub"), config);
        admin = hub.admin();
        // a worn pump: the last 60 operating hours of a simulated one whose failure is 15 h after them
        double age = io.derrick.hub.testing.PumpHistory.sendWorn(hub.hub().brokerUrl(), "rig-w", "edge-w", 60, 15);
        int channels = CHANNELS.size() + 1;
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM rollup_1h") >= 60L * channels);
        pump = admin.json("POST", "/api/equipment", """
                {"rig":"rig-w","kind":"mud_pump","name":"Mud pump 1","make":"NOV","model":"14-P-220","serial":"MP-0091",
                 "installedOn":"2026-01-10","hoursAtInstall":%d,"node":"edge-w","devices":["pump"],"channels":%s,
                 "runChannel":"SPM1","runAbove":5,"shareable":true}""".formatted((int) age,
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(CHANNELS)), 201).get("id").asLong();
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
        db.close();
        smtp.stop();
    }

    JsonNode awaitJob(JsonNode queued) {
        long id = queued.get("id").asLong();
        JsonNode[] last = new JsonNode[1];
        await("job " + id).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = admin.json("GET", "/api/equipment/jobs/" + id, null, 200);
            assertThat(last[0].get("status").asText()).as(last[0].toString()).isNotEqualTo("failed");
            return last[0].get("status").asText().equals("success");
        });
        return last[0];
    }

    interface Send {
        double send() throws Exception;
    }

    /** The pump's hourly history replaced by what {@code send} sends; its hours at installation set to {@code hours} (-1: the history's). */
    double replaceHistory(Send send, double hours) throws Exception {
        db.execute("DELETE FROM rollup_1h r USING channel c WHERE c.id = r.channel_id AND c.rig_id = 'rig-w'");
        long before = db.count("SELECT count(*) FROM received_message WHERE rig_id = 'rig-w'");
        double age = send.send();
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM received_message WHERE rig_id = 'rig-w'") > before
                && db.count("SELECT count(*) FROM rollup_1h r JOIN channel c ON c.id = r.channel_id WHERE c.rig_id = 'rig-w'") >= 60 * 6);
        JsonNode e = admin.json("GET", "/api/equipment/" + pump, null, 200).get("equipment");
        ((com.fasterxml.jackson.databind.node.ObjectNode) e).put("hoursAtInstall", hours < 0 ? age : hours);
        for (String computed : List.of("id", "runningHours", "hoursPerDay", "rul")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove(computed);
        }
        admin.json("PUT", "/api/equipment/" + pump, e.toString(), 200);
        return age;
    }

    List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void aWornPumpIsScoredAndMaintenanceIsEmailedOncePerCrossing() throws Exception {
        JsonNode trained = awaitJob(admin.json("POST", "/api/equipment/models/mud_pump/train", null, 202));
        assertThat(trained.get("outcome").asText()).startsWith("model mud_pump v1");
        JsonNode model = admin.json("GET", "/api/equipment/models", null, 200).get(0);
        assertThat(model.get("active").asBoolean()).isTrue();
        assertThat(model.get("channels")).extracting(JsonNode::asText).containsExactlyElementsOf(CHANNELS);
        assertThat(model.get("metrics").get("heldOutRmse").asDouble()).isBetween(1.0, 40.0);
        assertThat(model.get("training").asText()).contains("simulated run-to-failure mud pumps");

        long condition = admin.json("POST", "/api/maintenance/schedules", "{\"equipment\":" + pump
                + ",\"name\":\"Overhaul when worn\",\"basis\":\"condition\",\"rulBelowHours\":100}", 201).get("id").asLong();
        awaitJob(admin.json("POST", "/api/equipment/score", null, 202));
        // the scoring job's due check runs once its predictions are stored (and the job reads as done): moments later,
        // not at the due job's next time (an hour here)
        await("the condition schedule fell due with the prediction: its work order is open").atMost(Duration.ofSeconds(10))
                .until(() -> db.count("SELECT count(*) FROM work_order WHERE schedule_id = ? AND status = 'scheduled'", condition) == 1);
        JsonNode detail = admin.json("GET", "/api/equipment/" + pump, null, 200);
        JsonNode rul = detail.get("equipment").get("rul");
        assertThat(rul.get("rulHours").asDouble()).as("15 h from failure: " + rul).isLessThan(100);
        assertThat(rul.get("lowHours").asDouble()).isLessThanOrEqualTo(rul.get("rulHours").asDouble());
        assertThat(rul.get("highHours").asDouble()).isGreaterThanOrEqualTo(rul.get("rulHours").asDouble());
        assertThat(db.count("SELECT count(*) FROM alarm WHERE source = 'hub' AND alarm_key = ? AND cleared_at IS NULL", "rul." + pump)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(40)).until(() -> mailTo("maintenance@example.com").size() == 1);
        MimeMessage mail = mailTo("maintenance@example.com").getFirst();
        assertThat(mail.getSubject()).contains("rig-w");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains("Mud pump 1", "remaining useful life");

        // scored again and still below: the same alarm, no second email
        awaitJob(admin.json("POST", "/api/equipment/score", null, 202));
        hub.runJob("alerts");
        assertThat(mailTo("maintenance@example.com")).hasSize(1);
        assertThat(db.count("SELECT count(*) FROM alarm WHERE alarm_key = ?", "rul." + pump)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM rul_prediction WHERE equipment_id = ?", pump)).as("one per scoring job").isEqualTo(2);
        assertThat(admin.json("GET", "/api/equipment/health", null, 200).get("rig-w").get("state").asText()).isIn("warning", "critical");

        // the pump is overhauled: its history is of a young pump now, the RUL is back up and the alarm clears, with no email
        replaceHistory(() -> io.derrick.hub.testing.PumpHistory.sendYoung(hub.hub().brokerUrl(), "rig-w", "edge-w", 60, 120, 2), 120);
        awaitJob(admin.json("POST", "/api/equipment/score", null, 202));
        assertThat(admin.json("GET", "/api/equipment/" + pump, null, 200).get("equipment").get("rul").get("rulHours").asDouble())
                .as("a young pump").isGreaterThan(100 * 1.2);
        assertThat(db.query("SELECT clear_reason FROM alarm WHERE alarm_key = ?", "rul." + pump).getFirst().getFirst().toString())
                .startsWith("remaining useful life back to");
        // and wears out again: a second crossing, a second alarm and a second email
        double worn = replaceHistory(() -> io.derrick.hub.testing.PumpHistory.sendWornAgain(hub.hub().brokerUrl(), "rig-w", "edge-w", 60, 15, 3), -1);
        assertThat(worn).isPositive();
        awaitJob(admin.json("POST", "/api/equipment/score", null, 202));
        assertThat(db.count("SELECT count(*) FROM alarm WHERE alarm_key = ?", "rul." + pump)).as("one alarm per crossing").isEqualTo(2);
        await().atMost(Duration.ofSeconds(40)).until(() -> mailTo("maintenance@example.com").size() == 2);
        hub.runJob("alerts");
        assertThat(mailTo("maintenance@example.com")).hasSize(2);
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action LIKE 'equipment.rul.%'")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void runningHoursAreCountedPerDayFromTheRunChannel() throws Exception {
        // the pump's history has one minute with SPM1 > 5 in each of its 60 hours: of those, the ones of yesterday and today count
        Instant top = Instant.now().truncatedTo(ChronoUnit.HOURS);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long yesterdays = 0;
        long todays = 0;
        for (int h = 0; h < 60; h++) {
            LocalDate day = LocalDate.ofInstant(top.minus(60 - h, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES), ZoneOffset.UTC);
            yesterdays += day.equals(today.minusDays(1)) ? 1 : 0;
            todays += day.equals(today) ? 1 : 0;
        }
        hub.runJob("equipment-hours");
        List<List<Object>> rows = db.query("SELECT day, hours FROM equipment_hours WHERE equipment_id = ? ORDER BY day", pump);
        java.util.Map<String, Double> expected = new java.util.LinkedHashMap<>();
        expected.put(today.minusDays(1).toString(), yesterdays / 60.0);
        if (todays > 0) { // in the first hour of a UTC day, today has no complete hour of history yet
            expected.put(today.toString(), todays / 60.0);
        }
        java.util.Map<String, Double> counted = new java.util.LinkedHashMap<>();
        rows.forEach(r -> counted.put(r.get(0).toString(), ((Number) r.get(1)).doubleValue()));
        assertThat(counted).isEqualTo(expected);
        JsonNode e = admin.json("GET", "/api/equipment/" + pump, null, 200).get("equipment");
        assertThat(e.get("runningHours").asDouble()).isCloseTo(Math.floor(e.get("hoursAtInstall").asDouble()) + (yesterdays + todays) / 60.0,
                org.assertj.core.data.Offset.offset(1e-6));
        hub.runJob("equipment-hours");
        assertThat(db.count("SELECT count(*) FROM equipment_hours WHERE equipment_id = ?", pump)).as("counted again, not added").isEqualTo(expected.size());
    }

    @Test
    void dueSchedulesOpenWorkOrdersAndACompletedOneResetsItsSchedule() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode calendar = admin.json("POST", "/api/maintenance/schedules", """
                {"equipment":%d,"name":"Valves and seats","basis":"calendar","everyDays":30,"lastDoneOn":"%s"}""".formatted(pump, today.minusDays(40)), 201);
        JsonNode hours = admin.json("POST", "/api/maintenance/schedules", """
                {"equipment":%d,"name":"Liner swap","basis":"hours","everyHours":200,"lastDoneHours":0,"autoWorkOrder":false}""".formatted(pump), 201);
        hub.runJob("maintenance-due");
        JsonNode orders = admin.json("GET", "/api/maintenance/work-orders?equipment=" + pump, null, 200);
        List<JsonNode> fromSchedule = new ArrayList<>();
        orders.forEach(w -> { if (w.get("schedule").asLong() == calendar.get("id").asLong()) fromSchedule.add(w); });
        assertThat(fromSchedule).hasSize(1);
        JsonNode wo = fromSchedule.getFirst();
        assertThat(wo.get("type").asText()).isEqualTo("preventive");
        assertThat(wo.get("status").asText()).isEqualTo("scheduled");
        assertThat(wo.get("description").asText()).contains("overdue by 10 d");
        hub.runJob("maintenance-due");
        assertThat(db.count("SELECT count(*) FROM work_order WHERE schedule_id = ?", calendar.get("id").asLong())).as("one open per schedule").isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM work_order WHERE schedule_id = ?", hours.get("id").asLong())).as("not automatic").isZero();

        JsonNode board = admin.json("GET", "/api/maintenance/board?rig=rig-w", null, 200);
        assertThat(board.get("due")).extracting(d -> d.get("schedule").get("name").asText()).contains("Valves and seats", "Liner swap");

        long id = wo.get("id").asLong();
        HttpResponse<String> early = admin.send("POST", "/api/maintenance/work-orders/" + id + "/complete", "{\"version\":1}");
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        assertThat(early.body()).contains("cannot complete when scheduled");
        JsonNode started = admin.json("POST", "/api/maintenance/work-orders/" + id + "/start", "{\"version\":1}", 200);
        assertThat(admin.send("POST", "/api/maintenance/work-orders/" + id + "/complete", "{\"version\":1}").statusCode()).as("stale").isEqualTo(409);
        JsonNode done = admin.json("POST", "/api/maintenance/work-orders/" + id + "/complete",
                "{\"version\":" + started.get("version").asInt() + ",\"note\":\"new valves\"}", 200);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("completedOn").asText()).isEqualTo(today.toString());
        assertThat(done.get("history")).extracting(h -> h.get("to").asText()).containsExactly("scheduled", "in_progress", "completed");
        JsonNode after = admin.json("GET", "/api/maintenance/schedules?rig=rig-w", null, 200);
        JsonNode reset = null;
        for (JsonNode s : after) {
            if (s.get("schedule").get("id").asLong() == calendar.get("id").asLong()) {
                reset = s;
            }
        }
        assertThat(reset.get("schedule").get("lastDoneOn").asText()).isEqualTo(today.toString());
        assertThat(reset.get("due").get("state").asText()).isEqualTo("OK");
        assertThat(reset.get("due").get("dueOn").asText()).isEqualTo(today.plusDays(30).toString());
        HttpResponse<String> edit = admin.send("PUT", "/api/maintenance/work-orders/" + id, "{\"version\":3,\"type\":\"preventive\","
                + "\"description\":\"x\",\"scheduledOn\":\"2026-01-01\"}");
        assertThat(edit.statusCode()).as("a record").isEqualTo(409);
    }

    @Test
    void aCriticalIncidentEmailsThePeopleTheRulesNameAndFollowsItsSteps() throws Exception {
        HubClient supervisor = hub.user("sid.super", "supervisor", null);
        HubClient manager = hub.user("mo.manager", "manager", null);
        JsonNode i = supervisor.json("POST", "/api/incidents", """
                {"rig":"rig-w","category":"environmental","severity":"critical","title":"Mud spill <b>at</b> the pits",
                 "description":"2 m³ of mud over the berm","occurredAt":"%s","location":"mud pits","injuries":0,
                 "environmentalImpact":"soil, contained","regulatorNotification":true}""".formatted(Instant.now().minusSeconds(600)), 201);
        assertThat(i.get("status").asText()).isEqualTo("reported");
        assertThat(i.get("reportedBy").asText()).isEqualTo("sid.super");
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo("hse@example.com").size() == 1);
        MimeMessage m = mailTo("hse@example.com").getFirst();
        assertThat(m.getSubject()).contains("CRITICAL environmental incident on rig-w");
        assertThat(mailTo("maintenance@example.com")).noneMatch(x -> {
            try {
                return x.getSubject().contains("incident");
            } catch (Exception e) {
                return false;
            }
        });
        long id = i.get("id").asLong();
        assertThat(supervisor.send("POST", "/api/incidents/" + id + "/close", "{\"version\":1}").statusCode()).isEqualTo(403);
        JsonNode inv = supervisor.json("POST", "/api/incidents/" + id + "/investigate", "{\"version\":1}", 200);
        HttpResponse<String> noNote = manager.send("POST", "/api/incidents/" + id + "/resolve", "{\"version\":2}");
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(noNote.body()).contains("\"field\":\"note\"");
        JsonNode resolved = manager.json("POST", "/api/incidents/" + id + "/resolve", "{\"version\":" + inv.get("version").asInt()
                + ",\"note\":\"berm raised, spill kit used\"}", 200);
        assertThat(resolved.get("resolution").asText()).isEqualTo("berm raised, spill kit used");
        JsonNode closed = manager.json("POST", "/api/incidents/" + id + "/close", "{\"version\":" + resolved.get("version").asInt() + "}", 200);
        assertThat(closed.get("history")).extracting(h -> h.get("to").asText()).containsExactly("reported", "investigating", "resolved", "closed");
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE entity = 'incident' AND entity_id = ?", Long.toString(id))).isEqualTo(4);
    }

    @Test
    void badInputIsRefusedByFieldAndStoresNothing() throws Exception {
        long equipment = db.count("SELECT count(*) FROM equipment");
        long schedules = db.count("SELECT count(*) FROM maintenance_schedule");
        long orders = db.count("SELECT count(*) FROM work_order");
        long incidents = db.count("SELECT count(*) FROM incident");
        record Case(String method, String path, String body, String field, String says) {
        }
        for (Case c : List.of(
                new Case("POST", "/api/equipment", "{\"rig\":\"rig-w\",\"kind\":\"rocket\",\"name\":\"X\"}", "kind", "one of"),
                new Case("POST", "/api/equipment", "{\"rig\":\"rig-nope\",\"kind\":\"generator\",\"name\":\"X\"}", "rig", "no rig rig-nope"),
                new Case("POST", "/api/equipment", "{\"rig\":\"rig-w\",\"kind\":\"generator\",\"name\":\"Mud pump 1\"}", "name", "has equipment named"),
                new Case("POST", "/api/equipment", "{\"rig\":\"rig-w\",\"kind\":\"generator\",\"name\":\"G\",\"node\":\"edge-zz\"}", "node", "no edge node edge-zz"),
                new Case("POST", "/api/equipment", "{\"rig\":\"rig-w\",\"kind\":\"generator\",\"name\":\"G\",\"channels\":[\"A B\"]}", "channels[0]", "mnemonic"),
                new Case("POST", "/api/equipment", "{\"rig\":\"rig-w\",\"kind\":\"generator\",\"name\":\"G\",\"installedOn\":\"2999-01-01\"}", "installedOn", "future"),
                new Case("POST", "/api/maintenance/schedules", "{\"equipment\":" + pump + ",\"name\":\"S\",\"basis\":\"calendar\",\"everyHours\":5}", "everyHours", "not used"),
                new Case("POST", "/api/maintenance/schedules", "{\"equipment\":" + pump + ",\"name\":\"S\",\"basis\":\"calendar\"}", "everyDays", "required"),
                new Case("POST", "/api/maintenance/schedules", "{\"equipment\":999999,\"name\":\"S\",\"basis\":\"hours\",\"everyHours\":5}", "equipment", "no equipment"),
                new Case("POST", "/api/maintenance/work-orders", "{\"equipment\":" + pump + ",\"type\":\"urgent\",\"description\":\"d\",\"scheduledOn\":\"2026-01-01\"}", "type", "one of"),
                new Case("POST", "/api/maintenance/work-orders", "{\"equipment\":" + pump + ",\"type\":\"corrective\",\"description\":\"d\",\"scheduledOn\":\"2026-01-01\",\"parts\":[{\"part\":\"seal\",\"quantity\":-1}]}", "parts[0].quantity", "from 0.001"),
                new Case("POST", "/api/incidents", "{\"rig\":\"rig-w\",\"category\":\"safety\",\"severity\":\"apocalyptic\",\"title\":\"t\",\"description\":\"d\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}", "severity", "one of"),
                new Case("POST", "/api/incidents", "{\"rig\":\"rig-w\",\"category\":\"safety\",\"severity\":\"low\",\"title\":\"t\",\"description\":\"d\",\"occurredAt\":\"yesterday\"}", "occurredAt", ""))) {
            HttpResponse<String> r = admin.send(c.method(), c.path(), c.body());
            assertThat(r.statusCode()).as(c + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c.toString()).contains("\"field\":\"" + c.field()).contains(c.says());
        }
        assertThat(db.count("SELECT count(*) FROM equipment")).isEqualTo(equipment);
        assertThat(db.count("SELECT count(*) FROM maintenance_schedule")).isEqualTo(schedules);
        assertThat(db.count("SELECT count(*) FROM work_order")).isEqualTo(orders);
        assertThat(db.count("SELECT count(*) FROM incident")).isEqualTo(incidents);
        assertThat(admin.send("POST", "/api/equipment/models/teapot/train", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aClientSeesOnlyWhatIsSharedOfItsRigs() throws Exception {
        admin.json("POST", "/api/admin/clients", "{\"id\":\"wolf\",\"name\":\"Wolf Mining\"}", 201);
        admin.json("PUT", "/api/admin/rigs/rig-w/client", "{\"client\":\"wolf\"}", 200);
        long hidden = admin.json("POST", "/api/equipment", "{\"rig\":\"rig-w\",\"kind\":\"generator\",\"name\":\"Genset (not shared)\"}", 201).get("id").asLong();
        admin.json("POST", "/api/maintenance/work-orders", "{\"equipment\":" + pump + ",\"type\":\"corrective\",\"description\":\"private note\","
                + "\"scheduledOn\":\"2026-02-01\"}", 201);
        admin.json("POST", "/api/maintenance/work-orders", "{\"equipment\":" + pump + ",\"type\":\"corrective\",\"description\":\"shared fix\","
                + "\"scheduledOn\":\"2026-02-01\",\"shareable\":true}", 201);
        HubClient client = hub.user("wes@wolf.example", "client", "wolf");
        assertThat(client.json("GET", "/api/equipment", null, 200)).extracting(e -> e.get("name").asText()).containsExactly("Mud pump 1");
        assertThat(client.get("/api/equipment/" + hidden).statusCode()).isEqualTo(404);
        JsonNode orders = client.json("GET", "/api/maintenance/work-orders", null, 200);
        assertThat(orders).extracting(w -> w.get("description").asText()).contains("shared fix").doesNotContain("private note");
        assertThat(client.get("/api/maintenance/board").statusCode()).isEqualTo(403);
        assertThat(client.get("/api/maintenance/schedules").statusCode()).isEqualTo(403);
        assertThat(client.json("GET", "/api/equipment/" + pump, null, 200).get("schedules")).isEmpty();
    }
}
