package io.derrick.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Daily reports, each figure beside a baseline from the same run: shift save and read over HTTP (p50/p95) against
 * the bare SQL reads and writes of the same rows; bulk creation of 100 shifts with their rows over HTTP against the
 * same rows inserted by bare SQL; the monthly bill of quantities over 5 years of 10 rigs (36,520 shifts) against its
 * bare SQL query; one rig's year (730 shifts) as Excel, PDF and CSV against writing the same rows as plain CSV by hand.
 * The production-data backend's targets, for scale: CRUD < 200 ms, 100 records < 5 s, a year's export < 30 s.
 */
final class ReportBench {
    private static final ObjectMapper JSON = BenchApi.JSON;
    private static final int RIGS = 10;
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private final BenchApi api;

    private ReportBench(BenchApi api) {
        this.api = api;
    }

    static void run(BenchApi api) throws Exception {
        new ReportBench(api).all();
    }

    private void all() throws Exception {
        api.call("POST", "/api/admin/clients", "{\"id\":\"bench-client\",\"name\":\"Bench Mining\"}", 201);
        api.call("POST", "/api/admin/rigs", "{\"id\":\"bench-http\",\"name\":\"Bench HTTP\",\"timeZone\":\"UTC\",\"client\":\"bench-client\"}", 201);
        for (int r = 0; r < RIGS; r++) {
            api.call("POST", "/api/admin/rigs", "{\"id\":\"bench-r" + r + "\",\"name\":\"Bench " + r + "\",\"timeZone\":\"UTC\",\"client\":\"bench-client\"}", 201);
        }
        System.out.println("8. Daily reports (a shift: 3 crew, 2 progress rows, 4 activities, 2 materials, a survey, a casing row)");
        bulk();
        crud();
        seed();
        boq();
        exports();
    }

    // ---- bulk create of 100 shifts, then p95 of save and read

