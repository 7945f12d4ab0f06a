package io.derrick.hub.kpi;

import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's reads of its pre-aggregated tables: sums by a grouping, the NPT by code and by unit, the reports behind. */
final class KpiRepository {
    private final Database db;

    KpiRepository(Database db) {
        this.db = db;
    }

    /**
     * Which rows count: the local days [from, to] of {@code rigs} (already the caller's scope and the clients' rigs);
     * {@code fields}, {@code shift} null for any; {@code approvedOnly}: only reports approved by the contractor's manager
     * (or the client) — a client's user sees no others.
     */
    record Filter(LocalDate from, LocalDate to, List<String> rigs, List<String> fields, String shift, boolean approvedOnly, boolean everyRig,
                  boolean client) {
        /**
         * {@code everyRig}: {@code rigs} are all the rigs there are (the staff's unfiltered view), so no row is left out by
         * rig; {@code client}: a client's user, who sees only shareable work orders of shareable equipment by name.
         */
        Filter(LocalDate from, LocalDate to, List<String> rigs, List<String> fields, String shift, boolean approvedOnly) {
            this(from, to, rigs, fields, shift, approvedOnly, false, false);
        }

        long days() {
            return to.toEpochDay() - from.toEpochDay() + 1;
        }

        Filter range(LocalDate from, LocalDate to) {
            return new Filter(from, to, rigs, fields, shift, approvedOnly, everyRig, client);
        }
    }

    /** The reports approved by the contractor's manager, or by the client too: those a client's user may see. */
    private static final String APPROVED = "status IN ('manager_approved', 'approved')";

    /** How the sums are grouped: the key of each row. */
    enum Group {
        TOTAL("''", "''"),
        RIG("s.rig_id", "d.rig_id"),
        DAY("s.shift_date::text", "d.day::text"),
        WEEK("date_trunc('week', s.shift_date)::date::text", "date_trunc('week', d.day)::date::text"),
        MONTH("date_trunc('month', s.shift_date)::date::text", "date_trunc('month', d.day)::date::text"),
        /** the rig-day figures (plan, alarms, downtime) are not split by shift: they are left out */
        SHIFT("s.shift_type", null),
        RIG_DAY("s.rig_id || ' ' || s.shift_date", "d.rig_id || ' ' || d.day");

        final String shiftKey;
        final String dayKey;

        Group(String shiftKey, String dayKey) {
            this.shiftKey = shiftKey;
            this.dayKey = dayKey;
        }
    }

    /** The sums a group's figures are made of (KpiFigures). */
    record Sums(String key, double metres, Double metresMeasured, Double onBottomMeasured, double drillingHours, double productiveHours,
                double nptHours, double standbyHours, double coredMetres, double coreRecovered, double manHours, long shifts,
                double dayRateCost, double planMetres, long plannedDays, double extras, long alarms, double downtimeHours) {
    }

    private static String shiftWhere(Filter f) {
        return "s.shift_date BETWEEN :from AND :to" + (f.everyRig() ? "" : " AND s.rig_id = ANY (:rigs)")
                + (f.fields() == null ? "" : " AND s.field = ANY (:fields)")
                + (f.shift() == null ? "" : " AND s.shift_type = :shift")
                + (f.approvedOnly() ? " AND s." + APPROVED : "");
    }

    private static String dayWhere(Filter f) {
        return "d.day BETWEEN :from AND :to" + (f.everyRig() ? "" : " AND d.rig_id = ANY (:rigs)") + (f.fields() == null ? "" : " AND d.field = ANY (:fields)");
    }

    private static Query bind(Query q, Filter f) {
        q.bind("from", f.from()).bind("to", f.to());
        if (!f.everyRig()) {
            q.bindArray("rigs", String.class, f.rigs());
        }
        if (f.fields() != null) {
            q.bindArray("fields", String.class, f.fields());
        }
        if (f.shift() != null) {
            q.bind("shift", f.shift());
        }
        return q;
    }

