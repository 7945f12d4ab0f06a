package io.derrick.hub.kpi;

import io.derrick.hub.equipment.EquipmentQuery;
import io.derrick.hub.plan.PlanQuery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the plan and the work orders are spread over a rig's days (plain logic, table-tested in KpiDaysTest):
 * <ul>
 * <li>a planned well's window is {@code [start, start + days)}; each day it covers gets its share of the well's planned
 *     depth and extra costs in proportion to the part of the day inside the window (a 2.5-day well: 40 %, 40 %, 20 %);</li>
 * <li>a downtime counts its hours on each local day of the rig it overlaps.</li>
 * </ul>
 */
final class KpiDays {
    private KpiDays() {
    }

    /** A rig's planned day: its share of the planned metres and extras, the wells and their field (the first well's). */
    record PlanDay(double metres, double extras, List<Long> wells, String field) {
    }

    static Map<String, Map<LocalDate, PlanDay>> plan(List<PlanQuery.PlannedWell> wells) {
        Map<String, Map<LocalDate, PlanDay>> out = new TreeMap<>();
        for (PlanQuery.PlannedWell w : wells) {
            Map<LocalDate, PlanDay> days = out.computeIfAbsent(w.rig(), k -> new TreeMap<>());
            double depthPerDay = w.plannedDepth() == null ? 0 : w.plannedDepth() / w.days();
            double extrasPerDay = w.extras() / w.days();
            for (int i = 0; i < Math.ceil(w.days()); i++) {
                double share = Math.min(1, w.days() - i);
                LocalDate day = w.start().plusDays(i);
                PlanDay before = days.get(day);
                List<Long> ids = new ArrayList<>(before == null ? List.of() : before.wells());
                ids.add(w.id());
                days.put(day, new PlanDay((before == null ? 0 : before.metres()) + depthPerDay * share,
                        (before == null ? 0 : before.extras()) + extrasPerDay * share, ids,
                        before == null || before.field() == null ? w.field() : before.field()));
            }
        }
        return out;
    }

    /** A unit's hours down per local day, with the work orders; and the part of both a client may see. */
    record Down(double hours, List<Long> workOrders, double sharedHours, List<Long> sharedOrders) {
    }

    /** Per local day of {@code zone} within [from, to]: per equipment id its hours down. */
    static Map<LocalDate, Map<Long, Down>> downtime(List<EquipmentQuery.Downtime> downtimes, ZoneId zone, LocalDate from, LocalDate to) {
        Map<LocalDate, Map<Long, Down>> out = new TreeMap<>();
        for (EquipmentQuery.Downtime d : downtimes) {
            LocalDate day = LocalDate.ofInstant(d.from(), zone);
            while (!day.isAfter(LocalDate.ofInstant(d.to(), zone))) {
                Instant start = max(d.from(), day.atStartOfDay(zone).toInstant());
                Instant end = min(d.to(), day.plusDays(1).atStartOfDay(zone).toInstant());
                double hours = Duration.between(start, end).toMillis() / 3_600_000.0;
                if (hours > 0 && !day.isBefore(from) && !day.isAfter(to)) {
                    Down before = out.computeIfAbsent(day, k -> new LinkedHashMap<>()).getOrDefault(d.equipment(), new Down(0, List.of(), 0, List.of()));
                    List<Long> ids = new ArrayList<>(before.workOrders());
                    ids.add(d.workOrder());
                    List<Long> shared = new ArrayList<>(before.sharedOrders());
                    if (d.shared()) {
                        shared.add(d.workOrder());
                    }
                    out.get(day).put(d.equipment(), new Down(before.hours() + hours, ids, before.sharedHours() + (d.shared() ? hours : 0), shared));
                }
                day = day.plusDays(1);
            }
        }
        return out;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
