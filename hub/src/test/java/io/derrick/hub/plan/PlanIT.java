package io.derrick.hub.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner's API on the real hub and PostgreSQL: planning data with versions (a stale edit is 409 with the current
 * row), a scenario scheduled through a dependency chain, a cycle refused naming it with nothing stored, a deep and
 * isolated clone, approval locking it for editors and archiving the horizon's previous one, runs stored and read back
 * as JSON and CSV, every write audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanIT {
    static final ObjectMapper JSON = new ObjectMapper();
    TestDatabase db;
    InProcessHub hub;
    HubClient editor;
    HubClient manager;
    HubClient viewer;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        db = TestDatabase.create();
        hub = new InProcessHub(db, dir.resolve("hub"));
        editor = hub.user("ed.editor", "Ed Editor", "editor", null);
        manager = hub.user("meg.manager", "Meg Manager", "manager", null);
        viewer = hub.user("vera.viewer", "viewer", null);
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
        db.close();
    }

    long well(String name) throws Exception {
        return editor.json("POST", "/api/plan/wells", "{\"name\":\"" + name + "\",\"type\":\"exploration\",\"plannedDepth\":450,\"field\":\"North\"}", 201)
                .get("id").asLong();
    }

    @Test
    void aScenarioIsPlannedScheduledClonedAndApproved() throws Exception {
        // planning data of two rigs, with versions
        JsonNode r1 = editor.json("PUT", "/api/plan/rigs/rig-p1", "{\"name\":\"Rig P1\",\"dayRate\":10000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        editor.json("PUT", "/api/plan/rigs/rig-p2", "{\"name\":\"Rig P2\",\"dayRate\":8000,\"currency\":\"USD\",\"status\":\"active\","
                + "\"available\":[{\"from\":\"2027-01-01\"}]}", 201);
        HttpResponse<String> again = editor.send("PUT", "/api/plan/rigs/rig-p1", "{\"name\":\"Rig P1\",\"dayRate\":1,\"currency\":\"USD\",\"status\":\"active\"}");
        assertThat(again.statusCode()).as("exists: no silent overwrite").isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("current").get("dayRate").asDouble()).isEqualTo(10000);
        editor.json("PUT", "/api/plan/rigs/rig-p1", "{\"version\":1,\"name\":\"Rig P1\",\"dayRate\":10000,\"currency\":\"USD\",\"status\":\"active\"}", 200);
        HttpResponse<String> stale = editor.send("PUT", "/api/plan/rigs/rig-p1", "{\"version\":" + r1.get("version").asInt()
                + ",\"name\":\"Rig P1\",\"dayRate\":12000,\"currency\":\"USD\",\"status\":\"active\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).get("current").get("version").asInt()).isEqualTo(2);
        HttpResponse<String> bad = editor.send("PUT", "/api/plan/rigs/rig-p3", "{\"name\":\"\",\"dayRate\":-1,\"currency\":\"dollars\",\"status\":\"busy\"}");
        assertThat(JSON.readTree(bad.body()).get("fields")).extracting(f -> f.get("field").asText())
                .containsExactlyInAnyOrder("name", "dayRate", "currency", "status");

        long a = well("Emu-1");
        long b = well("Emu-2");
        long c = well("Emu-3");
        assertThat(editor.send("POST", "/api/plan/wells", "{\"name\":\"Emu-1\",\"type\":\"exploration\"}").body()).contains("\"field\":\"name\"");

        long s1 = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Base 2027\",\"horizon\":\"2027\"}", 201).get("id").asLong();
        long camp = editor.json("POST", "/api/plan/scenarios/" + s1 + "/campaigns", "{\"name\":\"Emu\"}", 201).get("id").asLong();
        String wells = "/api/plan/scenarios/" + s1 + "/wells";
        JsonNode wa = editor.json("POST", wells, "{\"campaign\":" + camp + ",\"well\":" + a + ",\"rig\":\"rig-p1\",\"plannedStart\":\"2027-01-01\","
                + "\"plannedEnd\":\"2027-01-11\",\"extras\":[{\"name\":\"mobilisation\",\"amount\":50000}]}", 201);
        JsonNode wb = editor.json("POST", wells, "{\"campaign\":" + camp + ",\"well\":" + b + ",\"rig\":\"rig-p2\",\"durationDays\":5,"
                + "\"dependencies\":[{\"predecessor\":" + wa.get("id").asLong() + ",\"lagDays\":2}]}", 201);
        JsonNode wc = editor.json("POST", wells, "{\"campaign\":" + camp + ",\"well\":" + c + ",\"rig\":\"rig-p1\",\"durationDays\":7,\"nptDays\":1,"
                + "\"dependencies\":[{\"predecessor\":" + wb.get("id").asLong() + "}]}", 201);
        HttpResponse<String> badWell = editor.send("POST", wells, "{\"campaign\":999,\"well\":" + a + ",\"rig\":\"nowhere\",\"plannedStart\":\"2027-02-01\","
                + "\"plannedEnd\":\"2027-01-01\",\"dependencies\":[{\"predecessor\":123456}]}");
        assertThat(JSON.readTree(badWell.body()).get("fields")).extracting(f -> f.get("field").asText())
                .containsExactlyInAnyOrder("campaign", "rig", "plannedEnd", "dependencies[0].predecessor");

        // a loop: the first waits for the last
        String loop = "{\"version\":" + wa.get("version").asInt() + ",\"campaign\":" + camp + ",\"well\":" + a + ",\"rig\":\"rig-p1\",\"plannedStart\":\"2027-01-01\","
                + "\"durationDays\":10,\"dependencies\":[{\"predecessor\":" + wc.get("id").asLong() + "}]}";
        HttpResponse<String> cycle = editor.send("PUT", "/api/plan/campaign-wells/" + wa.get("id").asLong(), loop);
        assertThat(cycle.statusCode()).isEqualTo(400);
        assertThat(cycle.body()).contains("\"field\":\"dependencies\"", "the dependencies go round", "Emu-1", "Emu-2", "Emu-3");
        assertThat(db.count("SELECT count(*) FROM campaign_dependency WHERE well_id = " + wa.get("id").asLong())).as("nothing stored").isZero();
        HttpResponse<String> staleWell = editor.send("PUT", "/api/plan/campaign-wells/" + wb.get("id").asLong(), "{\"version\":7,\"campaign\":" + camp
                + ",\"well\":" + b + ",\"durationDays\":6}");
        assertThat(staleWell.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(staleWell.body()).get("current").get("durationDays").asDouble()).isEqualTo(5);

        // the calculation: Jan 1 + 10 → Jan 11; + 2 lag → Jan 13 + 5 → Jan 18; → Jan 25 on rig P1 again
        JsonNode run = editor.json("POST", "/api/plan/scenarios/" + s1 + "/calc", "{\"from\":\"2027-01-01\",\"to\":\"2027-02-01\"}", 201);
        assertThat(run.get("status").asText()).isEqualTo("success");
        JsonNode results = run.get("results");
        assertThat(results.get("eta").asText()).isEqualTo("2027-01-25");
        assertThat(results.get("criticalPath")).extracting(JsonNode::asLong)
                .containsExactly(wa.get("id").asLong(), wb.get("id").asLong(), wc.get("id").asLong());
        assertThat(results.get("cost").asDouble()).isEqualTo(10 * 10000 + 50000 + 5 * 8000 + 7 * 10000);
        JsonNode p1 = results.get("rigs").get(0);
        assertThat(p1.get("rig").asText()).isEqualTo("rig-p1");
        assertThat(p1.get("utilization").asDouble()).as("(10 + 7 − 1 NPT) of 31 days").isEqualTo(16 / 31.0);
        long runId = run.get("id").asLong();
        assertThat(viewer.json("GET", "/api/plan/scenarios/" + s1 + "/runs/" + runId, null, 200).get("results").get("eta").asText()).isEqualTo("2027-01-25");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(viewer.get("/api/plan/scenarios/" + s1 + "/runs/" + runId + "/schedule.csv").body())).getRecords();
        assertThat(rows).extracting(r -> r.get("start")).containsExactly("2027-01-01", "2027-01-13", "2027-01-18");
        assertThat(rows.get(2).get("driver")).isEqualTo("dependency");

        // a deep, isolated clone
        JsonNode copy = editor.json("POST", "/api/plan/scenarios/" + s1 + "/clone", "{\"name\":\"Faster 2027\"}", 201);
        long s2 = copy.get("scenario").get("id").asLong();
        assertThat(copy.get("wells")).hasSize(3);
        JsonNode cb = copy.get("wells").get(1);
        assertThat(cb.get("id").asLong()).isNotEqualTo(wb.get("id").asLong());
        assertThat(cb.get("dependencies").get(0).get("predecessor").asLong()).as("remapped to the copy's wells").isEqualTo(copy.get("wells").get(0).get("id").asLong());
        editor.json("PUT", "/api/plan/campaign-wells/" + cb.get("id").asLong(), "{\"version\":1,\"campaign\":" + copy.get("campaigns").get(0).get("id").asLong()
                + ",\"well\":" + b + ",\"rig\":\"rig-p2\",\"durationDays\":3,\"dependencies\":[{\"predecessor\":" + copy.get("wells").get(0).get("id").asLong() + "}]}", 200);
        assertThat(viewer.json("GET", "/api/plan/scenarios/" + s1, null, 200).get("wells").get(1).get("durationDays").asDouble()).as("the original").isEqualTo(5);

        // approval: managers only; locks the scenario for editors; one approved per horizon
        assertThat(editor.post("/api/plan/scenarios/" + s1 + "/approve", "{\"version\":1}").statusCode()).isEqualTo(403);
        manager.json("POST", "/api/plan/scenarios/" + s1 + "/approve", "{\"version\":1}", 200);
        HttpResponse<String> locked = editor.send("PUT", "/api/plan/campaign-wells/" + wb.get("id").asLong(), "{\"version\":1,\"campaign\":" + camp
                + ",\"well\":" + b + ",\"durationDays\":6}");
        assertThat(locked.statusCode()).isEqualTo(409);
        assertThat(locked.body()).contains("is approved: read-only to editors");
        manager.json("POST", "/api/plan/scenarios/" + s2 + "/approve", "{\"version\":1}", 200);
        assertThat(viewer.json("GET", "/api/plan/scenarios/" + s1, null, 200).get("scenario").get("status").asText()).isEqualTo("archived");
        assertThat(viewer.post("/api/plan/scenarios", "{\"name\":\"x\",\"horizon\":\"2027\"}").statusCode()).isEqualTo(403);
        assertThat(db.query("SELECT DISTINCT action FROM audit_log WHERE action LIKE 'plan.%' ORDER BY 1")).extracting(r -> r.getFirst())
                .contains("plan.rig.create", "plan.rig.update", "plan.well.create", "plan.scenario.create", "plan.campaign.create",
                        "plan.campaign_well.create", "plan.campaign_well.update", "plan.calc", "plan.scenario.clone", "plan.scenario.approve",
                        "plan.scenario.archive");
    }

    /**
     * Plan vs actual: a campaign well drilled as a hole of the daily reports starts on its first report, stands at the
     * reports' deepest depth, and is forecast from their recent rate; the well after it moves with it.
     */
    @Test
    void theDailyReportsMoveThePlan() throws Exception {
        HubClient admin = hub.admin();
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"rig-pa\",\"name\":\"Rig PA\",\"timeZone\":\"UTC\"}", 201);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        com.fasterxml.jackson.databind.node.ObjectNode bulk = JSON.createObjectNode();
        var list = bulk.putArray("reports");
        for (int d = 0; d < 3; d++) {      // three day shifts, 10 m each: 0 → 30 m
            var shift = list.addObject().put("rig", "rig-pa").put("date", today.minusDays(3 - d).toString()).put("shiftType", "day");
            shift.putArray("progress").addObject().put("hole", "H-9").put("coreSize", "HQ").put("fromDepth", 10 * d).put("toDepth", 10 * d + 10)
                    .put("start", "06:00").put("end", "16:00");
        }
        admin.json("POST", "/api/reports/bulk", bulk.toString(), 201);

        editor.json("PUT", "/api/plan/rigs/rig-pa", "{\"name\":\"Rig PA\",\"dayRate\":9000,\"currency\":\"AUD\",\"status\":\"active\"}", 201);
        long hole = editor.json("POST", "/api/plan/wells", "{\"name\":\"Hawk-1\",\"type\":\"exploration\",\"plannedDepth\":60}", 201).get("id").asLong();
        long next = well("Hawk-2");
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Hawk\",\"horizon\":\"hawk\"}", 201).get("id").asLong();
        long camp = editor.json("POST", "/api/plan/scenarios/" + s + "/campaigns", "{\"name\":\"Hawk\"}", 201).get("id").asLong();
        long first = editor.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + hole + ",\"rig\":\"rig-pa\","
                + "\"hole\":\"H-9\",\"plannedStart\":\"" + today.minusDays(5) + "\",\"durationDays\":5}", 201).get("id").asLong();
        editor.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + next + ",\"rig\":\"rig-pa\",\"durationDays\":4,"
                + "\"dependencies\":[{\"predecessor\":" + first + "}]}", 201);
        assertThat(editor.send("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + next + ",\"durationDays\":4,"
                + "\"hole\":\"H-1\"}").body()).as("a hole is a rig's").contains("\"field\":\"hole\"");

        JsonNode results = editor.json("POST", "/api/plan/scenarios/" + s + "/calc", "{}", 201).get("results");
        JsonNode actual = results.get("actuals").get(0);
        assertThat(actual.get("start").asText()).as("the first report on the hole").isEqualTo(today.minusDays(3).toString());
        assertThat(actual.get("deepest").asDouble()).isEqualTo(30);
        assertThat(actual.get("pct").asDouble()).isEqualTo(0.5);
        assertThat(actual.get("ratePerDay").asDouble()).isEqualTo(10);
        // 30 m to go at 10 m a day after yesterday's report: ends in 3 days; planned to end 2 days ago: 3 days late
        assertThat(actual.get("forecastEnd").asText()).isEqualTo(today.plusDays(3).toString());
        assertThat(actual.get("slippageDays").asDouble()).isEqualTo(3);
        JsonNode schedule = results.get("schedule");
        assertThat(schedule.get(1).get("start").asText()).as("the next well moves with it").isEqualTo(today.plusDays(3).toString());
    }

    /**
     * Plan vs actual between reports: what the rig's sensors say it drilled after the hole's last report (the rise of
     * its hole depth) counts, and the forecast goes from there.
     */
    @Test
    void theSensorsAddWhatWasDrilledSinceTheLastReport() throws Exception {
        HubClient admin = hub.admin();
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"rig-ps\",\"name\":\"Rig PS\",\"timeZone\":\"UTC\"}", 201);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        com.fasterxml.jackson.databind.node.ObjectNode bulk = JSON.createObjectNode();
        var list = bulk.putArray("reports");
        for (int d = 0; d < 3; d++) {      // day shifts 4, 3 and 2 days ago, 10 m each: 0 → 30 m
            var shift = list.addObject().put("rig", "rig-ps").put("date", today.minusDays(4 - d).toString()).put("shiftType", "day");
            shift.putArray("progress").addObject().put("hole", "S-1").put("coreSize", "HQ").put("fromDepth", 10 * d).put("toDepth", 10 * d + 10)
                    .put("start", "06:00").put("end", "16:00");
        }
        admin.json("POST", "/api/reports/bulk", bulk.toString(), 201);
        // the night after the last report (18:00 two days ago → 06:00 yesterday): the sensors drill 100 → 123 m
        io.derrick.hub.testing.ShiftHistory.publish(hub, db, "rig-ps", today.minusDays(2).atTime(18, 0).toInstant(java.time.ZoneOffset.UTC), 1);

        editor.json("PUT", "/api/plan/rigs/rig-ps", "{\"name\":\"Rig PS\",\"dayRate\":9000,\"currency\":\"AUD\",\"status\":\"active\"}", 201);
        long well = editor.json("POST", "/api/plan/wells", "{\"name\":\"Swift-1\",\"type\":\"exploration\",\"plannedDepth\":100}", 201).get("id").asLong();
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Swift\",\"horizon\":\"swift\"}", 201).get("id").asLong();
        long camp = editor.json("POST", "/api/plan/scenarios/" + s + "/campaigns", "{\"name\":\"Swift\"}", 201).get("id").asLong();
        editor.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + well + ",\"rig\":\"rig-ps\","
                + "\"hole\":\"S-1\",\"plannedStart\":\"" + today.minusDays(4) + "\",\"durationDays\":8}", 201);
        JsonNode actual = editor.json("POST", "/api/plan/scenarios/" + s + "/calc", "{}", 201).get("results").get("actuals").get(0);
        assertThat(actual.get("reportedDeepest").asDouble()).isEqualTo(30);
        assertThat(actual.get("sensorMetres").asDouble()).as("23 m drilled by the sensors' truth (minute averages)").isBetween(22.0, 24.0);
        double deepest = actual.get("deepest").asDouble();
        assertThat(deepest).isEqualTo(30 + actual.get("sensorMetres").asDouble());
        // (100 − ~53) m at the reports' 10 m a day, from today: 5 days
        assertThat(actual.get("forecastEnd").asText()).isEqualTo(today.plusDays((long) Math.ceil((100 - deepest) / 10)).toString());
    }
}
