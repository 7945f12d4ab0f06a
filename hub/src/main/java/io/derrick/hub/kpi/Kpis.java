package io.derrick.hub.kpi;

import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.platform.db.Database;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's answers, from the tables {@link KpiRefresh} keeps: each a figure set per group, as docs/kpis.md defines them. */
final class Kpis {
    private final KpiRepository repo;
    private final KpiRefresh refresh;
    private final Database db;
    private final FleetQuery fleet;
    private final Clock clock;
    private final io.derrick.hub.plan.PlanQuery plan;

    Kpis(KpiRepository repo, KpiRefresh refresh, Database db, FleetQuery fleet, io.derrick.hub.plan.PlanQuery plan, Clock clock) {
        this.plan = plan;
        this.repo = repo;
        this.refresh = refresh;
        this.db = db;
        this.fleet = fleet;
        this.clock = clock;
    }

    KpiRepository repository() {
        return repo;
    }

    KpiRefresh refresher() {
        return refresh;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    java.time.Instant now() {
        return clock.instant();
    }

    /** A rig as the filter lists it. */
    record Rig(String id, String name, String client) {
    }

    /** Every rig, in order (the caller filters by scope). */
    List<Rig> rigs() {
        return db.read(h -> fleet.rigs(h).stream().map(r -> new Rig(r.id(), r.name(), r.client())).toList());
    }

    private static double hoursPerDay(KpiRepository.Filter f) {
        return f.shift() == null ? 24 : 12;
    }

    KpiFigures.Figures figures(KpiRepository.Filter f) {
        KpiRepository.Sums s = repo.sums(f, KpiRepository.Group.TOTAL).stream().findFirst().orElse(KpiFigures.none(""));
        return KpiFigures.of(s, f.rigs().size() * f.days(), f.days(), hoursPerDay(f));
    }

    record Summary(LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo, int rigs, KpiFigures.Figures current,
                   KpiFigures.Figures previous, KpiFigures.Change change, java.time.Instant rebuiltAt, long staleDays) {
    }

    /** The cards: the period's figures and the same figures over the period of the same length just before it. */
    Summary summary(KpiRepository.Filter f) {
        LocalDate prevTo = f.from().minusDays(1);
        LocalDate prevFrom = prevTo.minusDays(f.days() - 1);
        KpiFigures.Figures now = figures(f);
        KpiFigures.Figures before = figures(f.range(prevFrom, prevTo));
        KpiRepository.State state = repo.state();
        return new Summary(f.from(), f.to(), prevFrom, prevTo, f.rigs().size(), now, before, KpiFigures.change(now, before),
                state.rebuiltAt(), state.stale());
    }

    /** A rig's line: its figures, its rank by metres per day, its shortfall's causes and the plan's wells behind its target. */
    record RigLine(int rank, String rig, String name, String client, KpiFigures.Figures figures, List<KpiFigures.Cause> causes,
                   List<PlanItem> planItems) {
    }

    /**
     * A campaign well of the approved plan behind a rig's target: its id, well and scenario (the planner's link), its
     * planned dates, and what the reports say of its hole: the first and last shift with progress on it, the metres
     * (all reports, before the range too), and the start's slip in days (null before it starts).
     */
    record PlanItem(long id, String well, long scenario, String scenarioName, String hole, LocalDate plannedStart, LocalDate plannedEnd,
                    Double plannedDepth, LocalDate actualStart, LocalDate lastReport, double metres, Long startSlipDays) {
    }

    List<RigLine> byRig(KpiRepository.Filter f) {
        Map<String, KpiRepository.Sums> sums = new LinkedHashMap<>();
        repo.sums(f, KpiRepository.Group.RIG).forEach(s -> sums.put(s.key(), s));
        Map<String, List<KpiRepository.Npt>> npt = repo.nptByRig(f);
        Map<String, List<Long>> wells = repo.planWells(f);
        Map<Long, PlanItem> items = new LinkedHashMap<>();
        List<io.derrick.hub.plan.PlanQuery.PlannedWell> planned = db.read(plan::approvedWells);
        Map<String, KpiRepository.HoleProgress> holes = repo.holes(planned.stream().filter(w -> w.hole() != null)
                .map(w -> w.rig() + " " + w.hole()).distinct().toList(), f.approvedOnly());
        for (var w : planned) {
            KpiRepository.HoleProgress p = w.hole() == null ? null : holes.get(w.rig() + " " + w.hole());
            LocalDate end = w.start().plusDays((long) Math.ceil(w.days()) - 1);
            items.put(w.id(), new PlanItem(w.id(), w.well(), w.scenario(), w.scenarioName(), w.hole(), w.start(), end, w.plannedDepth(),
                    p == null ? null : p.first(), p == null ? null : p.last(), p == null ? 0 : KpiFigures.round(p.metres()),
                    p == null ? null : ChronoUnit.DAYS.between(w.start(), p.first())));
        }
        Map<String, Rig> rigs = new LinkedHashMap<>();
        rigs().forEach(r -> rigs.put(r.id(), r));
        List<RigLine> lines = new ArrayList<>();
        for (String rig : f.rigs()) {
            KpiFigures.Figures fig = KpiFigures.of(sums.getOrDefault(rig, KpiFigures.none(rig)), f.days(), f.days(), hoursPerDay(f));
            Rig r = rigs.get(rig);
            lines.add(new RigLine(0, rig, r == null ? rig : r.name(), r == null ? null : r.client(), fig,
                    KpiFigures.causes(npt.getOrDefault(rig, List.of()), fig.rop(), 3),
                    wells.getOrDefault(rig, List.of()).stream().map(items::get).filter(java.util.Objects::nonNull).toList()));
        }
        lines.sort(Comparator.comparing((RigLine l) -> l.figures().metres()).reversed().thenComparing(RigLine::rig));
        List<RigLine> ranked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            RigLine l = lines.get(i);
            ranked.add(new RigLine(i + 1, l.rig(), l.name(), l.client(), l.figures(), l.causes(), l.planItems()));
        }
        return ranked;
    }

