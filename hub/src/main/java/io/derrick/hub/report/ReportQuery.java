package io.derrick.hub.report;

import io.derrick.hub.platform.db.Database;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What other features may know of the daily reports, read-only: how a hole of a rig has gone by its reports (the
 * planner's plan vs actual). Every report counts, approved or not: the plan follows the rig as the office knows it.
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
}
