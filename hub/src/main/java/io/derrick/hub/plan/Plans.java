package io.derrick.hub.plan;

import io.derrick.hub.platform.audit.Actor;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The planner's work without HTTP: a stored scenario as the engine's plan, the calculation run and its results. */
public final class Plans {
    private final PlanRepository repo;
    private final Clock clock;

    public Plans(PlanRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    public PlanRepository repository() {
        return repo;
    }

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static List<Plan.Rig> rigs(List<PlanRepository.RigRow> rows) {
        return rows.stream().map(r -> new Plan.Rig(r.id(), r.dayRate(), r.currency(), Plan.RigStatus.valueOf(r.status().toUpperCase(java.util.Locale.ROOT)),
                r.available().stream().map(w -> new Plan.Window(w.from(), w.to())).toList())).toList();
    }

    static List<Plan.Well> wells(PlanRepository.Full full, Map<Long, String> names) {
        return full.wells().stream().map(w -> well(w, names)).toList();
    }

    static Plan.Well well(PlanRepository.CampaignWellRow w, Map<Long, String> names) {
        return new Plan.Well(w.id(), names.getOrDefault(w.well(), "well " + w.well()) + " (#" + w.id() + ")", w.campaign(), w.rig(), w.plannedStart(),
                w.durationDays(), Plan.Status.valueOf(w.status().toUpperCase(java.util.Locale.ROOT)), w.actualStart(), w.actualEnd(), w.nptDays(),
                w.extras().stream().map(e -> new Plan.Extra(e.name(), e.amount())).toList(),
                w.dependencies().stream().map(d -> new Plan.Dependency(d.predecessor(), d.lagDays())).toList());
    }

    Map<Long, String> wellNames() {
        Map<Long, String> names = new HashMap<>();
        repo.wells().forEach(w -> names.put(w.id(), w.name()));
        return names;
    }

    /** Refuses a scenario whose campaign wells, with {@code changed} in place of its stored self, would go round. */
    void refuseCycles(PlanRepository.Full full, PlanRepository.CampaignWellRow changed) {
        Map<Long, String> names = wellNames();
        Map<Long, Plan.Well> byId = new LinkedHashMap<>();
        for (PlanRepository.CampaignWellRow w : full.wells()) {
            byId.put(w.id(), well(w, names));
        }
        byId.put(changed.id(), well(changed, names));
        Scheduler.refuseCycles(byId);
    }

    /** A calculation: the forward pass and the figures over [from, to), stored as a run with its results. */
    public PlanRepository.Run calculate(long scenario, LocalDate from, LocalDate to, Actor actor) {
        Instant requested = clock.instant();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("from", from.toString());
        params.put("to", to.toString());
        params.put("today", today().toString());
        PlanRepository.Full full = repo.full(scenario).orElseThrow();
        Map<Long, String> names = wellNames();
        List<Plan.Rig> rigs = rigs(repo.rigs());
        List<Plan.Well> wells = wells(full, names);
        try {
            Scheduler.Schedule s = Scheduler.schedule(rigs, wells, today());
            PlanKpis.Figures f = PlanKpis.of(rigs, wells, s, from, to);
            Map<Long, Plan.Well> byId = new HashMap<>();
            wells.forEach(w -> byId.put(w.id(), w));
            List<Map<String, Object>> slots = new ArrayList<>();
            for (Scheduler.Slot slot : s.slots().values()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("campaignWell", slot.well());
                row.put("name", byId.get(slot.well()).name());
                row.put("campaign", byId.get(slot.well()).campaign());
                row.put("rig", slot.rig());
                row.put("start", slot.startDate().toString());
                row.put("end", slot.endDate().toString());
                row.put("days", slot.days());
                row.put("driver", slot.driver().name().toLowerCase(java.util.Locale.ROOT));
                row.put("drivenBy", slot.drivenBy());
                slots.add(row);
            }
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("eta", f.eta() == null ? null : f.eta().toString());
            results.put("cost", f.cost());
            results.put("criticalPath", f.criticalPath());
            results.put("rigs", f.rigs());
            results.put("campaigns", f.campaigns());
            results.put("schedule", slots);
            results.put("conflicts", s.conflicts());
            results.put("unplaced", s.unplaced());
            return repo.storeRun(scenario, params, "success", results, null, actor, requested, clock.instant());
        } catch (IllegalArgumentException e) {
            return repo.storeRun(scenario, params, "failed", null, e.getMessage(), actor, requested, clock.instant());
        }
    }
}
