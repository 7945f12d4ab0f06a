package io.derrick.hub.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The planner's work around the schedule, on the real hub, PostgreSQL and an SMTP server (GreenMail): import of rigs,
 * wells and campaign wells from CSV and xlsx with a dry run that changes nothing and an all-or-nothing apply; the
 * scenario's export read back by Apache POI and imported again unchanged; comments; two scenarios compared;
 * levelling suggestions applied (a stale one refused whole); subscribers emailed once per burst of changes of the
 * approved schedule; a large scenario calculated in the background.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanWorkflowIT {
    static final ObjectMapper JSON = new ObjectMapper();
    TestDatabase db;
    InProcessHub hub;
    GreenMail smtp;
    HubClient editor;
    HubClient manager;
    HubClient viewer;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        smtp = io.derrick.hub.testing.TestSmtp.start();
        db = TestDatabase.create();
        Path config = Files.writeString(dir.resolve("hub.yaml"), io.derrick.hub.testing.TestSmtp.hubConfig(smtp) + """
                plan: {calc: {inlineWells: 6}, import: {maxBytes: 20000}, mail: {delay: PT0S, every: PT0.5S}}
                """);
        hub = new InProcessHub(db, dir.resolve("hub"), config);
        editor = user("pat.planner", "editor", "pat@example.com");
        manager = user("max.manager", "manager", "max@example.com");
        viewer = user("val.viewer", "viewer", null);
    }

    HubClient user(String name, String role, String email) throws Exception {
        hub.admin().json("POST", "/api/admin/users", "{\"username\":\"" + name + "\",\"displayName\":\"" + name + "\",\"roles\":[\"" + role + "\"]"
                + (email == null ? "" : ",\"email\":\"" + email + "\"") + ",\"password\":\"" + InProcessHub.PASSWORD + "\"}", 201);
        return HubClient.session(hub.url(), name, InProcessHub.PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
        db.close();
        smtp.stop();
    }

    JsonNode dryRun(String entity, Long scenario, byte[] file, String type) throws Exception {
        HttpResponse<String> r = editor.upload("/api/plan/import?entity=" + entity + (scenario == null ? "" : "&scenario=" + scenario), file, type);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> apply(String entity, Long scenario, byte[] file, String type) throws Exception {
        return editor.upload("/api/plan/import?entity=" + entity + (scenario == null ? "" : "&scenario=" + scenario) + "&apply=true", file, type);
    }

    static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPlanIsImportedExportedAndImportedAgain() throws Exception {
        String audit = "SELECT count(*) FROM audit_log WHERE action LIKE 'plan.import.%'";
        // rigs: two good rows, one with three mistakes; semicolons as a European Excel writes them
        byte[] rigs = csv("Rig;Name;Day rate;Currency;Status\nrig-i1;Rig I1;12000;USD;active\nrig-i2;Rig I2;9500;USD;standby\n"
                + "rig i3;Rig I3;lots;dollars;busy\n");
        JsonNode dry = dryRun("rigs", null, rigs, "text/csv");
        assertThat(dry.get("summary").get("create").asInt()).isEqualTo(2);
        JsonNode bad = dry.get("rows").get(2);
        assertThat(bad.get("row").asInt()).as("the sheet's row, the header being 1").isEqualTo(4);
        assertThat(bad.get("action").asText()).isEqualTo("refused");
        assertThat(bad.get("errors")).extracting(e -> e.get("field").asText()).containsExactlyInAnyOrder("id", "dayRate", "currency", "status");
        assertThat(bad.get("errors").toString()).contains("column 'Day rate': not a number: 'lots'");
        assertThat(db.count("SELECT count(*) FROM plan_rig WHERE id LIKE 'rig-i%'")).as("a dry run stores nothing").isZero();
        HttpResponse<String> refused = apply("rigs", null, rigs, "text/csv");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("1 of 3 rows are refused: nothing was imported");
        assertThat(db.count("SELECT count(*) FROM plan_rig WHERE id LIKE 'rig-i%'")).as("all or nothing").isZero();
        assertThat(db.count(audit)).isZero();
        byte[] goodRigs = csv("Rig;Name;Day rate;Currency;Status\nrig-i1;Rig I1;12000;USD;active\nrig-i2;Rig I2;9500;USD;standby\n");
        assertThat(apply("rigs", null, goodRigs, "text/csv").statusCode()).isEqualTo(200);
        assertThat(db.query("SELECT id, day_rate, status FROM plan_rig WHERE id LIKE 'rig-i%' ORDER BY id")).extracting(Object::toString)
                .containsExactly("[rig-i1, 12000.0, active]", "[rig-i2, 9500.0, standby]");

        // wells from a workbook, with a column mapping of our own
        byte[] wells = workbook("Wells", List.of(List.of("Well name", "Kind", "TD (m)", "Field"), List.of("Ibis-1", "exploration", "650", "East"),
                List.of("Ibis-2", "development", "400", "East"), List.of("Ibis-3", "appraisal", "", "East")));
        String mapping = URLEncoder.encode("{\"name\":\"Well name\",\"type\":\"Kind\",\"plannedDepth\":\"TD (m)\",\"field\":\"Field\"}", StandardCharsets.UTF_8);
        JsonNode columns = JSON.readTree(editor.upload("/api/plan/import/columns?entity=wells", wells, "application/octet-stream").body());
        assertThat(columns.get("format").asText()).isEqualTo("xlsx");
        assertThat(columns.get("headers")).extracting(JsonNode::asText).containsExactly("Well name", "Kind", "TD (m)", "Field");
        assertThat(columns.get("mapping").get("name").asText()).as("recognised").isEqualTo("Well name");
        HttpResponse<String> noType = editor.upload("/api/plan/import?entity=wells", wells, "application/octet-stream");
        assertThat(noType.statusCode()).as("'Kind' is not a known name for the type: the mapping must say").isEqualTo(400);
        assertThat(noType.body()).contains("mapping.type");
        HttpResponse<String> w = editor.upload("/api/plan/import?entity=wells&apply=true&mapping=" + mapping, wells, "application/octet-stream");
        assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
        assertThat(db.count("SELECT count(*) FROM well WHERE name LIKE 'Ibis-%' AND field = 'East'")).isEqualTo(3);

        // campaign wells into a scenario: a new campaign, dependencies by name with a lag, one bad row
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Ibis 2027\",\"horizon\":\"ibis\"}", 201).get("id").asLong();
        String header = "Campaign,Well,Rig,Planned start,Days,After\n";
        byte[] cw = csv(header + "Ibis,Ibis-1,rig-i1,2027-02-01,20,\nIbis,Ibis-2,rig-i1,,10,Ibis-1 +2\nIbis,Ibis-9,rig-i7,2027-13-01,,Ibis-5\n");
        JsonNode cwDry = dryRun("campaign-wells", s, cw, "text/csv");
        JsonNode badRow = cwDry.get("rows").get(2);
        assertThat(badRow.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("well", "rig", "plannedStart", "durationDays", "after");
        assertThat(db.count("SELECT count(*) FROM campaign c WHERE c.scenario_id = ?", s)).isZero();
        byte[] goodCw = csv(header + "Ibis,Ibis-1,rig-i1,2027-02-01,20,\nIbis,Ibis-2,rig-i1,,10,Ibis-1 +2\nIbis,Ibis-3,rig-i2,2027-02-01,15,\n");
        HttpResponse<String> applied = apply("campaign-wells", s, goodCw, "text/csv");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        JsonNode full = editor.json("GET", "/api/plan/scenarios/" + s, null, 200);
        assertThat(full.get("campaigns")).extracting(c -> c.get("name").asText()).containsExactly("Ibis");
        assertThat(full.get("wells")).hasSize(3);
        JsonNode second = full.get("wells").get(1);
        assertThat(second.get("dependencies").get(0).get("predecessor").asLong()).isEqualTo(full.get("wells").get(0).get("id").asLong());
        assertThat(second.get("dependencies").get(0).get("lagDays").asDouble()).isEqualTo(2);
        long audited = db.count(audit);
        assertThat(audited).as("2 rigs, 3 wells, a campaign, 3 campaign wells").isEqualTo(9);
        // a loop through the sheet is refused on its rows
        JsonNode loop = dryRun("campaign-wells", s, csv(header + "Ibis,Ibis-1,rig-i1,2027-02-01,20,Ibis-2\n"), "text/csv");
        assertThat(loop.get("rows").get(0).get("errors").toString()).contains("the dependencies go round", "Ibis-1", "Ibis-2");

        // the export: a sheet per entity, the calculated columns, read back by POI
        HttpResponse<byte[]> xlsx = viewer.getBytes("/api/plan/scenarios/" + s + "/export.xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertThat(List.of(book.getSheetName(0), book.getSheetName(1), book.getSheetName(2), book.getSheetName(3), book.getSheetName(4),
                    book.getSheetName(5))).containsExactly("Scenario", "Rigs", "Wells", "Campaigns", "Campaign wells", "Rig figures");
            Sheet sheet = book.getSheet("Campaign wells");
            DataFormatter f = new DataFormatter();
            Row ibis2 = sheet.getRow(2);
            assertThat(f.formatCellValue(ibis2.getCell(1))).isEqualTo("Ibis-2");
            assertThat(f.formatCellValue(ibis2.getCell(8))).isEqualTo("Ibis-1 +2");
            // Feb 1 + 20 days → Feb 21, + 2 lag → Feb 23; 10 days at 12,000
            assertThat(ibis2.getCell(9).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(java.time.LocalDate.parse("2027-02-23"));
            assertThat(ibis2.getCell(15).getNumericCellValue()).isEqualTo(120_000);
        }
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(viewer.get("/api/plan/scenarios/" + s + "/export.csv").body())).getRecords();
        assertThat(rows).extracting(r -> r.get("Scheduled end")).containsExactly("2027-02-21", "2027-03-05", "2027-02-16");
        // imported again as it was exported: nothing changes
        JsonNode again = dryRun("campaign-wells", s, xlsx.body(), "application/octet-stream");
        assertThat(again.get("summary").get("unchanged").asInt()).as(again.toString()).isEqualTo(3);
        assertThat(dryRun("campaign-wells", s, csv(viewer.get("/api/plan/scenarios/" + s + "/export.csv").body()), "text/csv")
                .get("summary").get("unchanged").asInt()).isEqualTo(3);
        assertThat(db.count(audit)).isEqualTo(audited);

        // what is not a sheet is refused, saying why, and changes nothing
        assertThat(editor.upload("/api/plan/import?entity=wells", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}, "text/csv").body())
                .contains("\"field\":\"file\"", "not a UTF-8 text file nor an xlsx workbook");
        assertThat(editor.upload("/api/plan/import?entity=wells", new byte[] {'P', 'K', 3, 4, 9, 9, 9}, "application/octet-stream").body())
                .contains("not a readable xlsx workbook");
        HttpResponse<String> big = editor.upload("/api/plan/import?entity=wells", new byte[30_000], "text/csv");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("plan.import.maxBytes");
        assertThat(editor.upload("/api/plan/import?entity=pumps", csv("a\n1\n"), "text/csv").body()).contains("\"field\":\"entity\"");
        assertThat(viewer.upload("/api/plan/import?entity=wells", csv("a\n1\n"), "text/csv").statusCode()).as("viewers read").isEqualTo(403);
        assertThat(db.count(audit)).isEqualTo(audited);
    }

    @Test
    void commentsComparisonLevellingAndTheSubscribersEmails() throws Exception {
        for (String rig : List.of("rig-l1", "rig-l2", "rig-l3")) {
            editor.json("PUT", "/api/plan/rigs/" + rig, "{\"name\":\"" + rig + "\",\"dayRate\":10000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        }
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Lark 2027\",\"horizon\":\"lark\"}", 201).get("id").asLong();
        long camp = editor.json("POST", "/api/plan/scenarios/" + s + "/campaigns", "{\"name\":\"Lark\"}", 201).get("id").asLong();
        List<JsonNode> cws = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {   // three wells planned on rig L1 at once: two conflicts, an ETA of 30 days
            long well = editor.json("POST", "/api/plan/wells", "{\"name\":\"Lark-" + i + "\",\"type\":\"development\"}", 201).get("id").asLong();
            cws.add(editor.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + well
                    + ",\"rig\":\"rig-l1\",\"plannedStart\":\"2027-05-01\",\"durationDays\":10}", 201));
        }
        // comments: who, when, text; on the well and in the scenario's list
        JsonNode c = viewer.json("POST", "/api/plan/campaign-wells/" + cws.get(0).get("id").asLong() + "/comments",
                "{\"body\":\"<b>Road</b> to the pad is closed until May 3\"}", 201);
        assertThat(c.get("author").asText()).isEqualTo("val.viewer");
        assertThat(viewer.json("GET", "/api/plan/scenarios/" + s + "/comments", null, 200)).hasSize(1);
        assertThat(editor.send("DELETE", "/api/plan/comments/" + c.get("id").asLong(), null).statusCode()).as("not the author").isEqualTo(403);
        assertThat(editor.post("/api/plan/campaign-wells/" + cws.get(0).get("id").asLong() + "/comments", "{\"body\":\"\"}").body())
                .contains("\"field\":\"body\"");

        // levelling: the conflicts go, each well to an idle rig
        JsonNode sug = editor.json("GET", "/api/plan/scenarios/" + s + "/suggestions", null, 200);
        assertThat(sug.get("conflictsBefore").asInt()).isEqualTo(3);
        assertThat(sug.get("conflictsAfter").asInt()).isZero();
        assertThat(sug.get("etaBefore").asText()).isEqualTo("2027-05-31");
        assertThat(sug.get("etaAfter").asText()).isEqualTo("2027-05-11");
        assertThat(sug.get("moves")).hasSize(2).extracting(m -> m.get("toRig").asText()).containsExactlyInAnyOrder("rig-l2", "rig-l3");
        // the clone to compare against keeps the plan as it was
        long before = editor.json("POST", "/api/plan/scenarios/" + s + "/clone", "{\"name\":\"Lark as entered\"}", 201).get("scenario").get("id").asLong();
        StringBuilder moves = new StringBuilder();
        for (JsonNode m : sug.get("moves")) {
            long id = m.get("well").asLong();
            int version = cws.stream().filter(x -> x.get("id").asLong() == id).findFirst().orElseThrow().get("version").asInt();
            moves.append(moves.isEmpty() ? "" : ",").append("{\"campaignWell\":").append(id).append(",\"version\":").append(version)
                    .append(",\"rig\":\"").append(m.get("toRig").asText()).append("\"}");
        }
        String body = "{\"moves\":[" + moves + "]}";
        editor.json("POST", "/api/plan/scenarios/" + s + "/suggestions/apply", body, 200);
        HttpResponse<String> stale = editor.post("/api/plan/scenarios/" + s + "/suggestions/apply", body);
        assertThat(stale.statusCode()).as("the same versions again").isEqualTo(409);
        assertThat(stale.body()).contains("none of the moves was applied", "\"current\"");
        JsonNode cmp = viewer.json("GET", "/api/plan/compare?a=" + before + "&b=" + s + "&from=2027-05-01&to=2027-06-01", null, 200);
        assertThat(cmp.get("a").get("eta").asText()).isEqualTo("2027-05-31");
        assertThat(cmp.get("b").get("eta").asText()).isEqualTo("2027-05-11");
        assertThat(cmp.get("a").get("conflicts").asInt()).isEqualTo(3);
        assertThat(cmp.get("rigs")).extracting(r -> r.get("rig").asText()).containsExactly("rig-l1", "rig-l2", "rig-l3");
        assertThat(cmp.get("wells")).hasSize(3).allSatisfy(row -> assertThat(row.has("a") && row.has("b")).isTrue());
        assertThat(viewer.get("/api/plan/compare?a=" + s).body()).contains("\"field\":\"b\"");

        // subscribers hear of changes to the approved schedule, once per burst; a viewer without an address is told to get one
        assertThat(viewer.send("PUT", "/api/plan/scenarios/" + s + "/subscription", null).body()).contains("\"field\":\"email\"");
        editor.json("PUT", "/api/plan/scenarios/" + s + "/subscription", null, 200);
        int version = viewer.json("GET", "/api/plan/scenarios/" + s, null, 200).get("scenario").get("version").asInt();
        manager.json("POST", "/api/plan/scenarios/" + s + "/approve", "{\"version\":" + version + "}", 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 1);
        MimeMessage approved = smtp.getReceivedMessages()[0];
        assertThat(approved.getAllRecipients()[0].toString()).isEqualTo("pat@example.com");
        assertThat(text(approved)).contains("approved: it is now the plan of lark");
        JsonNode third = viewer.json("GET", "/api/plan/scenarios/" + s, null, 200).get("wells").get(2);
        manager.json("PUT", "/api/plan/campaign-wells/" + third.get("id").asLong(), "{\"version\":" + third.get("version").asInt() + ",\"campaign\":" + camp
                + ",\"well\":" + third.get("well").asLong() + ",\"rig\":\"" + third.get("rig").asText() + "\",\"plannedStart\":\"2027-05-04\",\"durationDays\":12}", 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
        MimeMessage changed = smtp.getReceivedMessages()[1];
        assertThat(changed.getSubject()).as(text(changed)).contains("Lark 2027", "changed (1 change)");
        assertThat(text(changed)).contains("Lark-3 (#" + third.get("id").asLong() + "): planned start 2027-05-01 → 2027-05-04", "by max.manager",
                "https://derrick.example.com/plan.html?scenario=" + s);
        assertThat(db.count("SELECT count(*) FROM plan_notification WHERE status = 'sent'")).isEqualTo(2);
        Thread.sleep(1500);
        assertThat(smtp.getReceivedMessages()).as("each once").hasSize(2);
        editor.json("DELETE", "/api/plan/scenarios/" + s + "/subscription", null, 200);
        assertThat(db.query("SELECT DISTINCT action FROM audit_log WHERE action IN ('plan.comment.create', 'plan.campaign_well.level', 'plan.subscribe', "
                + "'plan.unsubscribe') ORDER BY 1")).hasSize(4);
    }

    @Test
    void aLargeScenarioIsCalculatedInTheBackground() throws Exception {
        editor.json("PUT", "/api/plan/rigs/rig-b1", "{\"name\":\"Rig B1\",\"dayRate\":1000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
        long s = editor.json("POST", "/api/plan/scenarios", "{\"name\":\"Big 2027\",\"horizon\":\"big\"}", 201).get("id").asLong();
        long camp = editor.json("POST", "/api/plan/scenarios/" + s + "/campaigns", "{\"name\":\"Big\"}", 201).get("id").asLong();
        for (int i = 1; i <= 8; i++) {     // over plan.calc.inlineWells (6)
            long well = editor.json("POST", "/api/plan/wells", "{\"name\":\"Big-" + i + "\",\"type\":\"water\"}", 201).get("id").asLong();
            editor.json("POST", "/api/plan/scenarios/" + s + "/wells", "{\"campaign\":" + camp + ",\"well\":" + well
                    + ",\"rig\":\"rig-b1\",\"plannedStart\":\"2027-01-01\",\"durationDays\":2}", 201);
        }
        HttpResponse<String> queued = editor.post("/api/plan/scenarios/" + s + "/calc", "{\"from\":\"2027-01-01\",\"to\":\"2027-02-01\"}");
        assertThat(queued.statusCode()).isEqualTo(202);
        String location = queued.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(viewer.get(location).body()).get("status").asText().equals("success"));
        JsonNode run = JSON.readTree(viewer.get(location).body());
        assertThat(run.get("results").get("eta").asText()).as("8 × 2 days on one rig").isEqualTo("2027-01-17");
        assertThat(run.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(run.get("requestedBy").asText()).isEqualTo("pat.planner");
    }

    static byte[] workbook(String name, List<List<String>> rows) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(name);
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String v = rows.get(r).get(c);
                    if (r > 0 && v.matches("\\d+")) {
                        row.createCell(c).setCellValue(Double.parseDouble(v));
                    } else if (!v.isEmpty()) {
                        row.createCell(c).setCellValue(v);
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** The plain-text part of an email, decoded. */
    static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof jakarta.mail.Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                if (mp.getBodyPart(i).isMimeType("text/plain")) {
                    return (String) mp.getBodyPart(i).getContent();
                }
            }
        }
        return content.toString();
    }
}
