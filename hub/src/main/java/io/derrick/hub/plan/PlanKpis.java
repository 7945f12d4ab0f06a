package io.derrick.hub.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a schedule (docs/planning.md has each formula):
 * <ul>
 * <li>per rig over a range [from, to): a well counts with the days it spends inside the range, its NPT pro rata;
 * utilization = productive days / days of the range; NPT % = NPT days / days drilling; cost = day rate × days + the
 * extras of the wells that start in the range;</li>
 * <li>per campaign and for the scenario: cost = Σ day rate × duration + extras, the ETA = the last end, and the
 * critical path: from the well that ends last, back through what held each well back (a predecessor or the rig's
 * previous well) to a well that started when it was planned to.</li>
 * </ul>
 */
public final class PlanKpis {
    private PlanKpis() {
    }

    public record RigFigures(String rig, double days, double drillingDays, double productiveDays, double nptDays, double utilization,
                             double nptPct, double cost, String currency, int wells) {
    }

    public record CampaignFigures(long campaign, int wells, double days, double nptDays, double cost, LocalDate start, LocalDate eta) {
    }

    public record Figures(List<RigFigures> rigs, List<CampaignFigures> campaigns, double cost, LocalDate eta, List<Long> criticalPath) {
    }

    public static Figures of(List<Plan.Rig> rigs, List<Plan.Well> wells, Scheduler.Schedule schedule, LocalDate from, LocalDate to) {
        Map<Long, Plan.Well> byId = new HashMap<>();
        wells.forEach(w -> byId.put(w.id(), w));
        double a = from.toEpochDay();
        double b = to.toEpochDay();
        List<RigFigures> perRig = new ArrayList<>();
        for (Plan.Rig rig : rigs) {
            double drilling = 0;
            double npt = 0;
            double cost = 0;
            int n = 0;
            for (Scheduler.Slot s : schedule.slots().values()) {
                if (!rig.id().equals(s.rig())) {
                    continue;
                }
                double inside = Math.max(0, Math.min(s.end(), b) - Math.max(s.start(), a));
                if (inside <= 0 && !(s.start() >= a && s.start() < b)) {
                    continue;
                }
                Plan.Well w = byId.get(s.well());
                double share = s.days() > 0 ? inside / s.days() : 0;
                drilling += inside;
                npt += Math.min(w.nptDays(), s.days()) * share;
                cost += rig.dayRate() * inside + (s.start() >= a && s.start() < b ? w.extrasTotal() : 0);
                n++;
            }
            double total = b - a;
            perRig.add(new RigFigures(rig.id(), total, drilling, drilling - npt, npt, total > 0 ? (drilling - npt) / total : 0,
                    drilling > 0 ? npt / drilling : 0, cost, rig.currency(), n));
        }
        Map<String, Plan.Rig> rigById = new HashMap<>();
        rigs.forEach(r -> rigById.put(r.id(), r));
        Map<Long, List<Scheduler.Slot>> byCampaign = new TreeMap<>();
        for (Scheduler.Slot s : schedule.slots().values()) {
            byCampaign.computeIfAbsent(byId.get(s.well()).campaign(), k -> new ArrayList<>()).add(s);
        }
        List<CampaignFigures> campaigns = new ArrayList<>();
        double total = 0;
        Scheduler.Slot last = null;
        for (Map.Entry<Long, List<Scheduler.Slot>> e : byCampaign.entrySet()) {
            double days = 0;
            double npt = 0;
            double cost = 0;
            double start = Double.MAX_VALUE;
            double end = -Double.MAX_VALUE;
            for (Scheduler.Slot s : e.getValue()) {
                Plan.Well w = byId.get(s.well());
                Plan.Rig rig = rigById.get(s.rig());
                days += s.days();
                npt += Math.min(w.nptDays(), s.days());
                cost += (rig == null ? 0 : rig.dayRate() * s.days()) + w.extrasTotal();
                start = Math.min(start, s.start());
                end = Math.max(end, s.end());
                if (last == null || s.end() > last.end() || s.end() == last.end() && s.well() > last.well()) {
                    last = s;
                }
            }
            total += cost;
            campaigns.add(new CampaignFigures(e.getKey(), e.getValue().size(), days, npt, cost, LocalDate.ofEpochDay((long) Math.floor(start)),
                    LocalDate.ofEpochDay((long) Math.ceil(end))));
        }
        return new Figures(perRig, campaigns, total, last == null ? null : last.endDate(), criticalPath(schedule, last));
    }

    /** From the last well back through what held each one back; first well first. */
    static List<Long> criticalPath(Scheduler.Schedule schedule, Scheduler.Slot last) {
        List<Long> path = new ArrayList<>();
        Scheduler.Slot at = last;
        while (at != null && !path.contains(at.well())) {
            path.add(at.well());
            at = at.drivenBy() == null ? null : schedule.slots().get(at.drivenBy());
        }
        Collections.reverse(path);
        return path;
    }
}