    /** The sums of {@code f} per {@code group}, in key order. */
    List<Sums> sums(Filter f, Group group) {
        String dayPart = group.dayKey == null ? "SELECT NULL::text AS k, 0 AS plan_metres, 0 AS planned_days, 0 AS extras, 0 AS alarms, 0 AS downtime WHERE false"
                : """
                SELECT %s AS k, sum(plan_metres) AS plan_metres, count(*) FILTER (WHERE planned) AS planned_days, sum(extras) AS extras,
                       sum(alarms) AS alarms, sum(downtime_hours) AS downtime
                FROM kpi_rig_day d WHERE %s GROUP BY 1""".formatted(group.dayKey, dayWhere(f));
        String sql = """
                WITH s AS (
                    SELECT %1$s AS k, sum(s.metres) AS metres, sum(s.metres_measured) AS measured, sum(s.on_bottom_measured) AS on_bottom,
                           sum(s.drilling_hours) AS drilling, sum(s.productive_hours) AS productive, sum(s.npt_hours) AS npt,
                           sum(s.standby_hours) AS standby, sum(s.cored_metres) AS cored, sum(s.core_recovered) AS recovered,
                           sum(s.man_hours) AS man_hours, count(*) AS shifts,
                           sum(coalesce(r.day_rate, 0) * s.shift_hours / 24) AS rate_cost
                    FROM kpi_shift s LEFT JOIN kpi_rig r ON r.rig_id = s.rig_id WHERE %2$s GROUP BY 1),
                d AS (%3$s)
                SELECT coalesce(s.k, d.k) AS key, s.metres, s.measured, s.on_bottom, s.drilling, s.productive, s.npt, s.standby,
                       s.cored, s.recovered, s.man_hours, s.shifts, s.rate_cost, d.plan_metres, d.planned_days,
                       d.extras, d.alarms, d.downtime
                FROM s FULL JOIN d ON d.k = s.k
                ORDER BY 1""".formatted(group.shiftKey, shiftWhere(f), dayPart);
        return db.read(h -> bind(h.createQuery(sql), f).map((rs, ctx) -> sums(rs)).list());
    }

    private static Sums sums(ResultSet rs) throws SQLException {
        return new Sums(rs.getString("key"), rs.getDouble("metres"), (Double) rs.getObject("measured"), (Double) rs.getObject("on_bottom"),
                rs.getDouble("drilling"), rs.getDouble("productive"), rs.getDouble("npt"), rs.getDouble("standby"), rs.getDouble("cored"),
                rs.getDouble("recovered"), rs.getDouble("man_hours"), rs.getLong("shifts"), rs.getDouble("rate_cost"),
                rs.getDouble("plan_metres"), rs.getLong("planned_days"), rs.getDouble("extras"), rs.getLong("alarms"), rs.getDouble("downtime"));
    }

    /** Non-productive hours per activity code, the most first. */
    record Npt(String code, String label, double hours, long shifts) {
    }

    List<Npt> npt(Filter f) {
        return db.read(h -> bind(h.createQuery("""
                        SELECT n.code, min(n.label) AS label, sum(n.hours) AS hours, count(*) AS shifts
                        FROM kpi_npt n JOIN kpi_shift s ON s.report_id = n.report_id WHERE %s
                        GROUP BY n.code ORDER BY 3 DESC, 1""".formatted(shiftWhere(f))), f)
                .map((rs, ctx) -> new Npt(rs.getString("code"), rs.getString("label"), rs.getDouble("hours"), rs.getLong("shifts"))).list());
    }

