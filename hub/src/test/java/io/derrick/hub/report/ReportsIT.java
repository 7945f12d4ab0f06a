package io.derrick.hub.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.ShiftHistory;
import io.derrick.hub.testing.TestDatabase;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Daily reports against the real hub and PostgreSQL: a rig's sensor history for yesterday's day shift (published
 * through the broker, as an agent would) pre-fills the report; bad saves are refused by field and change nothing; a
 * retried save is stored once, a stale one is refused with the current report; the approval flow from the supervisor
 * through the manager to the client; client isolation; the PDF and CSV read back by PDFBox and Commons CSV.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RIG = "rig-r1";

    TestDatabase db;
    InProcessHub hub;
    HubClient admin;
    HubClient supervisor;
    HubClient otherSupervisor;
    HubClient manager;
    HubClient client;
    HubClient otherClient;
    LocalDate yesterday;
    Path photoDir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        db = TestDatabase.create();
        // small photo limits, so the tests can reach them: 1.5 MB a photo, 2 MB for all
        hub = new InProcessHub(db, dir.resolve("hub"), null, Map.of("reports.photos.maxBytes", "1500000", "reports.photos.quotaMb", "2"));
        photoDir = dir.resolve("hub").resolve("photos");
        admin = hub.admin();
        admin.json("POST", "/api/admin/clients", "{\"id\":\"acme\",\"name\":\"Acme Mining\"}", 201);
        admin.json("POST", "/api/admin/clients", "{\"id\":\"zenith\",\"name\":\"Zenith Gold\"}", 201);
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"" + RIG + "\",\"name\":\"Rig R1\",\"timeZone\":\"UTC\",\"client\":\"acme\"}", 201);
        supervisor = hub.user("sam.super", "Sam Supervisor", "supervisor", null);
        otherSupervisor = hub.user("olga.super", "supervisor", null);
        manager = hub.user("meg.manager", "Meg Manager", "manager", null);
        client = hub.user("ann@acme.example", "Ann of Acme", "client", "acme");
        otherClient = hub.user("zed@zenith.example", "client", "zenith");
        admin.json("PUT", "/api/reports/rigs/" + RIG + "/supervisors", "{\"supervisors\":[\"sam.super\"]}", 200);
        yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        ShiftHistory.publishDayShift(hub, db, RIG, yesterday);
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
        db.close();
    }

    String create() {
        return create(yesterday);
    }

    static String create(LocalDate date) {
        return "{\"rig\":\"" + RIG + "\",\"date\":\"" + date + "\",\"shiftType\":\"day\"}";
    }

    /** The day report of {@code date}: each test its own (yesterday's is the one with sensor data). */
    long newReport(LocalDate date) throws Exception {
        HttpResponse<String> r = supervisor.post("/api/reports", create(date));
        if (r.statusCode() == 409) {
            return JSON.readTree(r.body()).get("fields").get(0).get("message").asText().replaceAll("\\D", "").transform(Long::parseLong);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asLong();
    }

    @Test
    void aNewReportIsPreFilledFromTheSensorsWithinTheStatedTolerances() throws Exception {
        JsonNode report = supervisor.json("GET", "/api/reports/" + newReport(yesterday), null, 200);
        assertThat(report.get("status").asText()).isEqualTo("draft");
        assertThat(report.get("client").asText()).as("the rig's client, fixed on the shift").isEqualTo("acme");
        assertThat(report.get("window").asText()).isEqualTo("06:00–18:00");
        JsonNode m = report.get("measured");
        // ground truth: 460 minutes of drilling at 0.05 m a minute = 23 m; tolerance 0.1 m (the first minute's own metres)
        assertThat(m.get("metres").asDouble()).isCloseTo(23.0, within(0.1));
        assertThat(m.get("hoursByState").get("drilling").asDouble()).as("7 h 40 min").isCloseTo(7.667, within(0.1));
        assertThat(m.get("hoursByState").get("connection").asDouble()).isCloseTo(0.333, within(0.1));
        assertThat(m.get("hoursByState").get("trip").asDouble()).as("a trip out, once the bit is a stand off bottom").isCloseTo(2.0, within(0.35));
        assertThat(m.get("hoursByState").get("circulating").asDouble()).isCloseTo(2.0, within(0.1));
        assertThat(m.get("coverage").asDouble()).isCloseTo(1.0, within(0.01));
        assertThat(report.get("activities")).extracting(a -> a.get("code").asText()).containsSubsequence("2", "2.1", "2", "6", "5");
        assertThat(report.get("progress")).singleElement().satisfies(p -> {
            assertThat(p.get("fromDepth").asDouble()).isCloseTo(100.05, within(0.01));
            assertThat(p.get("metres").asDouble()).isCloseTo(23.0, within(0.1));
            assertThat(p.get("start").asText()).isEqualTo("06:00");
        });

        HttpResponse<String> again = supervisor.post("/api/reports", create());
        assertThat(again.statusCode()).as("one report per rig, date and shift").isEqualTo(409);
        assertThat(again.body()).contains("already has the day report of " + yesterday);
        assertThat(otherSupervisor.post("/api/reports", "{\"rig\":\"" + RIG + "\",\"date\":\"" + yesterday + "\",\"shiftType\":\"night\"}").statusCode())
                .as("a supervisor not assigned to the rig").isEqualTo(403);
        HttpResponse<String> future = supervisor.post("/api/reports", "{\"rig\":\"" + RIG + "\",\"date\":\"" + yesterday.plusDays(3) + "\",\"shiftType\":\"day\"}");
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.body()).contains("has not started yet");
    }

    /** The pre-filled report with a crew, typed metres and a location: what a supervisor sends. */
    ObjectNode typed(JsonNode report) {
        ObjectNode body = JSON.createObjectNode();
        body.put("version", report.get("version").asInt());
        body.put("location", "Pad 4");
        ArrayNode crew = body.putArray("crew");
        crew.addObject().put("role", "supervisor").put("name", "Sam Supervisor").put("hours", 12);
        crew.addObject().put("role", "driller").put("name", "Dan Driller").put("hours", 12);
        crew.addObject().put("role", "helper").put("name", "Hal Helper").put("hours", 11.5);
        ArrayNode progress = body.putArray("progress");
        progress.addObject().put("hole", "H-7").put("coreSize", "HQ").put("fromDepth", 100).put("toDepth", 123).put("start", "06:00")
                .put("end", "14:00").put("coreRecovered", 22.6);
        body.set("activities", report.get("activities").deepCopy());
        body.putArray("materials").addObject().put("name", "Bentonite").put("quantity", 4).put("unit", "bag");
        body.putArray("surveys").addObject().put("depth", 120).put("dip", -60).put("azimuth", 270).put("tool", "Reflex EZ-TRAC");
        body.putArray("casing").addObject().put("size", "HW").put("fromDepth", 0).put("toDepth", 12);
        return body;
    }

    @Test
    void badSavesAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        long id = newReport(yesterday.minusDays(2));
        JsonNode before = supervisor.json("GET", "/api/reports/" + id, null, 200);
        long audits = db.count("SELECT count(*) FROM audit_log WHERE entity = 'shift_report' AND entity_id = '" + id + "'");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("progress[0].toDepth", "{\"progress\":[{\"hole\":\"H-7\",\"coreSize\":\"HQ\",\"fromDepth\":123,\"toDepth\":100,\"start\":\"06:00\",\"end\":\"08:00\"}]}");
        cases.put("progress[0].end", "{\"progress\":[{\"hole\":\"H-7\",\"coreSize\":\"HQ\",\"fromDepth\":100,\"toDepth\":110,\"start\":\"17:00\",\"end\":\"19:30\"}]}");
        cases.put("activities[1].start", "{\"activities\":[{\"code\":\"2\",\"start\":\"06:00\",\"end\":\"09:00\"},{\"code\":\"6\",\"start\":\"08:00\",\"end\":\"10:00\"}]}");
        cases.put("activities[0].code", "{\"activities\":[{\"code\":\"XYZ\",\"start\":\"06:00\",\"end\":\"09:00\"}]}");
        cases.put("crew[0].hours", "{\"crew\":[{\"role\":\"driller\",\"name\":\"Dan\",\"hours\":30}]}");
        cases.put("crew[0].role", "{\"crew\":[{\"role\":\"cook\",\"name\":\"Dan\",\"hours\":3}]}");
        cases.put("standbyReason", "{\"standby\":true,\"standbyHours\":2}");
        cases.put("progress[0].coreRecovered", "{\"progress\":[{\"hole\":\"H-7\",\"coreSize\":\"HQ\",\"fromDepth\":100,\"toDepth\":110,\"start\":\"06:00\",\"end\":\"08:00\",\"coreRecovered\":12}]}");
        cases.put("surveys[0].azimuth", "{\"surveys\":[{\"depth\":10,\"dip\":-60,\"azimuth\":400}]}");
        cases.put("progress[0].start", "{\"progress\":[{\"hole\":\"H-7\",\"coreSize\":\"HQ\",\"fromDepth\":100,\"toDepth\":110,\"start\":\"6 am\",\"end\":\"08:00\"}]}");
        cases.put("sideNotes", "{\"sideNotes\":\"x\"}");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ObjectNode body = (ObjectNode) JSON.readTree(c.getValue());
            body.put("version", before.get("version").asInt());
            HttpResponse<String> r = supervisor.send("PUT", "/api/reports/" + id, body.toString());
            assertThat(r.statusCode()).as(c.getKey() + " → " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("fields")).as(c.getKey() + " → " + r.body())
                    .anySatisfy(f -> assertThat(f.get("field").asText()).isEqualTo(c.getKey()));
        }
        JsonNode after = supervisor.json("GET", "/api/reports/" + id, null, 200);
        assertThat(after.get("version").asInt()).isEqualTo(before.get("version").asInt());
        assertThat(after.get("activities")).isEqualTo(before.get("activities"));
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE entity = 'shift_report' AND entity_id = '" + id + "'")).isEqualTo(audits);
    }

    @Test
    void aReportGoesFromTheSupervisorThroughTheManagerToTheClientAndIsExported() throws Exception {
        LocalDate day = yesterday.minusDays(1);
        long id = newReport(day);
        String path = "/api/reports/" + id;
        JsonNode draft = supervisor.json("GET", path, null, 200);
        ObjectNode body = typed(draft);
        JsonNode saved = supervisor.json("PUT", path, body.toString(), 200);
        assertThat(saved.get("version").asInt()).isEqualTo(draft.get("version").asInt() + 1);
        assertThat(saved.get("totals").get("manHours").asDouble()).isEqualTo(35.5);
        assertThat(saved.get("progress").get(0).get("recoveryPct").asDouble()).isCloseTo(98.26, within(0.01));
        assertThat(saved.get("casing").get(0).get("length").asDouble()).isEqualTo(12);
        assertThat(saved.get("qualityScore").asInt()).isBetween(60, 100);

        // the tablet lost the answer and sends the same save again: stored once
        JsonNode retried = supervisor.json("PUT", path, body.toString(), 200);
        assertThat(retried.get("version").asInt()).isEqualTo(saved.get("version").asInt());
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'report.update' AND entity_id = '" + id + "'")).isOne();
        // an edit from the old version with other content: refused with the current report
        body.put("location", "Pad 5");
        HttpResponse<String> stale = supervisor.send("PUT", path, body.toString());
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).get("current").get("location").asText()).isEqualTo("Pad 4");
        assertThat(JSON.readTree(stale.body()).get("message").asText()).contains("was saved by sam.super meanwhile");

        assertThat(otherSupervisor.post(path + "/submit", "{}").statusCode()).as("not their rig").isEqualTo(403);
        assertThat(supervisor.json("POST", path + "/submit", "{}", 200).get("status").asText()).isEqualTo("submitted");
        body.put("version", saved.get("version").asInt());
        assertThat(supervisor.send("PUT", path, body.toString()).statusCode()).as("a submitted report is locked").isEqualTo(409);
        HttpResponse<String> noComment = manager.post(path + "/reject", "{}");
        assertThat(noComment.statusCode()).isEqualTo(400);
        assertThat(noComment.body()).contains("\"field\":\"comment\"");
        assertThat(manager.json("POST", path + "/reject", "{\"comment\":\"hole H-7: recovery looks high\"}", 200).get("status").asText())
                .isEqualTo("rejected");
        body.put("location", "Pad 4 (corrected)");
        JsonNode fixed = supervisor.json("PUT", path, body.toString(), 200);
        supervisor.json("POST", path + "/submit", "{}", 200);
        assertThat(client.post(path + "/client-approve", "{}").statusCode()).as("before the manager's approval the client does not see it").isEqualTo(404);
        assertThat(client.json("GET", "/api/reports?from=" + day + "&to=" + day, null, 200).get("counts").get("submitted").asLong())
                .as("not even counted").isZero();
        assertThat(manager.json("POST", path + "/approve", "{}", 200).get("status").asText()).isEqualTo("manager_approved");
        assertThat(otherClient.post(path + "/client-approve", "{}").statusCode()).as("another client's report does not exist for it").isEqualTo(404);
        JsonNode approved = client.json("POST", path + "/client-approve", "{}", 200);
        assertThat(approved.get("status").asText()).isEqualTo("approved");
        assertThat(approved.get("editable").asBoolean()).isFalse();
        assertThat(approved.get("history")).extracting(h -> h.get("action").asText())
                .containsExactly("submit", "reject", "submit", "approve", "client_approve");
        assertThat(approved.get("history").get(1).get("comment").asText()).isEqualTo("hole H-7: recovery looks high");
        assertThat(db.query("SELECT action FROM audit_log WHERE entity = 'shift_report' AND entity_id = '" + id + "' ORDER BY id"))
                .extracting(r -> r.getFirst()).containsExactly("report.create", "report.update", "report.submit", "report.reject",
                        "report.update", "report.submit", "report.approve", "report.client_approve");
        assertThat(fixed.get("location").asText()).isEqualTo("Pad 4 (corrected)");

        // client isolation: the other client sees nothing of it
        assertThat(otherClient.get(path).statusCode()).isEqualTo(404);
        assertThat(otherClient.get(path + "/report.pdf").statusCode()).isEqualTo(404);
        assertThat(otherClient.json("GET", "/api/reports?from=" + day + "&to=" + day, null, 200).get("items")).isEmpty();
        assertThat(otherClient.get("/api/reports/daily?rig=" + RIG + "&date=" + day).statusCode()).isEqualTo(404);
        assertThat(client.json("GET", "/api/reports?from=" + day + "&to=" + day, null, 200).get("items"))
                .extracting(i -> i.get("id").asLong()).contains(id);

        // the PDF, read back by PDFBox: the sections, the figures and who approved
        HttpResponse<byte[]> pdf = client.getBytes(path + "/report.pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("content-type")).hasValue("application/pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            assertThat(doc.getNumberOfPages()).as("one page").isOne();
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Daily drilling report — " + RIG + ", " + day + ", day shift", "SHIFT INFORMATION", "DRILLING PROGRESS",
                    "ACTIVITIES", "MATERIALS USED", "SURVEYS", "CASING", "TOTALS", "APPROVALS", "H-7", "23.00", "35.50", "Bentonite",
                    "Meg Manager", "Ann of Acme", "hole H-7: recovery looks high");
        }
        // the CSV, read back by Commons CSV
        HttpResponse<String> csv = client.get(path + "/report.csv");
        assertThat(csv.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"" + RIG + "-" + day + "-day.csv\"");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body())).getRecords();
        assertThat(rows).filteredOn(r -> r.get("section").equals("progress")).singleElement()
                .satisfies(r -> assertThat(Double.parseDouble(r.get("quantity"))).isEqualTo(23.0));
        assertThat(rows).filteredOn(r -> r.get("section").equals("crew")).hasSize(3);

        // the workbook, read back by POI: a sheet per section, totals as formulas whose results are the API's
        HttpResponse<byte[]> xlsx = client.getBytes(path + "/report.xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            assertThat(java.util.stream.IntStream.range(0, wb.getNumberOfSheets()).mapToObj(wb::getSheetName))
                    .containsExactly("Shift", "Crew", "Progress", "Activities", "Materials", "Surveys", "Casing");
            var evaluator = wb.getCreationHelper().createFormulaEvaluator();
            var progress = wb.getSheet("Progress");
            var metresTotal = progress.getRow(progress.getLastRowNum()).getCell(7);
            assertThat(metresTotal.getCellFormula()).isEqualTo("SUM(H2:H2)");
            assertThat(evaluator.evaluate(metresTotal).getNumberValue()).isEqualTo(approved.get("totals").get("metres").asDouble());
            assertThat(progress.getRow(1).getCell(7).getCellFormula()).as("metres from the depths").isEqualTo("D2-C2");
            var crew = wb.getSheet("Crew");
            assertThat(evaluator.evaluate(crew.getRow(crew.getLastRowNum()).getCell(2)).getNumberValue())
                    .isEqualTo(approved.get("totals").get("manHours").asDouble());
            var date = wb.getSheet("Shift").getRow(1).getCell(1);
            assertThat(date.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(day);
            assertThat(date.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");
            assertThat(wb.getSheet("Casing").getColumnWidth(0)).as("widths set from the content").isGreaterThan(0);
        }

        // the 24-hour view and the bill of quantities count it
        JsonNode daily = client.json("GET", "/api/reports/daily?rig=" + RIG + "&date=" + day, null, 200);
        assertThat(daily.get("day").get("id").asLong()).isEqualTo(id);
        assertThat(daily.get("totals").get("metres").asDouble()).isEqualTo(23.0);
        JsonNode boq = client.json("GET", "/api/reports/boq?from=" + day + "&to=" + day, null, 200);
        assertThat(boq.get("metres")).singleElement().satisfies(l -> {
            assertThat(l.get("hole").asText()).isEqualTo("H-7");
            assertThat(l.get("coreSize").asText()).isEqualTo("HQ");
            assertThat(l.get("metres").asDouble()).isEqualTo(23.0);
        });
        assertThat(boq.get("materials")).singleElement().satisfies(l -> assertThat(l.get("quantity").asDouble()).isEqualTo(4));
        assertThat(otherClient.json("GET", "/api/reports/boq?from=" + day + "&to=" + day, null, 200).get("metres")).isEmpty();

        // a manager reopens it, with a reason
        assertThat(manager.post(path + "/reopen", "{}").statusCode()).isEqualTo(400);
        assertThat(manager.json("POST", path + "/reopen", "{\"comment\":\"client asked for the survey tool\"}", 200).get("status").asText()).isEqualTo("draft");
    }

    /**
     * A date range as one CSV, workbook (formulas whose results are the API's totals) and PDF (a page per shift); the
     * bill of quantities per month as JSON, CSV and a workbook whose SUMIF by size adds up; the 24-hour PDF; the
     * landing view of each role; and another client gets none of it.
     */
    @Test
    void rangesAndTheMonthlyBillExportAndEachRoleHasItsLandingView() throws Exception {
        LocalDate first = yesterday.minusDays(6);
        LocalDate second = yesterday.minusDays(5);
        double metres = 0;
        for (LocalDate d : List.of(first, second)) {
            long id = newReport(d);
            String path = "/api/reports/" + id;
            JsonNode saved = supervisor.json("PUT", path, typed(supervisor.json("GET", path, null, 200)).toString(), 200);
            metres += saved.get("totals").get("metres").asDouble();
            supervisor.json("POST", path + "/submit", "{}", 200);
            manager.json("POST", path + "/approve", "{}", 200);
            client.json("POST", path + "/client-approve", "{}", 200);
        }
        String range = "from=" + first + "&to=" + second + "&rig=" + RIG;

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(client.get("/api/reports/export.csv?" + range).body())).getRecords();
        assertThat(rows).filteredOn(r -> r.get("section").equals("shift")).extracting(r -> r.get("date"))
                .containsExactly(first.toString(), second.toString());
        assertThat(rows).filteredOn(r -> r.get("section").equals("progress")).hasSize(2);
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
                new java.io.ByteArrayInputStream(client.getBytes("/api/reports/export.xlsx?" + range).body()))) {
            var evaluator = wb.getCreationHelper().createFormulaEvaluator();
            assertThat(wb.getSheet("Shifts").getLastRowNum()).as("a row per shift and the totals").isEqualTo(3);
            var progress = wb.getSheet("Progress");
            assertThat(progress.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Rig");
            assertThat(progress.getRow(2).getCell(1).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(second);
            assertThat(progress.getRow(1).getCell(10).getCellFormula()).as("metres from the depths").isEqualTo("G2-F2");
            assertThat(evaluator.evaluate(progress.getRow(progress.getLastRowNum()).getCell(10)).getNumberValue()).isEqualTo(metres);
            var crew = wb.getSheet("Crew");
            assertThat(evaluator.evaluate(crew.getRow(crew.getLastRowNum()).getCell(5)).getNumberValue()).isEqualTo(2 * 35.5);
        }
        try (PDDocument doc = Loader.loadPDF(client.getBytes("/api/reports/export.pdf?" + range).body())) {
            assertThat(doc.getNumberOfPages()).as("a page per shift").isEqualTo(2);
            assertThat(new PDFTextStripper().getText(doc)).contains(RIG + ", " + first + ", day shift", RIG + ", " + second + ", day shift");
        }

        JsonNode boq = client.json("GET", "/api/reports/boq?from=" + first + "&to=" + second + "&period=month", null, 200);
        assertThat(boq.get("period").asText()).isEqualTo("month");
        assertThat(boq.get("metres")).allSatisfy(l -> assertThat(LocalDate.parse(l.get("period").asText()))
                .isIn(first.withDayOfMonth(1), second.withDayOfMonth(1)));
        double billed = 0;
        for (JsonNode l : boq.get("metres")) {
            billed += l.get("metres").asDouble();
        }
        assertThat(billed).isEqualTo(metres);
        List<CSVRecord> bill = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(client.get("/api/reports/boq.csv?from=" + first + "&to=" + second + "&period=month").body())).getRecords();
        assertThat(bill).filteredOn(r -> r.get("item").equals("metres")).hasSize(boq.get("metres").size());
        assertThat(bill).filteredOn(r -> r.get("item").equals("material")).allSatisfy(r -> assertThat(r.get("name")).isEqualTo("Bentonite"));
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                client.getBytes("/api/reports/boq.xlsx?from=" + first + "&to=" + second + "&period=month").body()))) {
            var evaluator = wb.getCreationHelper().createFormulaEvaluator();
            var sizes = wb.getSheet("By size");
            assertThat(sizes.getRow(1).getCell(0).getStringCellValue()).isEqualTo("HQ");
            assertThat(sizes.getRow(1).getCell(1).getCellFormula()).startsWith("SUMIF(Metres!");
            assertThat(evaluator.evaluate(sizes.getRow(1).getCell(1)).getNumberValue()).isEqualTo(metres);
            assertThat(wb.getSheet("Metres").getRow(0).getCell(0).getStringCellValue()).isEqualTo("Month");
        }
        try (PDDocument doc = Loader.loadPDF(client.getBytes("/api/reports/daily.pdf?rig=" + RIG + "&date=" + first).body())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("24-hour report — " + RIG + ", " + first, "24-HOUR TOTALS",
                    "HOURS BY ACTIVITY CODE", "DRILLING PROGRESS");
        }

        // another client: no rows, no bill, no 24-hour report
        assertThat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(otherClient.get("/api/reports/export.csv?from=" + first + "&to=" + second).body())).getRecords()).isEmpty();
        assertThat(otherClient.get("/api/reports/export.pdf?" + range).statusCode()).as("not its rig").isEqualTo(404);
        assertThat(otherClient.json("GET", "/api/reports/boq?from=" + first + "&to=" + second + "&period=month", null, 200).get("metres")).isEmpty();
        assertThat(otherClient.get("/api/reports/daily.pdf?rig=" + RIG + "&date=" + first).statusCode()).isEqualTo(404);
        HttpResponse<String> badPeriod = client.get("/api/reports/boq.xlsx?from=" + first + "&to=" + second + "&period=week");
        assertThat(badPeriod.statusCode()).isEqualTo(400);
        assertThat(badPeriod.body()).contains("\"field\":\"period\"");

        // landing views: a draft for the supervisor, a submitted one for the manager, the approved for everyone
        long draft = newReport(yesterday.minusDays(7));
        long submitted = newReport(yesterday.minusDays(8));
        supervisor.json("POST", "/api/reports/" + submitted + "/submit", "{}", 200);
        assertThat(section(supervisor, "drafts")).contains(draft).doesNotContain(submitted);
        assertThat(section(otherSupervisor, "drafts")).as("not their rig").isNull();
        assertThat(section(manager, "awaiting")).contains(submitted).doesNotContain(draft);
        assertThat(section(manager, "drafts")).isNull();
        assertThat(section(client, "recent")).isNotEmpty();
        assertThat(section(otherClient, "recent")).isEmpty();
        assertThat(section(client, "exceptions")).isNull();
    }

    /** The ids of one section of the caller's landing view, or null when the caller's view has no such section. */
    static List<Long> section(HubClient who, String key) throws Exception {
        for (JsonNode s : who.json("GET", "/api/reports/inbox", null, 200).get("sections")) {
            if (s.get("key").asText().equals(key)) {
                return java.util.stream.StreamSupport.stream(s.get("items").spliterator(), false).map(i -> i.get("id").asLong()).toList();
            }
        }
        return null;
    }

    /**
     * Core tray photos: a phone's JPEG with an EXIF quarter turn gets an upright thumbnail; the same picture twice is
     * one file; a renamed non-image, an oversized file, a decompression bomb and a full quota are refused, naming the
     * file, and store nothing; photos are for those who may read the report; a submitted report's photos are locked.
     */
    @Test
    void coreTrayPhotosAreCheckedStoredOnceAndShownUpright() throws Exception {
        long id = newReport(yesterday.minusDays(9));
        String path = "/api/reports/" + id;
        supervisor.json("PUT", path, typed(supervisor.json("GET", path, null, 200)).toString(), 200);
        String upload = path + "/photos?hole=H-7&fromDepth=100&toDepth=104.5&caption=Tray%201&name=IMG_0042.jpg";

        byte[] phone = io.derrick.hub.testing.Pictures.jpegWithOrientation(400, 200, 6);
        HttpResponse<String> added = supervisor.upload(upload, phone, "application/octet-stream");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode photo = JSON.readTree(added.body());
        assertThat(photo.get("contentType").asText()).as("from the content, not the header").isEqualTo("image/jpeg");
        assertThat(photo.get("width").asInt()).as("upright").isEqualTo(200);
        assertThat(photo.get("height").asInt()).isEqualTo(400);
        HttpResponse<byte[]> thumb = manager.getBytes(path + "/photos/" + photo.get("id").asLong() + "/thumbnail");
        assertThat(thumb.statusCode()).isEqualTo(200);
        java.awt.image.BufferedImage t = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumb.body()));
        assertThat(t.getHeight()).as("portrait, as the phone was held").isEqualTo(320).isGreaterThan(t.getWidth());
        java.awt.Color top = new java.awt.Color(t.getRGB(t.getWidth() / 2, 10));
        java.awt.Color bottom = new java.awt.Color(t.getRGB(t.getWidth() / 2, t.getHeight() - 10));
        assertThat(top.getRed()).as("the red half on top: " + top).isGreaterThan(200);
        assertThat(bottom.getBlue()).as("the blue half below: " + bottom).isGreaterThan(200);
        assertThat(manager.getBytes(path + "/photos/" + photo.get("id").asLong()).body()).as("the original as uploaded").isEqualTo(phone);
        // the same picture again: a second photo row, one file
        assertThat(supervisor.upload(upload, phone, "image/jpeg").statusCode()).isEqualTo(201);
        try (var files = java.nio.file.Files.walk(photoDir)) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(photo.get("sha256").asText() + ".jpg", photo.get("sha256").asText() + ".thumb.jpg");
        }

        long rows = db.count("SELECT count(*) FROM shift_photo");
        Map<String, byte[]> refused = new java.util.LinkedHashMap<>();
        refused.put("a PDF named .jpg", "%PDF-1.7\n1 0 obj <<>> endobj".getBytes(StandardCharsets.US_ASCII));
        refused.put("1.6 MB", io.derrick.hub.testing.Pictures.noisePng(740, 740, 1));
        refused.put("a bomb", io.derrick.hub.testing.Pictures.pngBomb(100_000));
        refused.put("empty", new byte[0]);
        for (Map.Entry<String, byte[]> bad : refused.entrySet()) {
            HttpResponse<String> r = supervisor.upload(upload, bad.getValue(), "image/jpeg");
            assertThat(r.statusCode()).as(bad.getKey() + " → " + r.body()).isIn(400, 413);
            assertThat(JSON.readTree(r.body()).get("fields").get(0).get("field").asText()).as(bad.getKey()).isEqualTo("file");
        }
        assertThat(supervisor.upload(upload, refused.get("a PDF named .jpg"), "image/jpeg").body()).contains("not a JPEG or PNG picture");
        assertThat(supervisor.upload(upload, refused.get("1.6 MB"), "image/png").body()).contains("larger than the 1.5 MB");
        assertThat(supervisor.upload(upload, refused.get("a bomb"), "image/png").body()).contains("100000 × 100000 pixels");
        HttpResponse<String> noHole = supervisor.upload(path + "/photos?hole=H-99", phone, "image/jpeg");
        assertThat(noHole.statusCode()).isEqualTo(400);
        assertThat(noHole.body()).contains("\"field\":\"hole\"", "no progress row of hole 'H-99'");
        // the quota: 2 MB for the hub; 1.1 MB fits, another 1.1 MB does not
        assertThat(supervisor.upload(upload, io.derrick.hub.testing.Pictures.noisePng(600, 600, 2), "image/png").statusCode()).isEqualTo(201);
        HttpResponse<String> full = supervisor.upload(upload, io.derrick.hub.testing.Pictures.noisePng(600, 600, 3), "image/png");
        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(full.body()).contains("the photo storage is full", "reports.photos.quotaMb");
        assertThat(db.count("SELECT count(*) FROM shift_photo")).as("the refused stored nothing").isEqualTo(rows + 1);

        // who sees them: the report's readers; a client not while the report is a draft; another client never
        assertThat(manager.json("GET", path + "/photos", null, 200)).hasSize(3);
        assertThat(client.get(path + "/photos").statusCode()).as("a draft is the contractor's").isEqualTo(404);
        assertThat(otherClient.get(path + "/photos").statusCode()).isEqualTo(404);
        assertThat(otherClient.get(path + "/photos/" + photo.get("id").asLong()).statusCode()).isEqualTo(404);
        assertThat(otherClient.get(path + "/photos/" + photo.get("id").asLong() + "/thumbnail").statusCode()).isEqualTo(404);
        assertThat(otherSupervisor.upload(upload, phone, "image/jpeg").statusCode()).as("not their rig").isEqualTo(403);

        // removing frees the space; a submitted report's photos stay
        long last = manager.json("GET", path + "/photos", null, 200).get(2).get("id").asLong();
        supervisor.json("DELETE", path + "/photos/" + last, null, 204);
        assertThat(supervisor.upload(upload, io.derrick.hub.testing.Pictures.noisePng(600, 600, 3), "image/png").statusCode()).isEqualTo(201);
        supervisor.json("POST", path + "/submit", "{}", 200);
        assertThat(supervisor.upload(upload, phone, "image/jpeg").statusCode()).isEqualTo(409);
        assertThat(supervisor.send("DELETE", path + "/photos/" + photo.get("id").asLong(), null).statusCode()).isEqualTo(409);
        assertThat(db.query("SELECT action FROM audit_log WHERE entity = 'shift_report' AND entity_id = '" + id + "' AND action LIKE 'report.photo%' ORDER BY id"))
                .extracting(r -> r.getFirst()).containsExactly("report.photo.add", "report.photo.add", "report.photo.add", "report.photo.remove",
                        "report.photo.add");
    }

    /**
     * A bulk of shifts: stored in one transaction, the second continuing the first's hole without a warning; a bulk
     * with one bad shift, one that repeats a shift, or one whose shift exists stores nothing and names the place.
     */
    @Test
    void aBulkOfShiftsIsStoredWholeOrNotAtAll() throws Exception {
        LocalDate first = yesterday.minusDays(20);
        java.util.function.BiFunction<LocalDate, double[], ObjectNode> shift = (date, depths) -> {
            ObjectNode s = JSON.createObjectNode().put("rig", RIG).put("date", date.toString()).put("shiftType", "day").put("location", "Pad 9");
            s.putArray("crew").addObject().put("role", "driller").put("name", "Dan Driller").put("hours", 12);
            s.putArray("progress").addObject().put("hole", "H-20").put("coreSize", "NQ").put("fromDepth", depths[0]).put("toDepth", depths[1])
                    .put("start", "06:00").put("end", "14:00");
            s.putArray("activities").addObject().put("code", "4").put("start", "06:00").put("end", "14:00");
            return s;
        };
        ObjectNode bulk = JSON.createObjectNode();
        bulk.putArray("reports").add(shift.apply(first, new double[] {0, 20})).add(shift.apply(first.plusDays(1), new double[] {20, 41}));
        long before = db.count("SELECT count(*) FROM shift_report");
        JsonNode made = supervisor.json("POST", "/api/reports/bulk", bulk.toString(), 201);
        assertThat(made.get("created").asInt()).isEqualTo(2);
        JsonNode second = supervisor.json("GET", "/api/reports/" + made.get("reports").get(1).asLong(), null, 200);
        assertThat(second.get("totals").get("metres").asDouble()).isEqualTo(21);
        assertThat(second.get("findings")).as("continues the bulk's first shift").noneSatisfy(f -> assertThat(f.get("rule").asText()).isEqualTo("continuity"));
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'report.create' AND after ->> 'bulk' = 'true'")).isEqualTo(2);

        Map<String, ObjectNode> refused = new java.util.LinkedHashMap<>();
        ObjectNode bad = JSON.createObjectNode();
        bad.putArray("reports").add(shift.apply(first.plusDays(2), new double[] {41, 50})).add(shift.apply(first.plusDays(3), new double[] {60, 50}));
        refused.put("reports[1].progress[0].toDepth", bad);
        ObjectNode twice = JSON.createObjectNode();
        twice.putArray("reports").add(shift.apply(first.plusDays(2), new double[] {41, 50})).add(shift.apply(first.plusDays(2), new double[] {41, 50}));
        refused.put("reports[1].date", twice);
        ObjectNode exists = JSON.createObjectNode();
        exists.putArray("reports").add(shift.apply(first.plusDays(2), new double[] {41, 50})).add(shift.apply(first, new double[] {0, 20}));
        refused.put("reports[1].date ", exists);
        for (Map.Entry<String, ObjectNode> c : refused.entrySet()) {
            HttpResponse<String> r = supervisor.post("/api/reports/bulk", c.getValue().toString());
            assertThat(r.statusCode()).as(c.getKey() + " → " + r.body()).isIn(400, 409);
            assertThat(JSON.readTree(r.body()).get("fields")).as(r.body()).anySatisfy(f -> assertThat(f.get("field").asText()).isEqualTo(c.getKey().strip()));
        }
        assertThat(db.count("SELECT count(*) FROM shift_report")).as("nothing of a refused bulk").isEqualTo(before + 2);
        assertThat(otherSupervisor.post("/api/reports/bulk", bulk.toString()).statusCode()).as("not their rig").isEqualTo(403);
    }

    /** A night report started before its data arrived reads the sensors again on request; an approved one does not. */
    @Test
    void aDraftReadsTheSensorsAgain() throws Exception {
        LocalDate date = yesterday.minusDays(3);
        long id = supervisor.json("POST", "/api/reports", "{\"rig\":\"" + RIG + "\",\"date\":\"" + date + "\",\"shiftType\":\"night\"}", 201)
                .get("id").asLong();
        assertThat(supervisor.json("GET", "/api/reports/" + id, null, 200).get("measured").get("coverage").asDouble()).isZero();
        // the rig's backlog of that night arrives (seqs after the day shift's)
        ShiftHistory.publish(hub, db, RIG, date.atTime(18, 0).toInstant(ZoneOffset.UTC), 100);
        JsonNode again = supervisor.json("POST", "/api/reports/" + id + "/measure", "{}", 200);
        assertThat(again.get("measured").get("metres").asDouble()).isCloseTo(23.0, within(0.1));
        assertThat(again.get("measured").get("coverage").asDouble()).isCloseTo(1.0, within(0.01));
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'report.measure' AND entity_id = '" + id + "'")).isOne();
        assertThat(otherSupervisor.post("/api/reports/" + id + "/measure", "{}").statusCode()).isEqualTo(403);
    }

    /** The drafts of shifts that are on (or just ended) read their sensors again by themselves: the report-measure job. */
    @Test
    void theJobReadsTheSensorsAgainForDraftsOfShiftsThatAreOn() throws Exception {
        LocalDate date = yesterday.minusDays(31);
        long id = supervisor.json("POST", "/api/reports", "{\"rig\":\"" + RIG + "\",\"date\":\"" + date + "\",\"shiftType\":\"night\"}", 201)
                .get("id").asLong();
        ShiftHistory.publish(hub, db, RIG, date.atTime(18, 0).toInstant(ZoneOffset.UTC), 700);
        hub.runJob("report-measure");   // the schedule's own run: this night ended long ago, it is left alone
        assertThat(supervisor.json("GET", "/api/reports/" + id, null, 200).get("measured").get("coverage").asDouble()).isZero();
        // the job's work as it is at 05:00 that night: the shift is on
        int measured = hub.hub().reports().reports().remeasureOpenDrafts(date.plusDays(1).atTime(5, 0).toInstant(ZoneOffset.UTC),
                java.time.Duration.ofHours(1), io.derrick.hub.platform.audit.Actor.job("report-measure"));
        assertThat(measured).isOne();
        JsonNode again = supervisor.json("GET", "/api/reports/" + id, null, 200);
        assertThat(again.get("measured").get("metres").asDouble()).isCloseTo(23.0, within(0.1));
        assertThat(db.query("SELECT actor FROM audit_log WHERE action = 'report.measure' AND entity_id = '" + id + "'"))
                .extracting(r -> r.getFirst()).containsExactly("job report-measure");
    }

    @Test
    void theActivityCodesGrowAndMaterialsAreACatalogue() throws Exception {
        assertThat(supervisor.json("GET", "/api/reports/codes", null, 200)).extracting(c -> c.get("code").asText()).contains("2", "2.1", "6", "8", "NP.W");
        assertThat(supervisor.post("/api/reports/codes", "{\"code\":\"X.1\",\"label\":\"Waiting on permit\",\"productive\":false}").statusCode()).isEqualTo(403);
        manager.json("POST", "/api/reports/codes", "{\"code\":\"X.1\",\"label\":\"Waiting on permit\",\"productive\":false,\"rigState\":\"idle\"}", 201);
        assertThat(manager.post("/api/reports/codes", "{\"code\":\"X.1\",\"label\":\"again\",\"productive\":false}").statusCode()).isEqualTo(409);
        HttpResponse<String> bad = manager.post("/api/reports/codes", "{\"code\":\"no spaces\",\"label\":\"\",\"rigState\":\"napping\"}");
        assertThat(JSON.readTree(bad.body()).get("fields")).extracting(f -> f.get("field").asText())
                .containsExactlyInAnyOrder("code", "label", "productive", "rigState");
        HttpResponse<String> notSupervisor = admin.send("PUT", "/api/reports/rigs/" + RIG + "/supervisors", "{\"supervisors\":[\"meg.manager\"]}");
        assertThat(notSupervisor.statusCode()).isEqualTo(400);
        assertThat(notSupervisor.body()).contains("not an enabled user with the supervisor role: meg.manager");
        assertThat(new String(admin.getBytes("/api/reports/rigs/" + RIG + "/supervisors").body(), StandardCharsets.UTF_8)).contains("sam.super");
    }
}
