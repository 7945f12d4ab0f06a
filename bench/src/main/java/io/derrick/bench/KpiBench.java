package io.derrick.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operations dashboard over a year of a 50-rig fleet (36,500 shift reports with their progress, activity and crew
 * rows, an approved plan of 600 campaign wells, 18,250 alarms), seeded by bare SQL: each dashboard query's p50/p95 over
 * HTTP against the same figure computed by one bare SQL query over the raw tables in the same run; the rebuild of
 * the daily tables; and how long after one report's approval the dashboard shows it.
 */
final class KpiBench {
    static final int RIGS = 50;
    static final int DAYS = 365;
    static final int RUNS = 20;
    static final LocalDate LAST = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    static final LocalDate FIRST = LAST.minusDays(DAYS - 1);

    private final BenchApi api;

    private KpiBench(BenchApi api) {
        this.api = api;
    }

    static void run(BenchApi api) throws Exception {
        new KpiBench(api).all();
    }

    private void all() throws Exception {
        System.out.printf("10. Operations dashboard: a year of %d rigs (%,d shifts), an approved plan, alarms%n", RIGS, RIGS * DAYS * 2);
        long t0 = System.nanoTime();
        seed();
        System.out.printf("   seeded by bare SQL in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        JsonNode rebuilt = api.call("POST", "/api/kpis/refresh", null, 200);
        System.out.printf("   daily tables rebuilt from the raw tables (POST /api/kpis/refresh): %,d shifts in %.2f s%n",
                rebuilt.get("shifts").asInt(), rebuilt.get("seconds").asDouble());
        String year = "from=" + FIRST + "&to=" + LAST;
        String month = "from=" + LAST.minusDays(29) + "&to=" + LAST;
        Map<String, String[]> queries = new LinkedHashMap<>();
        // each: the dashboard's route, and one bare SQL query over the raw tables for the same figure
        queries.put("cards, a year (summary: this year and the one before)", new String[] {"/api/kpis/summary?" + year, BARE_TOTALS.formatted(FIRST, LAST)});
        queries.put("cards, 30 days", new String[] {"/api/kpis/summary?" + month, BARE_TOTALS.formatted(LAST.minusDays(29), LAST)});
        queries.put("rig table, a year (50 rigs, causes, plan)", new String[] {"/api/kpis/rigs?" + year, BARE_RIGS.formatted(FIRST, LAST)});
        queries.put("NPT Pareto, a year", new String[] {"/api/kpis/npt?" + year, BARE_NPT.formatted(FIRST, LAST)});
        queries.put("trend per week, a year", new String[] {"/api/kpis/trend?" + year + "&period=week", BARE_TREND.formatted(FIRST, LAST)});
        queries.put("heatmap rig × day, 90 days", new String[] {"/api/kpis/heatmap?from=" + LAST.minusDays(89) + "&to=" + LAST,
                BARE_HEAT.formatted(LAST.minusDays(89), LAST)});
        queries.put("day vs night, a year", new String[] {"/api/kpis/shifts?" + year, BARE_SHIFTS.formatted(FIRST, LAST)});
        queries.put("one client, 30 days (25 rigs)", new String[] {"/api/kpis/summary?" + month + "&clients=kpi-a",
                BARE_TOTALS.formatted(LAST.minusDays(29), LAST).replace("WHERE r.shift_date", "WHERE r.client_id = 'kpi-a' AND r.shift_date")});
        System.out.println("   query                                              HTTP p50    p95   | one bare SQL over the raw tables p50    p95");
        try (Connection c = api.connect()) {
            for (var q : queries.entrySet()) {
                long[] http = new long[RUNS];
                long[] bare = new long[RUNS];
                for (int i = -3; i < RUNS; i++) {
                    long s = System.nanoTime();
                    api.call("GET", q.getValue()[0], null, 200);
                    long e = System.nanoTime();
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q.getValue()[1])) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                    long b = System.nanoTime();
                    if (i >= 0) {
                        http[i] = e - s;
                        bare[i] = b - e;
                    }
                }
                System.out.printf("   %-50s %6.1f %6.1f ms | %30s %6.1f %6.1f ms%n", q.getKey(), BenchApi.p(http, 50), BenchApi.p(http, 95), "",
                        BenchApi.p(bare, 50), BenchApi.p(bare, 95));
            }
            approval(c);
        }
        System.out.println();
    }

    /** One report approved over HTTP: the time until the dashboard's figure includes it, and the refresh's own work. */
    private void approval(Connection c) throws Exception {
        long[] took = new long[10];
        for (int i = 0; i < took.length; i++) {
            long id;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id FROM shift_report WHERE status = 'submitted' ORDER BY id LIMIT 1 OFFSET " + i * 97)) {
                rs.next();
                id = rs.getLong(1);
            }
            String rig;
            String day;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT rig_id, shift_date FROM shift_report WHERE id = " + id)) {
                rs.next();
                rig = rs.getString(1);
                day = rs.getString(2);
            }
            String path = "/api/kpis/summary?from=" + day + "&to=" + day + "&rigs=" + rig + "&reports=approved";
            long before = api.call("GET", path, null, 200).get("current").get("shifts").asLong();
            long s = System.nanoTime();
            api.call("POST", "/api/reports/" + id + "/approve", "{}", 200);
            while (api.call("GET", path, null, 200).get("current").get("shifts").asLong() == before) {
                if (System.nanoTime() - s > 120_000_000_000L) {
                    throw new IllegalStateException("report " + id + " approved 2 min ago is not on the dashboard yet");
                }
                Thread.sleep(5);
            }
            took[i] = System.nanoTime() - s;
        }
        System.out.printf("   one report approved → its rig-day refreshed and shown (POST approve, then polling the cards): p50 %.0f ms, p95 %.0f ms"
                + " (of 10; against the rebuild of all above)%n", BenchApi.p(took, 50), BenchApi.p(took, 95));
    }

    // the bare SQL baselines: the same sums straight from the reports' rows, joined as the refresh joins them
    static final String SHIFTS = """
            WITH s AS (
              SELECT r.id, r.rig_id, r.shift_date, r.shift_type,
                     (SELECT coalesce(sum(to_depth - from_depth), 0) FROM shift_progress p WHERE p.report_id = r.id) AS metres,
                     (SELECT coalesce(sum(extract(epoch FROM ends_at - starts_at)) FILTER (WHERE NOT productive), 0) / 3600 FROM shift_activity a WHERE a.report_id = r.id) AS npt,
                     (SELECT coalesce(sum(extract(epoch FROM ends_at - starts_at)) FILTER (WHERE productive), 0) / 3600 FROM shift_activity a WHERE a.report_id = r.id) AS productive,
                     (SELECT coalesce(sum(hours), 0) FROM shift_crew c WHERE c.report_id = r.id) AS man_hours
              FROM shift_report r WHERE r.shift_date BETWEEN '%1$s' AND '%2$s')
            """;
    static final String BARE_TOTALS = SHIFTS + "SELECT sum(metres), sum(npt), sum(productive), sum(man_hours), count(*) FROM s";
    static final String BARE_RIGS = SHIFTS + "SELECT rig_id, sum(metres), sum(npt), sum(productive), sum(man_hours) FROM s GROUP BY rig_id ORDER BY 2 DESC";
    static final String BARE_TREND = SHIFTS + "SELECT date_trunc('week', shift_date), sum(metres), sum(npt) FROM s GROUP BY 1 ORDER BY 1";
    static final String BARE_HEAT = SHIFTS + "SELECT rig_id, shift_date, sum(productive) / 24 FROM s GROUP BY 1, 2";
    static final String BARE_SHIFTS = SHIFTS + "SELECT shift_type, sum(metres), sum(npt), sum(productive) FROM s GROUP BY 1";
    static final String BARE_NPT = """
            SELECT a.code, sum(extract(epoch FROM a.ends_at - a.starts_at)) / 3600 FROM shift_activity a JOIN shift_report r ON r.id = a.report_id
            WHERE NOT a.productive AND r.shift_date BETWEEN '%s' AND '%s' GROUP BY 1 ORDER BY 2 DESC""";

    private void seed() throws Exception {
        api.call("POST", "/api/admin/clients", "{\"id\":\"kpi-a\",\"name\":\"KPI Client A\"}", 201);
        api.call("POST", "/api/admin/clients", "{\"id\":\"kpi-b\",\"name\":\"KPI Client B\"}", 201);
        for (int r = 0; r < RIGS; r++) {
            api.call("POST", "/api/admin/rigs", "{\"id\":\"kpi-r" + r + "\",\"name\":\"KPI rig " + r + "\",\"timeZone\":\"UTC\",\"client\":\"kpi-"
                    + (r % 2 == 0 ? "a" : "b") + "\"}", 201);
        }
        try (Connection c = api.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO node (rig_id, id) SELECT 'kpi-r' || r, 'edge-01' FROM generate_series(0, %d) r".formatted(RIGS - 1));
            // 2 shifts a day; each: 20–40 m on one hole, coring ~9 h, repair or weather or materials ~1.5 h, the rest safety
            s.execute("""
                    INSERT INTO shift_report (rig_id, shift_date, shift_type, starts_at, ends_at, time_zone, client_id, status, findings,
                                              quality_score, created_at, created_by, updated_at, updated_by)
                    SELECT 'kpi-r' || r, d::date, t, d + CASE WHEN t = 'day' THEN interval '6 hours' ELSE interval '18 hours' END,
                           d + CASE WHEN t = 'day' THEN interval '18 hours' ELSE interval '30 hours' END, 'UTC',
                           CASE WHEN r %% 2 = 0 THEN 'kpi-a' ELSE 'kpi-b' END,
                           CASE WHEN random() < 0.1 THEN 'submitted' ELSE 'approved' END, '[]', 90, now(), 'bench', now(), 'bench'
                    FROM generate_series(0, %d) r, generate_series('%s'::date, '%s'::date, interval '1 day') d, unnest(ARRAY['day', 'night']) t
                    """.formatted(RIGS - 1, FIRST, LAST));
            s.execute("""
                    INSERT INTO shift_progress (report_id, position, hole, core_size, from_depth, to_depth, starts_at, ends_at, core_recovered)
                    SELECT id, 0, rig_id || '-H' || (extract(doy FROM shift_date)::int / 30), 'HQ', 100, 100 + m, starts_at, ends_at, m * 0.95
                    FROM (SELECT r.*, 20 + floor(random() * 20) AS m FROM shift_report r WHERE rig_id LIKE 'kpi-r%%') x""");
            s.execute("""
                    INSERT INTO shift_activity (report_id, position, code, label, productive, starts_at, ends_at)
                    SELECT id, 0, '0', 'Safety meeting / drill', true, starts_at, starts_at + interval '30 minutes' FROM shift_report WHERE rig_id LIKE 'kpi-r%%'
                    UNION ALL
                    SELECT id, 1, '4', 'Coring', true, starts_at + interval '30 minutes', starts_at + interval '10 hours' FROM shift_report WHERE rig_id LIKE 'kpi-r%%'
                    UNION ALL
                    SELECT id, 2, c.code, c.label, false, starts_at + interval '10 hours', ends_at
                    FROM shift_report, LATERAL (SELECT code, label FROM activity_code WHERE code IN ('8', 'NP.W', 'NP.M') AND shift_report.id > 0
                                                ORDER BY md5(code || shift_report.id) LIMIT 1) c
                    WHERE rig_id LIKE 'kpi-r%%'""");
            s.execute("""
                    INSERT INTO shift_crew (report_id, position, role, name, hours)
                    SELECT id, p, (ARRAY['supervisor', 'driller', 'helper'])[p + 1], 'Crew ' || p, 12
                    FROM shift_report, generate_series(0, 2) p WHERE rig_id LIKE 'kpi-r%%'""");
            // an alarm each rig-day at noon
            s.execute("""
                    INSERT INTO alarm (rig_id, node_id, alarm_key, source, raise_seq, type, severity, reason, raised_at, cleared_at, alerted_at, clear_alerted_at)
                    SELECT 'kpi-r' || r, 'edge-01', 'rule.SPPA.high', 'edge', row_number() OVER (), 'THRESHOLD', 'WARNING', 'SPPA high',
                           d + interval '12 hours', d + interval '13 hours', now(), now()
                    FROM generate_series(0, %d) r, generate_series('%s'::date, '%s'::date, interval '1 day') d""".formatted(RIGS - 1, FIRST, LAST));
            // the plan: each rig's day rate; a well every 30 days on it, in one approved scenario
            s.execute("""
                    INSERT INTO plan_rig (id, name, day_rate, currency, status, updated_at, updated_by)
                    SELECT 'kpi-r' || r, 'KPI rig ' || r, 18000 + 100 * r, 'USD', 'active', now(), 'bench' FROM generate_series(0, %d) r""".formatted(RIGS - 1));
            s.execute("""
                    INSERT INTO well (name, field, type, planned_depth, updated_at, updated_by)
                    SELECT 'KPI-' || r || '-' || w, CASE WHEN r %% 3 = 0 THEN 'North' WHEN r %% 3 = 1 THEN 'South' ELSE 'East' END, 'exploration',
                           1700, now(), 'bench'
                    FROM generate_series(0, %d) r, generate_series(0, 11) w""".formatted(RIGS - 1));
            s.execute("INSERT INTO scenario (name, horizon, status, created_at, created_by, updated_at, updated_by) "
                    + "VALUES ('KPI bench', 'kpi-bench', 'approved', now(), 'bench', now(), 'bench')");
            s.execute("INSERT INTO campaign (scenario_id, name) SELECT id, 'Year' FROM scenario WHERE name = 'KPI bench'");
            s.execute("""
                    INSERT INTO campaign_well (campaign_id, well_id, rig_id, planned_start, duration_days, status, hole, extras, updated_at, updated_by)
                    SELECT (SELECT id FROM campaign WHERE name = 'Year' ORDER BY id DESC LIMIT 1), w.id, 'kpi-r' || split_part(w.name, '-', 2),
                           '%s'::date + 30 * split_part(w.name, '-', 3)::int, 30, 'planned',
                           'kpi-r' || split_part(w.name, '-', 2) || '-H' || split_part(w.name, '-', 3),
                           '[{"name": "mobilisation", "amount": 30000}]', now(), 'bench'
                    FROM well w WHERE w.name LIKE 'KPI-%%'""".formatted(FIRST));
            c.commit();
            s.execute("ANALYZE");
        }
        try (Connection c = api.connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM shift_report WHERE rig_id LIKE 'kpi-r%'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) != (long) RIGS * DAYS * 2) {
                throw new IllegalStateException("seeded " + rs.getLong(1) + " shifts");
            }
        }
    }
}
