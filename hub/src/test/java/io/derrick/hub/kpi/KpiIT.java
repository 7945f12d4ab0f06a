package io.derrick.hub.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.ShiftHistory;
import io.derrick.hub.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's figures against a small fleet seeded through the API (reports, an approved plan) and the rows the
 * other features own (alarms, a work order's steps), compared with figures worked out by hand (in the comments), on the
 * real hub and PostgreSQL; the filters, client isolation, an approval refreshing the tables, the exports read back
 * by Commons CSV and fastexcel-reader, the API with a token, bad filters refused by name, and the managers' digest
 * through a real SMTP server (GreenMail), sent once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RANGE = "from=2026-11-02&to=2026-11-03";

    TestDatabase db;
    InProcessHub hub;
    GreenMail smtp;
    HubClient admin;
    HubClient supervisor;
    HubClient manager;
    HubClient client;
    long k1Day;
    long k2Day;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        smtp = io.derrick.hub.testing.TestSmtp.start();
        db = TestDatabase.create();
        Path config = Files.writeString(dir.resolve("hub.yaml"), io.derrick.hub.testing.TestSmtp.hubConfig(smtp) + """
                alerts: {offlineAfter: PT24H}
                kpi: {refreshEvery: PT1H, digest: {at: "00:00", every: PT1H}}
                """);
        hub = new InProcessHub(db, dir.resolve("hub"), config);
        admin = hub.admin();
        admin.json("POST", "/api/admin/clients", "{\"id\":\"acme\",\"name\":\"Acme Mining\"}", 201);
        admin.json("POST", "/api/admin/clients", "{\"id\":\"zenith\",\"name\":\"Zenith Gold\"}", 201);
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"rig-k1\",\"name\":\"Rig K1\",\"timeZone\":\"UTC\",\"client\":\"acme\"}", 201);
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"rig-k2\",\"name\":\"Rig K2\",\"timeZone\":\"UTC\",\"client\":\"zenith\"}", 201);
        supervisor = hub.user("sam.super", "supervisor", null);
        admin.json("POST", "/api/admin/users", "{\"username\":\"meg.manager\",\"displayName\":\"Meg\",\"email\":\"meg@example.com\","
                + "\"roles\":[\"manager\"],\"password\":\"" + InProcessHub.PASSWORD + "\"}", 201);
        manager = HubClient.session(hub.url(), "meg.manager", InProcessHub.PASSWORD);
        client = hub.user("ann@acme.example", "client", "acme");
        for (String rig : List.of("rig-k1", "rig-k2")) {
            admin.json("PUT", "/api/reports/rigs/" + rig + "/supervisors", "{\"supervisors\":[\"sam.super\"]}", 200);
        }
        // the sensors of K1's day shift on Nov 3: 23 m drilled, 7 h 40 min on bottom (ShiftHistory's ground truth)
        ShiftHistory.publishDayShift(hub, db, "rig-k1", LocalDate.parse("2026-11-03"));

        // the plan: K1 drills W1 (North, 300 m) from Nov 2 for 10 days, 5,000 of extras: 30 m and 500 a day;
        // K2 drills W2 (South, 100 m) from Nov 3 for 2.5 days: 40 m a day
        admin.json("PUT", "/api/plan/rigs/rig-k1", "{\"name\":\"Rig K1\",\"dayRate\":24000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        admin.json("PUT", "/api/plan/rigs/rig-k2", "{\"name\":\"Rig K2\",\"dayRate\":12000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        long w1 = admin.json("POST", "/api/plan/wells", "{\"name\":\"W1\",\"type\":\"exploration\",\"plannedDepth\":300,\"field\":\"North\"}", 201).get("id").asLong();
        long w2 = admin.json("POST", "/api/plan/wells", "{\"name\":\"W2\",\"type\":\"exploration\",\"plannedDepth\":100,\"field\":\"South\"}", 201).get("id").asLong();
        long s = admin.json("POST", "/api/plan/scenarios", "{\"name\":\"Base 2026\",\"horizon\":\"2026\"}", 201).get("id").asLong();
        long camp = admin.json("POST", "/api/plan/scenarios/" + s + "/campaigns", "{\"name\":\"Autumn\"}", 201).get("id").asLong();
        admin.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + w1 + ",\"rig\":\"rig-k1\",\"plannedStart\":\"2026-11-02\","
                + "\"durationDays\":10,\"hole\":\"K1-H1\",\"extras\":[{\"name\":\"mobilisation\",\"amount\":5000}]}", 201);
        admin.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + w2 + ",\"rig\":\"rig-k2\",\"plannedStart\":\"2026-11-03\","
                + "\"durationDays\":2.5,\"hole\":\"K2-H1\"}", 201);
        int version = admin.json("GET", "/api/plan/scenarios/" + s, null, 200).get("scenario").get("version").asInt();
        manager.json("POST", "/api/plan/scenarios/" + s + "/approve", "{\"version\":" + version + "}", 200);

        // the reports (day 06–18, night 18–06; crew hours in brackets)
        ObjectNode bulk = JSON.createObjectNode();
        ArrayNode list = bulk.putArray("reports");
        // K1 Nov 2 day: 24 m cored, 23 recovered; safety 0.5 h, coring 8 h, repair 1.5 h, waiting on weather 2 h (36)
        list.add(shift("rig-k1", "2026-11-02", "day", "K1-H1", 100, 124, 23.0, 36,
                a("0", "06:00", "06:30"), a("4", "06:30", "14:30"), a("8", "14:30", "16:00"), a("NP.W", "16:00", "18:00")));
        // K1 Nov 2 night: 12 m, no recovery measured; coring 6 h, waiting on materials 6 h (24)
        list.add(shift("rig-k1", "2026-11-02", "night", "K1-H1", 124, 136, null, 24, a("4", "18:00", "00:00"), a("NP.M", "00:00", "06:00")));
        // K1 Nov 3 day: 30 m, all recovered; coring 12 h (36)
        list.add(shift("rig-k1", "2026-11-03", "day", "K1-H1", 136, 166, 30.0, 36, a("4", "06:00", "18:00")));
        // K2 Nov 3 day: 20 m, 18 recovered; drilling 10 h, repair 2 h (24)
        list.add(shift("rig-k2", "2026-11-03", "day", "K2-H1", 0, 20, 18.0, 24, a("2", "06:00", "16:00"), a("8", "16:00", "18:00")));
        // the period before (Oct 31 – Nov 1): K1 Nov 1 day, 10 m; coring 5 h, waiting on weather 7 h (24)
        list.add(shift("rig-k1", "2026-11-01", "day", "K1-H0", 90, 100, 10.0, 24, a("4", "06:00", "11:00"), a("NP.W", "11:00", "18:00")));
        // yesterday, for the digest: K2, 15 m, drilling 11 h, repair 1 h (24)
        list.add(shift("rig-k2", yesterday().toString(), "day", "K2-H9", 20, 35, 15.0, 24, a("2", "06:00", "17:00"), a("8", "17:00", "18:00")));
        JsonNode made = supervisor.json("POST", "/api/reports/bulk", bulk.toString(), 201);
        k1Day = made.get("reports").get(0).asLong();
        k2Day = made.get("reports").get(3).asLong();

        // K1's alarms: 3 on Nov 2, 1 on Nov 3; a corrective work order on its mud pump, 14:30–16:00 on Nov 2
        int seq = 1000;
        for (String at : List.of("2026-11-02T01:00:00Z", "2026-11-02T09:00:00Z", "2026-11-02T23:59:00Z", "2026-11-03T12:00:00Z")) {
            db.execute("INSERT INTO alarm (rig_id, node_id, alarm_key, source, raise_seq, type, severity, reason, raised_at, alerted_at) "
                    + "VALUES ('rig-k1', 'edge-01', 'rule.SPPA.high', 'edge', ?, 'THRESHOLD', 'WARNING', 'SPPA high', ?::timestamptz, now())", seq++, at);
        }
        db.execute("INSERT INTO equipment (id, rig_id, kind, name, created_at, created_by) VALUES (9001, 'rig-k1', 'mud_pump', 'Mud pump 1', now(), 'test')");
        db.execute("INSERT INTO work_order (id, equipment_id, type, description, status, scheduled_on, completed_on, created_at, created_by) "
                + "VALUES (9001, 9001, 'corrective', 'pump seal', 'completed', '2026-11-02', '2026-11-02', now(), 'test')");
        db.execute("INSERT INTO work_order_event (work_order_id, at, by_user, from_status, to_status) VALUES "
                + "(9001, '2026-11-02T08:00:00Z', 'mia', NULL, 'scheduled'), (9001, '2026-11-02T14:30:00Z', 'mia', 'scheduled', 'in_progress'), "
                + "(9001, '2026-11-02T16:00:00Z', 'mia', 'in_progress', 'completed')");
        admin.json("POST", "/api/kpis/refresh", "", 200);
    }

    static LocalDate yesterday() {
        return LocalDate.now(ZoneOffset.UTC).minusDays(1);
    }

    static String[] a(String code, String start, String end) {
        return new String[] {code, start, end};
    }

    static ObjectNode shift(String rig, String date, String type, String hole, double from, double to, Double recovered, int crewHours,
                            String[]... activities) {
        ObjectNode b = JSON.createObjectNode();
        b.put("rig", rig).put("date", date).put("shiftType", type).put("location", "Pad 1");
        ArrayNode crew = b.putArray("crew");
        crew.addObject().put("role", "supervisor").put("name", "Sam").put("hours", 12);
        crew.addObject().put("role", "driller").put("name", "Dan").put("hours", crewHours - 12 >= 12 ? 12 : crewHours - 12);
        if (crewHours > 24) {
            crew.addObject().put("role", "helper").put("name", "Hal").put("hours", crewHours - 24);
        }
        String start = type.equals("day") ? "06:00" : "18:00";
        String end = type.equals("day") ? "18:00" : "06:00";
        ObjectNode p = b.putArray("progress").addObject().put("hole", hole).put("coreSize", "HQ").put("fromDepth", from).put("toDepth", to)
                .put("start", start).put("end", end);
        if (recovered != null) {
            p.put("coreRecovered", recovered);
        }
        ArrayNode acts = b.putArray("activities");
        for (String[] x : activities) {
            acts.addObject().put("code", x[0]).put("start", x[1]).put("end", x[2]);
        }
        return b;
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
        db.close();
        smtp.stop();
    }

    JsonNode get(HubClient who, String path) throws Exception {
        return who.json("GET", path, null, 200);
    }

    @Test
    void theFleetsFiguresAreTheOnesWorkedOutByHand() throws Exception {
        JsonNode s = get(manager, "/api/kpis/summary?" + RANGE);
        JsonNode f = s.get("current");
        assertThat(s.get("rigs").asInt()).isEqualTo(2);
        assertThat(f.get("shifts").asInt()).isEqualTo(4);
        assertThat(f.get("metres").asDouble()).as("24 + 12 + 30 + 20").isEqualTo(86);
        assertThat(f.get("metresPerDay").asDouble()).as("86 m over 2 days").isEqualTo(43);
        assertThat(f.get("metresMeasured").asDouble()).as("the sensors of K1's Nov 3 day shift").isCloseTo(23, within(0.1));
        assertThat(f.get("onBottomMeasured").asDouble()).isCloseTo(7.67, within(0.1));
        assertThat(f.get("planMetres").asDouble()).as("K1 30 + 30, K2 40").isEqualTo(100);
        assertThat(f.get("planMetresPerDay").asDouble()).isEqualTo(50);
        assertThat(f.get("variance").asDouble()).isEqualTo(-14);
        assertThat(f.get("variancePercent").asDouble()).isEqualTo(-14);
        assertThat(f.get("drillingHours").asDouble()).as("coring 8 + 6 + 12, drilling 10").isEqualTo(36);
        assertThat(f.get("rop").asDouble()).as("86 / 36").isEqualTo(2.39);
        assertThat(f.get("productiveHours").asDouble()).as("8.5 + 6 + 12 + 10").isEqualTo(36.5);
        assertThat(f.get("nptHours").asDouble()).as("3.5 + 6 + 0 + 2").isEqualTo(11.5);
        assertThat(f.get("nptPercent").asDouble()).as("11.5 / 48").isEqualTo(23.96);
        assertThat(f.get("utilization").asDouble()).as("36.5 h of 2 rigs × 2 days × 24 h").isEqualTo(38.02);
        assertThat(f.get("cost").asDouble()).as("K1 3 half days × 24,000 + K2 one × 12,000 + K1's extras 2 × 500").isEqualTo(43000);
        assertThat(f.get("costPerMetre").asDouble()).as("43,000 / 86").isEqualTo(500);
        assertThat(f.get("coreRecovery").asDouble()).as("71 of the 74 m with a recovery").isEqualTo(95.95);
        assertThat(f.get("manHours").asDouble()).isEqualTo(120);
        assertThat(f.get("manHoursPerMetre").asDouble()).as("120 / 86").isEqualTo(1.4);
        assertThat(f.get("downtimeHours").asDouble()).as("the pump's work order, 14:30–16:00").isEqualTo(1.5);
        assertThat(f.get("alarms").asInt()).isEqualTo(4);
        assertThat(f.get("alarmsPer24h").asDouble()).as("4 alarms over 2 rigs × 2 days").isEqualTo(1);
        // the period before, Oct 31 – Nov 1: K1's 10 m; the change (86 − 10) / 10
        assertThat(s.get("previousFrom").asText()).isEqualTo("2026-10-31");
        assertThat(s.get("previous").get("metres").asDouble()).isEqualTo(10);
        assertThat(s.get("change").get("metres").asDouble()).isEqualTo(760);
        assertThat(s.get("change").get("nptHours").asDouble()).as("(11.5 − 7) / 7").isEqualTo(64.29);

        JsonNode npt = get(manager, "/api/kpis/npt?" + RANGE);
        assertThat(npt.get("pareto")).extracting(p -> p.get("code").asText() + " " + p.get("hours").asDouble() + " " + p.get("cumulativePercent").asDouble())
                .containsExactly("NP.M 6.0 52.17", "8 3.5 82.61", "NP.W 2.0 100.0");
        assertThat(npt.get("equipment")).singleElement().satisfies(d -> {
            assertThat(d.get("name").asText()).isEqualTo("Mud pump 1");
            assertThat(d.get("hours").asDouble()).isEqualTo(1.5);
            assertThat(d.get("workOrders").get(0).asLong()).isEqualTo(9001);
        });

        JsonNode rigs = get(manager, "/api/kpis/rigs?" + RANGE);
        assertThat(rigs).extracting(r -> r.get("rank").asInt() + " " + r.get("rig").asText() + " " + r.get("figures").get("metres").asDouble()
                + " of " + r.get("figures").get("planMetres").asDouble()).containsExactly("1 rig-k1 66.0 of 60.0", "2 rig-k2 20.0 of 40.0");
        JsonNode k2 = rigs.get(1);
        assertThat(k2.get("figures").get("variance").asDouble()).isEqualTo(-20);
        assertThat(k2.get("causes")).singleElement().satisfies(c -> {
            assertThat(c.get("label").asText()).isEqualTo("Repair rig");
            assertThat(c.get("hours").asDouble()).isEqualTo(2);
            assertThat(c.get("metresLost").asDouble()).as("2 h at K2's 2 m/h").isEqualTo(4);
        });
        // the plan's dates against the reports: W2 planned Nov 3 – 5 (2.5 days), its hole first reported Nov 3 with 20 m
        assertThat(k2.get("planItems")).singleElement().satisfies(p -> {
            assertThat(p.get("well").asText()).isEqualTo("W2");
            assertThat(p.get("plannedStart").asText() + " " + p.get("plannedEnd").asText()).isEqualTo("2026-11-03 2026-11-05");
            assertThat(p.get("actualStart").asText()).isEqualTo("2026-11-03");
            assertThat(p.get("startSlipDays").asLong()).isZero();
            assertThat(p.get("metres").asDouble()).isEqualTo(20);
        });
        assertThat(rigs.get(0).get("planItems").get(0).get("metres").asDouble()).as("K1-H1: 24 + 12 + 30").isEqualTo(66);

        JsonNode heat = get(manager, "/api/kpis/heatmap?" + RANGE);
        Map<String, Double> cells = new java.util.TreeMap<>();
        heat.forEach(c -> cells.put(c.get("rig").asText() + " " + c.get("day").asText(), c.get("utilization").asDouble()));
        assertThat(cells).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("rig-k1 2026-11-02", 60.42, "rig-k1 2026-11-03", 50.0,
                "rig-k2 2026-11-03", 41.67)));

        JsonNode shifts = get(manager, "/api/kpis/shifts?" + RANGE);
        assertThat(shifts).extracting(x -> x.get("shiftType").asText() + " " + x.get("figures").get("metres").asDouble() + " "
                + x.get("figures").get("rop").asDouble()).containsExactly("day 74.0 2.47", "night 12.0 2.0");

        JsonNode trend = get(manager, "/api/kpis/trend?" + RANGE + "&period=day");
        assertThat(trend).extracting(p -> p.get("start").asText() + " " + p.get("figures").get("metres").asDouble() + " "
                + p.get("figures").get("planMetres").asDouble()).containsExactly("2026-11-02 36.0 30.0", "2026-11-03 50.0 70.0");
    }

    @Test
    void filtersNarrowEveryFigureAndBadOnesAreRefusedByName() throws Exception {
        // South is K2's well: its shift (hole K2-H1) and its planned days
        JsonNode south = get(manager, "/api/kpis/summary?" + RANGE + "&fields=South").get("current");
        assertThat(south.get("metres").asDouble()).isEqualTo(20);
        assertThat(south.get("planMetres").asDouble()).isEqualTo(40);
        assertThat(get(manager, "/api/kpis/summary?" + RANGE + "&clients=zenith").get("current").get("metres").asDouble()).isEqualTo(20);
        assertThat(get(manager, "/api/kpis/summary?" + RANGE + "&rigs=rig-k1").get("current").get("metres").asDouble()).isEqualTo(66);
        JsonNode night = get(manager, "/api/kpis/summary?" + RANGE + "&shift=night").get("current");
        assertThat(night.get("metres").asDouble()).isEqualTo(12);
        assertThat(night.get("utilization").asDouble()).as("6 h of 2 rigs × 2 nights × 12 h").isEqualTo(12.5);
        assertThat(get(manager, "/api/kpis/reports?" + RANGE + "&code=NP.M")).extracting(r -> r.get("rig").asText() + " " + r.get("shift").asText()
                + " " + r.get("codeHours").asDouble()).containsExactly("rig-k1 night 6.0");

        HttpResponse<String> bad = manager.get("/api/kpis/summary?from=2026-11-05&to=2026-11-01&rigs=rig-k1,nowhere&shift=dusk&clients=acme!&colour=red");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("fields")).extracting(x -> x.get("field").asText())
                .containsExactlyInAnyOrder("colour", "from", "rigs", "shift", "clients");
        assertThat(bad.body()).contains("no rig nowhere", "must not be after to");
        assertThat(manager.get("/api/kpis/export?table=everything&" + RANGE).statusCode()).isEqualTo(400);
        assertThat(manager.get("/api/kpis/trend?from=2025-01-01&to=2026-11-03&period=day").body()).contains("\"field\":\"period\"");
    }

    @Test
    void aClientsUserSeesOnlyItsRigsAndTheirApprovedReports() throws Exception {
        HttpResponse<String> all = client.get("/api/kpis/summary?" + RANGE + "&reports=all");
        assertThat(all.statusCode()).isEqualTo(400);
        assertThat(all.body()).contains("\"field\":\"reports\"");
        assertThat(client.get("/api/kpis/summary?" + RANGE + "&rigs=rig-k2").body()).as("another client's rig is unknown").contains("no rig rig-k2");
        assertThat(get(client, "/api/kpis/filters").get("rigs")).extracting(r -> r.get("id").asText()).containsExactly("rig-k1");
        JsonNode before = get(client, "/api/kpis/summary?" + RANGE);
        assertThat(before.get("rigs").asInt()).isEqualTo(1);
        assertThat(before.get("current").get("shifts").asInt()).as("nothing approved yet (this test approves K1's Nov 2 day)").isZero();
        assertThat(get(client, "/api/kpis/rigs?" + RANGE)).extracting(r -> r.get("rig").asText()).containsExactly("rig-k1");
        assertThat(get(client, "/api/kpis/npt?" + RANGE).get("pareto")).isEmpty();
        assertThat(get(client, "/api/kpis/npt?" + RANGE).get("equipment")).as("the pump's work order is not shareable: not named to the client").isEmpty();

        // submitted by the supervisor, approved by the manager: the report's rig-day is marked stale in the approval's
        // transaction and the refresh job (woken by it) counts it for the client
        supervisor.json("POST", "/api/reports/" + k1Day + "/submit", "{}", 200);
        manager.json("POST", "/api/reports/" + k1Day + "/approve", "{}", 200);
        await().atMost(java.time.Duration.ofSeconds(20)).until(() -> get(client, "/api/kpis/summary?" + RANGE).get("current").get("shifts").asInt() == 1);
        JsonNode after = get(client, "/api/kpis/summary?" + RANGE).get("current");
        assertThat(after.get("metres").asDouble()).isEqualTo(24);
        assertThat(after.get("nptHours").asDouble()).isEqualTo(3.5);
        assertThat(get(client, "/api/kpis/reports?" + RANGE)).extracting(r -> r.get("report").asLong()).containsExactly(k1Day);
        assertThat(get(client, "/api/kpis/rigs?" + RANGE).get(0).get("planItems").get(0).get("metres").asDouble())
                .as("the plan's hole by the approved reports only: Nov 2's day, not the 66 m of all").isEqualTo(24);
        assertThat(db.count("SELECT count(*) FROM kpi_stale")).isZero();
    }

    @Test
    void everyTableExportsAsCsvAndExcelWithTheFiguresOfTheApi() throws Exception {
        HttpResponse<String> csv = manager.getText("/api/kpis/export?table=rigs&" + RANGE + "&format=csv");
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body())).getRecords();
        assertThat(rows).extracting(r -> r.get("Rig") + " " + r.get("Metres") + " " + r.get("Plan metres") + " " + r.get("Variance (m)"))
                .containsExactly("rig-k1 66.0 60.0 6.0", "rig-k2 20.0 40.0 -20.0");
        assertThat(rows.get(1).get("Causes (NPT)")).isEqualTo("Repair rig 2.0 h");

        HttpResponse<byte[]> xlsx = manager.getBytes("/api/kpis/export?table=npt&" + RANGE + "&format=xlsx");
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<Row> sheet = wb.getFirstSheet().read();
            assertThat(sheet.get(0).getCellText(0)).isEqualTo("Code");
            assertThat(sheet.subList(1, sheet.size())).extracting(r -> r.getCellText(0) + " " + r.getCellAsNumber(2).orElseThrow().doubleValue())
                    .containsExactly("NP.M 6.0", "8 3.5", "NP.W 2.0");
        }
        for (String table : KpiExport.TABLES) {
            for (String format : List.of("csv", "xlsx")) {
                HttpResponse<byte[]> file = manager.getBytes("/api/kpis/export?table=" + table + "&" + RANGE + "&format=" + format + (table.equals("trend") ? "&period=week" : ""));
                assertThat(file.statusCode()).as(table + "." + format).isEqualTo(200);
                if (format.equals("xlsx")) {
                    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(file.body()))) {
                        assertThat(wb.getFirstSheet().read()).as(table).hasSizeGreaterThan(1);
                    }
                } else {
                    assertThat(CSVFormat.DEFAULT.parse(new StringReader(new String(file.body(), java.nio.charset.StandardCharsets.UTF_8))).getRecords())
                            .as(table).hasSizeGreaterThan(1);
                }
            }
        }
    }

    @Test
    void scriptsReadTheApiWithATokenAndItIsDocumented() throws Exception {
        HubClient script = manager.token("bi-tool");
        assertThat(script.bearerToken()).isPresent();
        JsonNode s = script.json("GET", "/api/kpis/summary?" + RANGE, null, 200);
        assertThat(s.get("current").get("metres").asDouble()).isEqualTo(86);
        assertThat(hub.anonymous().get("/api/kpis/summary").statusCode()).isEqualTo(401);
        String openapi = hub.anonymous().get("/openapi").body();
        assertThat(openapi).contains("/api/kpis/summary", "/api/kpis/export", "KpiFigures");
    }

    @Test
    void managersGetOneDailyDigestOfYesterday() throws Exception {
        hub.runJob("kpi-digest");
        await().atMost(java.time.Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 1);
        hub.runJob("kpi-digest");
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).as("one digest, one manager, however often the job runs").hasSize(1);
        MimeMessage mail = mails[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("meg@example.com");
        assertThat(mail.getSubject()).contains("Derrick daily digest " + yesterday(), "15 m drilled", "1 h NPT", "4 open alarms");
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains("Rig K2", "Repair rig 1 h", "https://derrick.example.com/kpi.html?from=" + yesterday());
        assertThat(db.count("SELECT count(*) FROM kpi_digest WHERE status = 'sent'")).isEqualTo(1);
        assertThat(body.lines().collect(Collectors.joining("\n"))).contains("awaiting approval");
    }
}