    private long[] ids;
    private void bulk() throws Exception {
        // a warm hub, as in production: 20 shifts of another rig first (the JIT compiles the report paths)
        fill("bench-r9", 20, TODAY.minusYears(7));
        try (Connection c = api.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM shift_report WHERE rig_id = 'bench-r9'");
        }
        int shifts = 100;
        long t0 = System.nanoTime();
        long[] split = fill("bench-http", shifts, TODAY);
        double http = (System.nanoTime() - t0) / 1e9;
        // the same 100 shifts in one request: POST /api/reports/bulk, checked shift by shift, stored in one transaction
        ObjectNode many = JSON.createObjectNode();
        ArrayNode list = many.putArray("reports");
        for (int i = 0; i < shifts; i++) {
            String type = i % 2 == 0 ? "day" : "night";
            ObjectNode one = body(0, type, i, "Pad 1");
            one.remove("version");
            one.put("rig", "bench-r8").put("date", TODAY.minusYears(7).minusDays(1 + i / 2).toString()).put("shiftType", type);
            list.add(one);
        }
        api.call("POST", "/api/reports/bulk", warmBulk().toString(), 201);
        long b0 = System.nanoTime();
        api.call("POST", "/api/reports/bulk", many.toString(), 201);
        double bulkEndpoint = (System.nanoTime() - b0) / 1e9;
        double sql;
        try (Connection c = api.connect()) {
            long s0 = System.nanoTime();
            for (int i = 0; i < shifts; i++) {
                insertBare(c, "bench-r0", TODAY.minusYears(6).minusDays(i / 2), i % 2 == 0 ? "day" : "night", i);
            }
            sql = (System.nanoTime() - s0) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM shift_report WHERE shift_date < '" + TODAY.minusYears(5).minusDays(10) + "'");
            }
        }
        System.out.printf("   bulk: 100 shifts with their rows in one POST /api/reports/bulk (checked, one transaction, audited)  %5.2f s%n"
                + "         the same 100 created (pre-filled from the sensors) and filled one by one, 200 requests  %5.2f s (creating %.2f s, filling %.2f s)%n"
                + "         baseline: the same rows by bare SQL, a transaction a shift  %5.2f s%n",
                bulkEndpoint, http, split[0] / 1e9, split[1] / 1e9, sql);
    }

    /** Ten shifts of another rig in a bulk, before the one measured (the JIT compiles the bulk's path). */
    private static ObjectNode warmBulk() {
        ObjectNode many = JSON.createObjectNode();
        ArrayNode list = many.putArray("reports");
        for (int i = 0; i < 10; i++) {
            ObjectNode one = body(0, "day", i, "Pad 9");
            one.remove("version");
            one.put("rig", "bench-r7").put("date", TODAY.minusYears(8).minusDays(1 + i).toString()).put("shiftType", "day");
            list.add(one);
        }
        return many;
    }

    /** Creates and fills {@code shifts} shifts of a rig, the days before {@code before}; the nanoseconds creating and filling. */
    private long[] fill(String rig, int shifts, LocalDate before) throws Exception {
        long[] split = new long[2];
        long[] made = new long[shifts];
        for (int i = 0; i < shifts; i++) {
            LocalDate date = before.minusDays(1 + i / 2);
            String type = i % 2 == 0 ? "day" : "night";
            long t0 = System.nanoTime();
            JsonNode created = api.call("POST", "/api/reports", "{\"rig\":\"" + rig + "\",\"date\":\"" + date + "\",\"shiftType\":\"" + type + "\"}", 201);
            long t1 = System.nanoTime();
            made[i] = created.get("id").asLong();
            api.call("PUT", "/api/reports/" + made[i], body(created.get("version").asInt(), type, i, "Pad 1").toString(), 200);
            split[0] += t1 - t0;
            split[1] += System.nanoTime() - t1;
        }
        if (rig.equals("bench-http")) {
            ids = made;
        }
        return split;
    }

    private void crud() throws Exception {
        int runs = 200;
        long[] save = new long[runs];
        long[] read = new long[runs];
        long[] bareRead = new long[runs];
        long[] bareSave = new long[runs];
        for (int i = -20; i < runs; i++) {
            long id = ids[Math.floorMod(i, ids.length)];
            JsonNode current = api.call("GET", "/api/reports/" + id, null, 200);
            long r0 = System.nanoTime();
            api.call("GET", "/api/reports/" + id, null, 200);
            long r1 = System.nanoTime();
            // a real edit each time (a save of the same content is stored once and costs less)
            api.call("PUT", "/api/reports/" + id, body(current.get("version").asInt(), current.get("shiftType").asText(), i + 1000,
                    "Pad " + (i + 1000)).toString(), 200);
            long r2 = System.nanoTime();
            if (i >= 0) {
                read[i] = r1 - r0;
                save[i] = r2 - r1;
            }
        }
        try (Connection c = api.connect()) {
            for (int i = -20; i < runs; i++) {
                long id = ids[Math.floorMod(i, ids.length)];
                long r0 = System.nanoTime();
                readBare(c, id);
                long r1 = System.nanoTime();
                saveBare(c, id, i);
                long r2 = System.nanoTime();
                if (i >= 0) {
                    bareRead[i] = r1 - r0;
                    bareSave[i] = r2 - r1;
                }
            }
        }
        System.out.printf("   read a shift over HTTP   p50 %6.2f ms  p95 %6.2f ms   baseline: its 7 tables by bare SQL  p50 %6.2f ms  p95 %6.2f ms%n",
                BenchApi.p(read, 50), BenchApi.p(read, 95), BenchApi.p(bareRead, 50), BenchApi.p(bareRead, 95));
        System.out.printf("   save a shift over HTTP   p50 %6.2f ms  p95 %6.2f ms   baseline: its rows rewritten by bare SQL  p50 %6.2f ms  p95 %6.2f ms%n",
                BenchApi.p(save, 50), BenchApi.p(save, 95), BenchApi.p(bareSave, 50), BenchApi.p(bareSave, 95));
    }

    // ---- 5 years of 10 rigs, by SQL, for the bill of quantities and the exports

    private void seed() throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = api.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO material (name, unit, added_at, added_by) VALUES ('Bentonite', 'bag', now(), 'bench'), ('Polymer', 'L', now(), 'bench') "
                    + "ON CONFLICT DO NOTHING");
            s.execute("""
                    INSERT INTO shift_report (rig_id, shift_date, shift_type, starts_at, ends_at, time_zone, client_id, location, status, standby,
                                              standby_reason, standby_hours, findings, quality_score, version, created_at, created_by, updated_at, updated_by)
                    SELECT 'bench-r' || r, d::date, t, d + CASE t WHEN 'day' THEN interval '6 hours' ELSE interval '18 hours' END,
                           d + CASE t WHEN 'day' THEN interval '18 hours' ELSE interval '30 hours' END, 'UTC', 'bench-client', 'Pad ' || r,
                           CASE WHEN d > now() - interval '3 days' THEN 'draft' ELSE 'approved' END,
                           (extract(doy FROM d)::int + r) %% 17 = 0, CASE WHEN (extract(doy FROM d)::int + r) %% 17 = 0 THEN 'waiting on water' END,
                           CASE WHEN (extract(doy FROM d)::int + r) %% 17 = 0 THEN 3 ELSE 0 END, '[]', 90, 1, now(), 'bench', now(), 'bench'
                    FROM generate_series(0, %d) r, generate_series(date '%s', date '%s', interval '1 day') d, unnest(ARRAY['day', 'night']) t
                    """.formatted(RIGS - 1, TODAY.minusYears(5), TODAY.minusDays(1)));
            s.execute("""
                    INSERT INTO shift_progress (report_id, position, hole, core_size, from_depth, to_depth, starts_at, ends_at, core_recovered)
                    SELECT id, p, 'H-' || (extract(week FROM shift_date)::int % 40), CASE WHEN p = 0 THEN 'HQ' ELSE 'NQ' END,
                           100 + p * 20, 100 + p * 20 + 9 + (id % 7), starts_at + p * interval '5 hours', starts_at + p * interval '5 hours' + interval '4 hours',
                           8 + (id % 7)
                    FROM shift_report, generate_series(0, 1) p WHERE rig_id LIKE 'bench-r%'""");
            s.execute("""
                    INSERT INTO shift_crew (report_id, position, role, name, hours)
                    SELECT id, p, (ARRAY['supervisor', 'driller', 'helper'])[p + 1], 'Crew ' || p, 12 FROM shift_report, generate_series(0, 2) p
                    WHERE rig_id LIKE 'bench-r%'""");
            s.execute("""
                    INSERT INTO shift_activity (report_id, position, code, label, productive, starts_at, ends_at, description)
                    SELECT r.id, p, (ARRAY['2', '2.1', '6', '8'])[p + 1], a.label, a.productive, r.starts_at + p * interval '3 hours',
                           r.starts_at + (p + 1) * interval '3 hours', NULL
                    FROM shift_report r, generate_series(0, 3) p JOIN activity_code a ON a.code = (ARRAY['2', '2.1', '6', '8'])[p + 1]
                    WHERE r.rig_id LIKE 'bench-r%'""");
            s.execute("""
                    INSERT INTO shift_material (report_id, position, name, quantity, unit)
                    SELECT id, p, (ARRAY['Bentonite', 'Polymer'])[p + 1], 2 + (id % 5), (ARRAY['bag', 'L'])[p + 1] FROM shift_report, generate_series(0, 1) p
                    WHERE rig_id LIKE 'bench-r%'""");
            s.execute("""
                    INSERT INTO shift_survey (report_id, position, depth, dip, azimuth, tool)
                    SELECT id, 0, 120, -60, 270, 'Reflex EZ-TRAC' FROM shift_report WHERE rig_id LIKE 'bench-r%'""");
            s.execute("""
                    INSERT INTO shift_casing (report_id, position, size, from_depth, to_depth)
                    SELECT id, 0, 'HW', 0, 12 FROM shift_report WHERE rig_id LIKE 'bench-r%'""");
            s.execute("ANALYZE");
            ResultSet rs = s.executeQuery("SELECT count(*) FROM shift_report WHERE rig_id LIKE 'bench-r%'");
            rs.next();
            System.out.printf("   seeded by SQL: %,d shifts of %d rigs over 5 years with their rows (%.1f s)%n", rs.getLong(1), RIGS,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private void boq() throws Exception {
        String range = "from=" + TODAY.minusYears(5) + "&to=" + TODAY;
        int runs = 20;
        long[] endpoint = new long[runs];
        for (int i = -3; i < runs; i++) {
            long t0 = System.nanoTime();
            JsonNode b = api.call("GET", "/api/reports/boq?" + range + "&period=month", null, 200);
            if (i >= 0) {
                endpoint[i] = System.nanoTime() - t0;
            }
            if (i == 0 && b.get("metres").isEmpty()) {
                throw new IllegalStateException("an empty bill of quantities");
            }
        }
        long[] bare = new long[runs];
        try (Connection c = api.connect();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT date_trunc('month', r.shift_date), r.client_id, r.rig_id, p.hole, p.core_size, sum(p.to_depth - p.from_depth), count(DISTINCT r.id)
                     FROM shift_progress p JOIN shift_report r ON r.id = p.report_id
                     WHERE r.shift_date BETWEEN ? AND ? AND r.status = 'approved'
                     GROUP BY 1, 2, 3, 4, 5""")) {
            for (int i = -3; i < runs; i++) {
                long t0 = System.nanoTime();
                ps.setObject(1, TODAY.minusYears(5));
                ps.setObject(2, TODAY);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getDouble(6);
                    }
                }
                if (i >= 0) {
                    bare[i] = System.nanoTime() - t0;
                }
            }
        }
        System.out.printf("   monthly bill of quantities, 5 years × %d rigs, over HTTP (metres, standby, materials)  p50 %7.1f ms  p95 %7.1f ms"
                + "   baseline: its metres query by bare SQL  p50 %7.1f ms%n", RIGS, BenchApi.p(endpoint, 50), BenchApi.p(endpoint, 95), BenchApi.p(bare, 50));
    }

    private void exports() throws Exception {
        String year = "rig=bench-r1&from=" + TODAY.minusYears(1).plusDays(1) + "&to=" + TODAY + "&limit=2000";
        for (String type : List.of("xlsx", "pdf", "csv")) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = api.send(api.request("GET", "/api/reports/export." + type + "?" + year, null), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("export." + type + " → " + r.statusCode());
            }
            System.out.printf("   one rig's year (730 shifts) as %-4s over HTTP  %6.2f s  %,10d bytes%n", type, (System.nanoTime() - t0) / 1e9, r.body().length);
        }
        long t0 = System.nanoTime();
        StringBuilder csv = new StringBuilder("section,rig,date,shift,item,from_m,to_m,quantity\n");
        try (Connection c = api.connect(); Statement s = c.createStatement()) {
            for (String table : List.of("shift_crew", "shift_progress", "shift_activity", "shift_material", "shift_survey", "shift_casing")) {
                try (ResultSet rs = s.executeQuery("SELECT r.rig_id, r.shift_date, r.shift_type, x.* FROM " + table + " x JOIN shift_report r ON r.id = x.report_id "
                        + "WHERE r.rig_id = 'bench-r1' AND r.shift_date > '" + TODAY.minusYears(1) + "' ORDER BY r.shift_date, r.shift_type, x.position")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        csv.append(table).append(',').append(rs.getString(1)).append(',').append(rs.getString(2)).append(',').append(rs.getString(3));
                        for (int col = 6; col <= columns; col++) {
                            csv.append(',').append(rs.getString(col));
                        }
                        csv.append('\n');
                    }
                }
            }
        }
        System.out.printf("   baseline: the same rows read by bare SQL and written as plain CSV by hand  %6.2f s  %,10d bytes%n%n",
                (System.nanoTime() - t0) / 1e9, csv.length());
    }

    // ---- helpers

    private static ObjectNode body(int version, String type, int i, String location) {
        String start = type.equals("day") ? "06" : "18";
        String mid = type.equals("day") ? "09" : "21";
        String late = type.equals("day") ? "12" : "00";
        String end = type.equals("day") ? "15" : "03";
        ObjectNode b = JSON.createObjectNode();
        b.put("version", version);
        b.put("location", location);
        ArrayNode crew = b.putArray("crew");
        crew.addObject().put("role", "supervisor").put("name", "Sam").put("hours", 12);
        crew.addObject().put("role", "driller").put("name", "Dan").put("hours", 12);
        crew.addObject().put("role", "helper").put("name", "Hal").put("hours", 11);
        ArrayNode progress = b.putArray("progress");
        progress.addObject().put("hole", "H-" + i).put("coreSize", "HQ").put("fromDepth", 100).put("toDepth", 109.5).put("start", start + ":00")
                .put("end", mid + ":00").put("coreRecovered", 9.3);
        progress.addObject().put("hole", "H-" + i).put("coreSize", "NQ").put("fromDepth", 109.5).put("toDepth", 118).put("start", mid + ":00")
                .put("end", late + ":00").put("coreRecovered", 8.4);
        ArrayNode activities = b.putArray("activities");
        activities.addObject().put("code", "0").put("start", start + ":00").put("end", start + ":30");
        activities.addObject().put("code", "4").put("start", start + ":30").put("end", late + ":00");
        activities.addObject().put("code", "4.1").put("start", late + ":00").put("end", late + ":45");
        activities.addObject().put("code", "8").put("start", late + ":45").put("end", end + ":00").put("description", "pump seal");
        b.putArray("materials").addObject().put("name", "Bentonite").put("quantity", 4).put("unit", "bag");
        ((ArrayNode) b.get("materials")).addObject().put("name", "Polymer").put("quantity", 20).put("unit", "L");
        b.putArray("surveys").addObject().put("depth", 110).put("dip", -60).put("azimuth", 270).put("tool", "Reflex EZ-TRAC");
        b.putArray("casing").addObject().put("size", "HW").put("fromDepth", 0).put("toDepth", 12);
        return b;
    }

    /** The rows of one shift, as the hub would write them, by bare SQL in one transaction. */
    private static void insertBare(Connection c, String rig, LocalDate date, String type, int i) throws Exception {
        c.setAutoCommit(false);
        Instant start = date.atTime(type.equals("day") ? 6 : 18, 0).toInstant(ZoneOffset.UTC);
        long id;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO shift_report (rig_id, shift_date, shift_type, starts_at, ends_at, time_zone, client_id, location, findings, quality_score,
                                          created_at, created_by, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, 'UTC', 'bench-client', 'Pad 1', '[]', 90, now(), 'bench', now(), 'bench') RETURNING id""")) {
            ps.setString(1, rig);
            ps.setObject(2, date);
            ps.setString(3, type);
            ps.setTimestamp(4, Timestamp.from(start));
            ps.setTimestamp(5, Timestamp.from(start.plusSeconds(12 * 3600)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        rows(c, id, start, i);
        c.commit();
        c.setAutoCommit(true);
    }

    private static void rows(Connection c, long id, Instant start, int i) throws Exception {
        try (PreparedStatement crew = c.prepareStatement("INSERT INTO shift_crew VALUES (?, ?, ?, ?, ?)");
             PreparedStatement progress = c.prepareStatement("INSERT INTO shift_progress (report_id, position, hole, core_size, from_depth, to_depth, "
                     + "starts_at, ends_at, core_recovered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement activity = c.prepareStatement("INSERT INTO shift_activity VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement material = c.prepareStatement("INSERT INTO shift_material VALUES (?, ?, ?, ?, ?, NULL)");
             PreparedStatement survey = c.prepareStatement("INSERT INTO shift_survey VALUES (?, 0, 110, -60, 270, 'Reflex EZ-TRAC', NULL)");
             PreparedStatement casing = c.prepareStatement("INSERT INTO shift_casing VALUES (?, 0, 'HW', 0, 12)")) {
            String[] roles = {"supervisor", "driller", "helper"};
            for (int p = 0; p < 3; p++) {
                crew.setLong(1, id);
                crew.setInt(2, p);
                crew.setString(3, roles[p]);
                crew.setString(4, "Crew " + p);
                crew.setDouble(5, 12);
                crew.addBatch();
            }
            crew.executeBatch();
            for (int p = 0; p < 2; p++) {
                progress.setLong(1, id);
                progress.setInt(2, p);
                progress.setString(3, "H-" + i);
                progress.setString(4, p == 0 ? "HQ" : "NQ");
                progress.setDouble(5, 100 + p * 9.5);
                progress.setDouble(6, 109.5 + p * 8.5);
                progress.setTimestamp(7, Timestamp.from(start.plusSeconds(p * 3 * 3600L)));
                progress.setTimestamp(8, Timestamp.from(start.plusSeconds((p + 1) * 3 * 3600L)));
                progress.setDouble(9, 8.4);
                progress.addBatch();
            }
            progress.executeBatch();
            String[][] codes = {{"0", "Safety meeting / drill", "true"}, {"4", "Coring", "true"}, {"4.1", "Wireline core retrieval", "true"}, {"8", "Repair rig", "false"}};
            for (int p = 0; p < 4; p++) {
                activity.setLong(1, id);
                activity.setInt(2, p);
                activity.setString(3, codes[p][0]);
                activity.setString(4, codes[p][1]);
                activity.setBoolean(5, Boolean.parseBoolean(codes[p][2]));
                activity.setTimestamp(6, Timestamp.from(start.plusSeconds(p * 2 * 3600L)));
                activity.setTimestamp(7, Timestamp.from(start.plusSeconds((p + 1) * 2 * 3600L)));
                activity.setString(8, null);
                activity.addBatch();
            }
            activity.executeBatch();
            String[][] materials = {{"Bentonite", "bag"}, {"Polymer", "L"}};
            for (int p = 0; p < 2; p++) {
                material.setLong(1, id);
                material.setInt(2, p);
                material.setString(3, materials[p][0]);
                material.setDouble(4, 4);
                material.setString(5, materials[p][1]);
                material.addBatch();
            }
            material.executeBatch();
            survey.setLong(1, id);
            survey.executeUpdate();
            casing.setLong(1, id);
            casing.executeUpdate();
        }
    }

    private static void readBare(Connection c, long id) throws Exception {
        for (String sql : List.of("SELECT * FROM shift_report WHERE id = ?", "SELECT * FROM shift_crew WHERE report_id = ? ORDER BY position",
                "SELECT * FROM shift_progress WHERE report_id = ? ORDER BY position", "SELECT * FROM shift_activity WHERE report_id = ? ORDER BY position",
                "SELECT * FROM shift_material WHERE report_id = ? ORDER BY position", "SELECT * FROM shift_survey WHERE report_id = ? ORDER BY position",
                "SELECT * FROM shift_casing WHERE report_id = ? ORDER BY position")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    private static void saveBare(Connection c, long id, int i) throws Exception {
        c.setAutoCommit(false);
        Instant start;
        try (PreparedStatement ps = c.prepareStatement("UPDATE shift_report SET location = ?, version = version + 1 WHERE id = ? RETURNING starts_at")) {
            ps.setString(1, "Pad bare " + i);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                start = rs.getTimestamp(1).toInstant();
            }
        }
        try (Statement s = c.createStatement()) {
            for (String table : List.of("shift_crew", "shift_progress", "shift_activity", "shift_material", "shift_survey", "shift_casing")) {
                s.execute("DELETE FROM " + table + " WHERE report_id = " + id);
            }
        }
        rows(c, id, start, i);
        c.commit();
        c.setAutoCommit(true);
    }
}