    /** A trend point: the period's first day and its figures (over the part of the period inside the range). */
    record Point(LocalDate start, LocalDate end, KpiFigures.Figures figures) {
    }

    List<Point> trend(KpiRepository.Filter f, String period) {
        KpiRepository.Group g = switch (period) {
            case "week" -> KpiRepository.Group.WEEK;
            case "month" -> KpiRepository.Group.MONTH;
            default -> KpiRepository.Group.DAY;
        };
        Map<String, KpiRepository.Sums> sums = new LinkedHashMap<>();
        repo.sums(f, g).forEach(s -> sums.put(s.key(), s));
        List<Point> out = new ArrayList<>();
        LocalDate start = switch (period) {
            case "week" -> f.from().minusDays(f.from().getDayOfWeek().getValue() - 1);
            case "month" -> f.from().withDayOfMonth(1);
            default -> f.from();
        };
        while (!start.isAfter(f.to())) {
            LocalDate next = switch (period) {
                case "week" -> start.plusWeeks(1);
                case "month" -> start.plusMonths(1);
                default -> start.plusDays(1);
            };
            LocalDate from = start.isBefore(f.from()) ? f.from() : start;
            LocalDate to = next.minusDays(1).isAfter(f.to()) ? f.to() : next.minusDays(1);
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            out.add(new Point(from, to, KpiFigures.of(sums.getOrDefault(start.toString(), KpiFigures.none(start.toString())),
                    f.rigs().size() * days, days, hoursPerDay(f))));
            start = next;
        }
        return out;
    }

    /** A heatmap cell: a rig's day. */
    record Cell(String rig, LocalDate day, Double utilization, double metres, double nptHours, double planMetres, long alarms) {
    }

    List<Cell> heatmap(KpiRepository.Filter f) {
        List<Cell> out = new ArrayList<>();
        for (KpiRepository.Sums s : repo.sums(f, KpiRepository.Group.RIG_DAY)) {
            int space = s.key().lastIndexOf(' ');
            KpiFigures.Figures fig = KpiFigures.of(s, 1, 1, hoursPerDay(f));
            out.add(new Cell(s.key().substring(0, space), LocalDate.parse(s.key().substring(space + 1)), fig.utilization(), fig.metres(),
                    fig.nptHours(), fig.planMetres(), fig.alarms()));
        }
        return out;
    }

    /** Day against night shifts: the reports' figures of each (the rig-day figures — plan, alarms, downtime — are not split). */
    record ShiftLine(String shiftType, KpiFigures.Figures figures) {
    }

    List<ShiftLine> shifts(KpiRepository.Filter f) {
        Map<String, KpiRepository.Sums> sums = new LinkedHashMap<>();
        repo.sums(f, KpiRepository.Group.SHIFT).forEach(s -> sums.put(s.key(), s));
        List<ShiftLine> out = new ArrayList<>();
        for (String type : f.shift() == null ? List.of("day", "night") : List.of(f.shift())) {
            out.add(new ShiftLine(type, KpiFigures.of(sums.getOrDefault(type, KpiFigures.none(type)), f.rigs().size() * f.days(), f.days(), 12)));
        }
        return out;
    }

    record Npt(List<KpiFigures.Pareto> pareto, List<KpiRepository.Down> equipment) {
    }

    Npt npt(KpiRepository.Filter f) {
        return new Npt(KpiFigures.pareto(repo.npt(f)), repo.downtime(f));
    }
}
