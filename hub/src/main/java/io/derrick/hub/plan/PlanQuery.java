package io.derrick.hub.plan;

import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What other features may read of the plan, read-only, in the caller's transaction: the approved scenarios' campaign
 * wells as planned (the dashboard's targets), the rigs' day rates, and a fingerprint of both that changes with any
 * write that could change them (the dashboard's refresh compares it instead of being told of each planner write).
 */
public final class PlanQuery {
    /**
     * A campaign well of an approved scenario with a rig and a planned start, not cancelled: its planned window is
     * {@code [start, start + days)}; {@code extras} the sum of its extra costs; {@code plannedDepth} null when the well has none.
     */
    public record PlannedWell(long id, long scenario, String scenarioName, String rig, String well, String field, String hole,
                              LocalDate start, double days, Double plannedDepth, double extras) {
    }

    public List<PlannedWell> approvedWells(Handle h) {
        return h.createQuery("""
                        SELECT cw.id, s.id AS scenario, s.name AS scenario_name, cw.rig_id, w.name AS well, w.field, cw.hole,
                               cw.planned_start, cw.duration_days, w.planned_depth,
                               (SELECT coalesce(sum((e ->> 'amount')::double precision), 0) FROM jsonb_array_elements(cw.extras) e) AS extras
                        FROM campaign_well cw JOIN campaign c ON c.id = cw.campaign_id JOIN scenario s ON s.id = c.scenario_id
                        JOIN well w ON w.id = cw.well_id
                        WHERE s.status = 'approved' AND cw.status <> 'cancelled' AND cw.rig_id IS NOT NULL AND cw.planned_start IS NOT NULL
                        ORDER BY cw.id""")
                .map((rs, ctx) -> new PlannedWell(rs.getLong("id"), rs.getLong("scenario"), rs.getString("scenario_name"), rs.getString("rig_id"),
                        rs.getString("well"), rs.getString("field"), rs.getString("hole"), rs.getObject("planned_start", LocalDate.class),
                        rs.getDouble("duration_days"), (Double) rs.getObject("planned_depth"), rs.getDouble("extras")))
                .list();
    }

    /** The field of each rig's holes by any scenario's campaign wells (the approved one's first): rig → hole → field. */
    public Map<String, Map<String, String>> holeFields(Handle h) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        h.createQuery("""
                        SELECT DISTINCT ON (cw.rig_id, cw.hole) cw.rig_id, cw.hole, w.field
                        FROM campaign_well cw JOIN campaign c ON c.id = cw.campaign_id JOIN scenario s ON s.id = c.scenario_id
                        JOIN well w ON w.id = cw.well_id
                        WHERE cw.hole IS NOT NULL AND cw.rig_id IS NOT NULL AND w.field IS NOT NULL
                        ORDER BY cw.rig_id, cw.hole, s.status = 'approved' DESC, cw.id DESC""")
                .map((rs, ctx) -> List.of(rs.getString("rig_id"), rs.getString("hole"), rs.getString("field")))
                .forEach(r -> out.computeIfAbsent(r.get(0), k -> new LinkedHashMap<>()).put(r.get(1), r.get(2)));
        return out;
    }

    /** Each planned rig's day rate. */
    public Map<String, Double> dayRates(Handle h) {
        Map<String, Double> out = new LinkedHashMap<>();
        h.createQuery("SELECT id, day_rate FROM plan_rig").map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getDouble("day_rate")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Changes whenever a scenario, campaign, campaign well, well or planning rig is written (each write bumps a version or adds a row). */
    public String fingerprint(Handle h) {
        return h.createQuery("""
                        SELECT concat_ws('/',
                            (SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(sum(id), 0) || ':' || string_agg(status, '' ORDER BY id) FROM scenario),
                            (SELECT count(*) || ':' || coalesce(sum(id), 0) FROM campaign),
                            (SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(sum(id), 0) FROM campaign_well),
                            (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM well),
                            (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM plan_rig))""")
                .mapTo(String.class).one();
    }
}
