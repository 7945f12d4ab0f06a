package io.derrick.hub.report;

import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What other features may know of the daily reports, read-only: how a hole of a rig has gone by its reports (the
 * planner's plan vs actual), and each report's figures (the KPI tables). Every report counts, approved or not: the
 * plan follows the rig as the office knows it, and the dashboard filters by status.
 */
public final class ReportQuery {
    private final Database db;

    public ReportQuery(Database db) {
        this.db = db;
    }

    /**
     * A hole's drilling by its reports: the first and last shift with progress on it, its deepest depth, and the metres
     * of the last {@code recentDays} days that had progress, with those days (the recent rate); {@code lastEnd}: when
     * the last report's shift ends.
     */
    public record HoleProgress(LocalDate first, LocalDate last, double deepest, double metres, double recentMetres, long recentDays,
                               java.time.Instant lastEnd) {
    }

    public Optional<HoleProgress> hole(String rig, String hole, int recentDays) {
        return db.read(h -> h.createQuery("""
                        WITH p AS (
                            SELECT r.shift_date, r.ends_at, p.from_depth, p.to_depth FROM shift_progress p JOIN shift_report r ON r.id = p.report_id
                            WHERE r.rig_id = :rig AND p.hole = :hole),
                        recent AS (SELECT DISTINCT shift_date FROM p ORDER BY shift_date DESC LIMIT :days)
                        SELECT min(shift_date) AS first, max(shift_date) AS last, max(to_depth) AS deepest, sum(to_depth - from_depth) AS metres,
                               (SELECT coalesce(sum(to_depth - from_depth), 0) FROM p WHERE shift_date IN (SELECT shift_date FROM recent)) AS recent_metres,
                               (SELECT count(*) FROM recent) AS recent_days, max(ends_at) AS last_end
                        FROM p HAVING count(*) > 0""")
                .bind("rig", rig).bind("hole", hole).bind("days", recentDays)
                .map((rs, ctx) -> new HoleProgress(rs.getObject("first", LocalDate.class), rs.getObject("last", LocalDate.class), rs.getDouble("deepest"),
                        rs.getDouble("metres"), rs.getDouble("recent_metres"), rs.getLong("recent_days"), rs.getTimestamp("last_end").toInstant()))
                .findOne());
    }

    /** An activity code's hours in a shift, with what the code says (the NPT categories are the non-productive codes). */
    public record ActivityHours(String code, String label, boolean productive, String rigState, double hours) {
    }

    /**
     * A report's figures: {@code hole} the one with the most metres; {@code cored} the metres of progress rows with a
     * core recovery, {@code recovered} that recovery; {@code measuredMetres} and {@code onBottomMeasured} the sensors'
     * (null when the report was not measured, or the rig has no hole depth).
     */
    public record ShiftFigures(long id, String rig, LocalDate date, String shiftType, String status, double shiftHours,
                               double metres, Double measuredMetres, Double onBottomMeasured, String hole, double cored, double recovered,
                               double manHours, double standbyHours, List<ActivityHours> activities) {
    }

    /** The figures of {@code rig}'s reports on {@code days}; both null: every report (a rebuild). In the caller's transaction. */
    public List<ShiftFigures> shifts(Handle h, String rig, Collection<LocalDate> days) {
        String where = rig == null ? "" : "WHERE r.rig_id = :rig AND r.shift_date = ANY (:days)";
        var q = h.createQuery("""
                SELECT r.id, r.rig_id, r.shift_date, r.shift_type, r.status, r.standby_hours,
                       extract(epoch FROM r.ends_at - r.starts_at) / 3600 AS shift_hours,
                       (r.measured ->> 'metres')::double precision AS measured_metres,
                       (r.measured ->> 'onBottomHours')::double precision AS on_bottom,
                       (r.measured ->> 'depthEnd') IS NOT NULL AS has_depth,
                       coalesce(p.metres, 0) AS metres, coalesce(p.cored, 0) AS cored, coalesce(p.recovered, 0) AS recovered, p.hole,
                       coalesce(c.hours, 0) AS man_hours
                FROM shift_report r
                LEFT JOIN LATERAL (
                    SELECT sum(to_depth - from_depth) AS metres,
                           sum(to_depth - from_depth) FILTER (WHERE core_recovered IS NOT NULL) AS cored,
                           sum(core_recovered) AS recovered,
                           (SELECT hole FROM shift_progress q WHERE q.report_id = r.id GROUP BY hole
                            ORDER BY sum(to_depth - from_depth) DESC, hole LIMIT 1) AS hole
                    FROM shift_progress WHERE report_id = r.id) p ON true
                LEFT JOIN LATERAL (SELECT sum(hours) AS hours FROM shift_crew WHERE report_id = r.id) c ON true
                %s ORDER BY r.id""".formatted(where));
        if (rig != null) {
            q.bind("rig", rig).bindArray("days", LocalDate.class, List.copyOf(days));
        }
        record Head(long id, String rig, LocalDate date, String type, String status, double hours, double metres,
                    Double measured, Double onBottom, String hole, double cored, double recovered, double manHours, double standby) {
        }
        List<Head> heads = q.map((rs, ctx) -> new Head(rs.getLong("id"), rs.getString("rig_id"), rs.getObject("shift_date", LocalDate.class),
                rs.getString("shift_type"), rs.getString("status"), rs.getDouble("shift_hours"), rs.getDouble("metres"),
                rs.getBoolean("has_depth") ? (Double) rs.getObject("measured_metres") : null, (Double) rs.getObject("on_bottom"), rs.getString("hole"),
                rs.getDouble("cored"), rs.getDouble("recovered"), rs.getDouble("man_hours"), rs.getDouble("standby_hours"))).list();
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ActivityHours>> activities = new HashMap<>();
        h.createQuery("""
                        SELECT a.report_id, a.code, a.label, a.productive, c.rig_state,
                               sum(extract(epoch FROM a.ends_at - a.starts_at)) / 3600 AS hours
                        FROM shift_activity a JOIN activity_code c ON c.code = a.code
                        WHERE a.report_id = ANY (:ids) GROUP BY a.report_id, a.code, a.label, a.productive, c.rig_state""")
                .bindArray("ids", Long.class, heads.stream().map(Head::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getLong("report_id"), new ActivityHours(rs.getString("code"), rs.getString("label"),
                        rs.getBoolean("productive"), rs.getString("rig_state"), rs.getDouble("hours"))))
                .forEach(e -> activities.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return heads.stream().map(x -> new ShiftFigures(x.id(), x.rig(), x.date(), x.type(), x.status(), x.hours(), x.metres(),
                x.measured(), x.onBottom(), x.hole(), x.cored(), x.recovered(), x.manHours(), x.standby(),
                activities.getOrDefault(x.id(), List.of()))).toList();
    }

    /** Per rig, the reports awaiting the contractor's manager (submitted) and the client (manager approved). */
    public Map<String, long[]> awaitingApproval(Handle h) {
        Map<String, long[]> out = new java.util.TreeMap<>();
        h.createQuery("""
                        SELECT rig_id, count(*) FILTER (WHERE status = 'submitted') AS manager,
                               count(*) FILTER (WHERE status = 'manager_approved') AS client
                        FROM shift_report WHERE status IN ('submitted', 'manager_approved') GROUP BY rig_id""")
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), new long[] {rs.getLong("manager"), rs.getLong("client")}))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