    /** Non-productive hours per rig and activity code (the causes of a rig's variance). */
    Map<String, List<Npt>> nptByRig(Filter f) {
        Map<String, List<Npt>> out = new LinkedHashMap<>();
        db.read(h -> bind(h.createQuery("""
                        SELECT s.rig_id, n.code, min(n.label) AS label, sum(n.hours) AS hours, count(*) AS shifts
                        FROM kpi_npt n JOIN kpi_shift s ON s.report_id = n.report_id WHERE %s
                        GROUP BY s.rig_id, n.code ORDER BY 1, 4 DESC, 2""".formatted(shiftWhere(f))), f)
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), new Npt(rs.getString("code"), rs.getString("label"), rs.getDouble("hours"),
                        rs.getLong("shifts")))).list())
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
        return out;
    }

    /** Hours down per unit (corrective and emergency work orders), the most first. */
    record Down(String rig, long equipment, String name, double hours, List<Long> workOrders) {
    }

    List<Down> downtime(Filter f) {
        return db.read(h -> bind(h.createQuery("""
                        WITH d AS (SELECT d.rig_id, d.equipment_id, d.equipment, d.%1$s AS hours, d.%2$s AS orders FROM kpi_downtime d
                                   WHERE d.day BETWEEN :from AND :to %3$s)
                        SELECT d.rig_id, d.equipment_id, min(d.equipment) AS name,
                               (SELECT sum(x.hours) FROM d x WHERE x.rig_id = d.rig_id AND x.equipment_id = d.equipment_id) AS hours,
                               array(SELECT DISTINCT unnest(array_agg(wo)) ORDER BY 1) AS orders
                        FROM d CROSS JOIN LATERAL unnest(d.orders) wo
                        GROUP BY d.rig_id, d.equipment_id ORDER BY 4 DESC, 1, 2""".formatted(f.client() ? "shared_hours" : "hours",
                        f.client() ? "shared_orders" : "work_orders", f.everyRig() ? "" : "AND d.rig_id = ANY (:rigs)")), f)
                .map((rs, ctx) -> new Down(rs.getString("rig_id"), rs.getLong("equipment_id"), rs.getString("name"), rs.getDouble("hours"),
                        List.of((Long[]) rs.getArray("orders").getArray()))).list());
    }

    /** A report behind a figure. */
    record Behind(long report, String rig, LocalDate date, String shift, String status, double metres, double nptHours, Double codeHours) {
    }

    /** The reports of {@code f} (of {@code code}'s shifts when given), newest first, at most {@code limit}. */
    List<Behind> reports(Filter f, String code, int limit) {
        String join = code == null ? "" : " JOIN kpi_npt n ON n.report_id = s.report_id AND n.code = :code";
        return db.read(h -> {
            Query q = bind(h.createQuery("""
                    SELECT s.report_id, s.rig_id, s.shift_date, s.shift_type, s.status, s.metres, s.npt_hours, %s AS code_hours
                    FROM kpi_shift s%s WHERE %s ORDER BY s.shift_date DESC, s.rig_id, s.shift_type LIMIT :limit"""
                    .formatted(code == null ? "NULL::double precision" : "n.hours", join, shiftWhere(f))), f).bind("limit", limit);
            if (code != null) {
                q.bind("code", code);
            }
            return q.map((rs, ctx) -> new Behind(rs.getLong("report_id"), rs.getString("rig_id"), rs.getObject("shift_date", LocalDate.class),
                    rs.getString("shift_type"), rs.getString("status"), rs.getDouble("metres"), rs.getDouble("npt_hours"),
                    (Double) rs.getObject("code_hours"))).list();
        });
    }

    /** The campaign wells the approved plan has on {@code f}'s rig-days, per rig. */
    Map<String, List<Long>> planWells(Filter f) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        db.read(h -> bind(h.createQuery("""
                        SELECT d.rig_id, array(SELECT DISTINCT unnest(array_agg(w)) ORDER BY 1) AS wells
                        FROM kpi_rig_day d CROSS JOIN LATERAL unnest(d.plan_wells) w WHERE %s GROUP BY d.rig_id ORDER BY 1""".formatted(dayWhere(f))), f)
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), List.of((Long[]) rs.getArray("wells").getArray()))).list())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A hole's drilling by the reports: first and last shift with progress on it, and its metres. */
    record HoleProgress(LocalDate first, LocalDate last, double metres) {
    }

    /**
     * For each "rig hole" key, what the reports drilled of it (one pass over the shifts: faster than matching the keys);
     * with {@code approvedOnly}, the approved reports only (what a client may see).
     */
    Map<String, HoleProgress> holes(List<String> rigHoles, boolean approvedOnly) {
        Map<String, HoleProgress> out = new LinkedHashMap<>();
        if (rigHoles.isEmpty()) {
            return out;
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(rigHoles);
        db.read(h -> h.createQuery("""
                        SELECT rig_id, hole, min(shift_date) AS first, max(shift_date) AS last, sum(metres) AS metres
                        FROM kpi_shift WHERE hole IS NOT NULL %s GROUP BY rig_id, hole"""
                        .formatted(approvedOnly ? "AND " + APPROVED : ""))
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id") + " " + rs.getString("hole"), new HoleProgress(rs.getObject("first", LocalDate.class),
                        rs.getObject("last", LocalDate.class), rs.getDouble("metres")))).list())
                .stream().filter(e -> wanted.contains(e.getKey())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** When the tables were last rebuilt and how many rig-days wait to be refreshed. */
    record State(java.time.Instant rebuiltAt, long stale) {
    }

    State state() {
        return db.read(h -> h.createQuery("SELECT rebuilt_at, (SELECT count(*) FROM kpi_stale) AS stale FROM kpi_state")
                .map((rs, ctx) -> new State(rs.getTimestamp("rebuilt_at") == null ? null : rs.getTimestamp("rebuilt_at").toInstant(),
                        rs.getLong("stale"))).one());
    }

    /** The fields the tables know, for the filter's list. */
    List<String> fields(List<String> rigs) {
        return db.read(h -> h.createQuery("""
                        SELECT field FROM kpi_shift WHERE field IS NOT NULL AND rig_id = ANY (:rigs)
                        UNION SELECT field FROM kpi_rig_day WHERE field IS NOT NULL AND rig_id = ANY (:rigs) ORDER BY 1""")
                .bindArray("rigs", String.class, rigs).mapTo(String.class).list());
    }
}
