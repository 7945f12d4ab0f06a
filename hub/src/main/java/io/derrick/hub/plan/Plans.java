package io.derrick.hub.plan;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.report.ReportQuery;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The planner's work without HTTP: a stored scenario as the engine's plan, the calculation run and its results. */
public final class Plans {
    /** The days of reports that make a hole's recent rate. */
    static final int RECENT_DAYS = 7;

    /** The sensors are read for at most this long after a hole's last report (a rig whose reports stopped is not guessed at). */
    static final java.time.Duration SENSORS_AFTER_REPORT = java.time.Duration.ofDays(2);

    private final PlanRepository repo;
    private final Clock clock;
    private final ReportQuery reports;
    private final io.derrick.hub.history.HistoryQuery history;

    /** {@code history} null: the sensors are not read. */
    public Plans(PlanRepository repo, Clock clock, ReportQuery reports, io.derrick.hub.history.HistoryQuery history) {
        this.repo = repo;
        this.clock = clock;
        this.reports = reports;
        this.history = history;
    }

    /**
     * The metres the rig's sensors say it drilled after the hole's last report, up to now: the rise of its hole depth
     * (DEPT, minute averages) over that time, when the hole was reported on last (it is the rig's current hole).
     */
    double sensorMetresSince(String rig, ReportQuery.HoleProgress p) {
        if (history == null) {
            return 0;
        }
        java.time.Instant now = clock.instant();
        java.time.Instant from = p.lastEnd();
        if (!from.isBefore(now)) {
            return 0;
        }
        java.time.Instant to = from.plus(SENSORS_AFTER_REPORT).isBefore(now) ? from.plus(SENSORS_AFTER_REPORT) : now;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Map<String, Double> minute : history.minuteAverages(rig, List.of("DEPT"), from, to).values()) {
            Double d = minute.get("DEPT");
            if (d != null) {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        return max > min ? max - min : 0;
    }

    /**
     * How a campaign well stands by its hole's daily reports: started on the first report with progress, the deepest
     * depth against the well's planned depth, the rate of its last {@value #RECENT_DAYS} reported days, and the end that
     * rate gives (complete when the planned depth is reached); slippage against the planned end.
     */
    public record Actual(long campaignWell, String hole, LocalDate start, LocalDate lastReport, double reportedDeepest, double sensorMetres,
                         double deepest, Double plannedDepth, Double pct, double ratePerDay, LocalDate forecastEnd, Double slippageDays) {
    }

    /** The campaign well with what its reports say applied (the engine schedules the rest around it), and that account. */
    record Applied(Plan.Well well, Actual actual) {
    }

    Applied actual(PlanRepository.CampaignWellRow row, Plan.Well w, Double plannedDepth) {
        if (row.hole() == null || row.rig() == null || w.status() == Plan.Status.CANCELLED || w.status() == Plan.Status.COMPLETE) {
            return new Applied(w, null);
        }
        var progress = reports.hole(row.rig(), row.hole(), RECENT_DAYS);
        if (progress.isEmpty()) {
            return new Applied(w, null);
        }
        ReportQuery.HoleProgress p = progress.get();
        double rate = p.recentDays() == 0 ? 0 : p.recentMetres() / p.recentDays();
        double since = sensorMetresSince(row.rig(), p);
        double deepest = p.deepest() + since;
        LocalDate today = today();
        LocalDate start = w.actualStart() != null ? w.actualStart() : p.first();
        LocalDate end;
        Plan.Status status;
        if (plannedDepth != null && deepest >= plannedDepth) {
            end = (since > 0 ? today : p.last()).plusDays(1);
            status = Plan.Status.COMPLETE;
        } else if (plannedDepth != null && rate > 0) {
            // from the last report's rate: after the last report, or from today for what the sensors say is still to go
            LocalDate from = since > 0 && today.isAfter(p.last()) ? today : p.last().plusDays(1);
            end = from.plusDays((long) Math.ceil((plannedDepth - deepest) / rate));
            status = Plan.Status.IN_PROGRESS;
        } else {
            end = start.plusDays((long) Math.ceil(w.durationDays()));  // no depth to go by: as planned
            status = Plan.Status.IN_PROGRESS;
        }
        Double slip = w.plannedStart() == null ? null : (double) (end.toEpochDay() - w.plannedStart().toEpochDay()) - w.durationDays();
        Plan.Well applied = new Plan.Well(w.id(), w.name(), w.campaign(), w.rig(), w.plannedStart(), Math.max(0.01, end.toEpochDay() - start.toEpochDay()),
                status, start, status == Plan.Status.COMPLETE ? end : null, w.nptDays(), w.extras(), w.dependencies());
        return new Applied(applied, new Actual(row.id(), row.hole(), start, p.last(), p.deepest(), since, deepest, plannedDepth,
                plannedDepth == null ? null : Math.min(1, deepest / plannedDepth), rate, end, slip));
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

    /** Where a calculation reports how far it is (a background run's row; nothing for one done at once). */
    interface Progress {
        void at(double fraction, String stage);

        Progress NONE = (f, stage) -> { };
    }

    /** A calculation's outcome: the results, or why there are none. */
    record Outcome(Map<String, Object> results, String error) {
    }

    static Map<String, Object> params(LocalDate from, LocalDate to, LocalDate today) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("from", from.toString());
        params.put("to", to.toString());
        params.put("today", today.toString());
        return params;
    }

    /**
     * A calculation asked for: a scenario of up to {@code inlineWells} campaign wells is calculated at once and stored
     * finished; a larger one is stored pending and runs in the background ({@code background}: the persistent jobs).
     */
    public PlanRepository.Run request(long scenario, LocalDate from, LocalDate to, Actor actor, int inlineWells, java.util.function.LongConsumer background) {
        Map<String, Object> params = params(from, to, today());
        if (background == null || repo.campaignWellCount(scenario) <= inlineWells) {
            Instant requested = clock.instant();
            Outcome o = compute(scenario, from, to, today(), Progress.NONE);
            return repo.storeRun(scenario, params, o.error() == null ? "success" : "failed", o.results(), o.error(), actor, requested, clock.instant());
        }
        PlanRepository.Run run = repo.queueRun(scenario, params, actor, clock.instant());
        background.accept(run.id());
        return run;
    }

    /**
     * A background run, on one hub: started (or started again, when the hub that ran it died), calculated with its
     * progress written as it goes, and stored once. A run that has finished already is left as it is.
     */
    public void runQueued(long id) {
        Optional<PlanRepository.Run> started = repo.startRun(id, clock.instant());
        if (started.isEmpty()) {
            return;
        }
        PlanRepository.Run run = started.get();
        Map<?, ?> p = (Map<?, ?>) run.params();
        Outcome o;
        try {
            o = compute(run.scenario(), LocalDate.parse((String) p.get("from")), LocalDate.parse((String) p.get("to")),
                    LocalDate.parse((String) p.get("today")), (f, stage) -> repo.progress(id, f, stage));
        } catch (RuntimeException e) {
            if (io.derrick.hub.platform.db.Database.isConnectionFailure(e)) {
                throw e;                 // the database went away: the task fails, and runs again
            }
            o = new Outcome(null, "the calculation failed: " + e);
        }
        repo.finishRun(id, o.error() == null ? "success" : "failed", o.results(), o.error(), Actor.job("plan-calc"), clock.instant());
    }

    /** A scenario ready for the engine: its rigs, its wells with what their reports say applied, and those accounts. */
    record Prepared(PlanRepository.Snapshot snapshot, List<Plan.Rig> rigs, List<Plan.Well> wells, List<Actual> actuals) {
    }

    Prepared prepare(long scenario, Progress progress) {
        progress.at(0.05, "reading");
        PlanRepository.Snapshot snap = repo.snapshot(scenario).orElseThrow(() -> new IllegalStateException("no scenario " + scenario));
        Map<Long, String> names = new HashMap<>();
        Map<Long, Double> depths = new HashMap<>();
        for (PlanRepository.WellRow w : snap.wells()) {
            names.put(w.id(), w.name());
            depths.put(w.id(), w.plannedDepth());
        }
        List<Plan.Well> wells = new ArrayList<>();
        List<Actual> actuals = new ArrayList<>();
        List<PlanRepository.CampaignWellRow> rows = snap.full().wells();
        int step = Math.max(1, rows.size() / 10);
        for (int i = 0; i < rows.size(); i++) {
            PlanRepository.CampaignWellRow row = rows.get(i);
            Applied a = actual(row, well(row, names), depths.get(row.well()));
            wells.add(a.well());
            if (a.actual() != null) {
                actuals.add(a.actual());
            }
            if (i % step == step - 1) {
                progress.at(0.1 + 0.5 * (i + 1) / rows.size(), "actuals");
            }
        }
        return new Prepared(snap, rigs(snap.rigs()), wells, actuals);
    }

    /** The forward pass and the figures over [from, to), with the plan held against the daily reports. */
    Outcome compute(long scenario, LocalDate from, LocalDate to, LocalDate today, Progress progress) {
        Prepared p = prepare(scenario, progress);
        List<Plan.Rig> rigs = p.rigs();
        List<Plan.Well> wells = p.wells();
        List<Actual> actuals = p.actuals();
        try {
            progress.at(0.65, "scheduling");
            Scheduler.Schedule s = Scheduler.schedule(rigs, wells, today);
            progress.at(0.85, "figures");
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
            results.put("actuals", actuals);
            return new Outcome(results, null);
        } catch (IllegalArgumentException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    /** Resource levelling for a scenario as it stands (with its actuals), with at most {@code maxMoves} moves. */
    public Levelling.Suggestion suggest(long scenario, int maxMoves, int budget) {
        Prepared p = prepare(scenario, Progress.NONE);
        return Levelling.suggest(p.rigs(), p.wells(), today(), maxMoves, budget);
    }

    /**
     * Two scenarios side by side over [from, to): ETA, cost, conflicts; per rig utilization, NPT and cost; and each well
     * both plan (by the well, not the campaign well) with its rig and dates in each.
     */
    public Map<String, Object> compare(long a, long b, LocalDate from, LocalDate to) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Map<String, Object>> rigs = new java.util.TreeMap<>();
        Map<Long, Map<String, Object>> wells = new java.util.TreeMap<>();
        Map<Long, String> wellNames = new HashMap<>();
        for (long id : new long[] {a, b}) {
            String side = id == a ? "a" : "b";
            Prepared p = prepare(id, Progress.NONE);
            p.snapshot().wells().forEach(w -> wellNames.put(w.id(), w.name()));
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("scenario", p.snapshot().full().scenario());
            try {
                Scheduler.Schedule s = Scheduler.schedule(p.rigs(), p.wells(), today());
                PlanKpis.Figures f = PlanKpis.of(p.rigs(), p.wells(), s, from, to);
                head.put("eta", f.eta() == null ? null : f.eta().toString());
                head.put("cost", f.cost());
                head.put("conflicts", s.conflicts().size());
                head.put("unplaced", s.unplaced().size());
                head.put("wells", s.slots().size());
                for (PlanKpis.RigFigures r : f.rigs()) {
                    if (r.wells() > 0) {
                        rigs.computeIfAbsent(r.rig(), k -> new LinkedHashMap<>(Map.of("rig", k))).put(side, r);
                    }
                }
                Map<Long, Long> wellOf = new HashMap<>();
                p.snapshot().full().wells().forEach(w -> wellOf.put(w.id(), w.well()));
                for (Scheduler.Slot slot : s.slots().values()) {
                    long well = wellOf.get(slot.well());
                    Map<String, Object> at = new LinkedHashMap<>();
                    at.put("campaignWell", slot.well());
                    at.put("rig", slot.rig());
                    at.put("start", slot.startDate().toString());
                    at.put("end", slot.endDate().toString());
                    wells.computeIfAbsent(well, k -> new LinkedHashMap<>(Map.of("well", k))).put(side, at);
                }
            } catch (IllegalArgumentException e) {
                head.put("error", e.getMessage());
            }
            out.put(side, head);
        }
        wells.forEach((id, row) -> {
            row.put("name", wellNames.getOrDefault(id, "well " + id));
            if (row.get("a") instanceof Map<?, ?> x && row.get("b") instanceof Map<?, ?> y) {
                row.put("endShiftDays", LocalDate.parse((String) y.get("end")).toEpochDay() - LocalDate.parse((String) x.get("end")).toEpochDay());
            }
        });
        out.put("rigs", List.copyOf(rigs.values()));
        out.put("wells", List.copyOf(wells.values()));
        return out;
    }

    /** A scenario for its export: as stored, and scheduled with its figures over the year from today (no run is stored). */
    record ForExport(PlanRepository.Snapshot snapshot, PlanExport.Calculated calculated) {
    }

    ForExport forExport(long scenario) {
        Prepared p = prepare(scenario, Progress.NONE);
        Scheduler.Schedule s = Scheduler.schedule(p.rigs(), p.wells(), today());
        PlanKpis.Figures f = PlanKpis.of(p.rigs(), p.wells(), s, today(), today().plusYears(1));
        return new ForExport(p.snapshot(), new PlanExport.Calculated(s.slots(), f.rigs(), f.eta() == null ? null : f.eta().toString(), f.cost()));
    }

    /** An import checked against the stored plan (and applied when {@code apply} and nothing is refused). */
    PlanImport.Result importSheet(PlanImport.Entity entity, Long scenario, PlanSheet sheet, Map<String, String> mapping, boolean apply, Actor actor) {
        PlanImport.Stored stored = new PlanImport.Stored(repo.rigs(), repo.wells(), scenario == null ? null : repo.full(scenario).orElseThrow());
        PlanImport.Result r = PlanImport.check(entity, sheet, mapping, stored);
        if (apply && !r.refusesAny()) {
            repo.applyImport(scenario == null ? 0 : scenario, r.ops(), actor, clock.instant());
        }
        return r;
    }
}
