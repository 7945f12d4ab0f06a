package io.derrick.hub.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The forward pass (docs/planning.md): every well as early as it may go — never before its planned start, never
 * before its predecessors end plus their lag, never while its rig drills another well, only inside its rig's
 * availability. Wells are placed in dependency order (the earliest anchored first, then by id: the result is the
 * same for the same plan), each in the earliest gap of its rig that fits it. Complete wells keep their actual dates,
 * wells in progress their actual start; cancelled wells take no rig time and hold no one back. Plain logic.
 */
public final class Scheduler {
    /** What set a well's start: its planned start, a predecessor, its rig's previous well, its rig's availability, or the actual dates. */
    public enum Driver { PLANNED_START, DEPENDENCY, RIG, AVAILABILITY, ACTUAL }

    /** A well placed: from {@code start} to {@code end} (days since 1970-01-01, fractional); {@code drivenBy}: the well that held it back. */
    public record Slot(long well, String rig, double start, double end, Driver driver, Long drivenBy) {
        public LocalDate startDate() {
            return LocalDate.ofEpochDay((long) Math.floor(start));
        }

        public LocalDate endDate() {
            return LocalDate.ofEpochDay((long) Math.ceil(end));
        }

        public double days() {
            return end - start;
        }
    }

    /** Two wells on one rig at once, as the plan was entered (the schedule resolves it), or as they actually were. */
    public record Conflict(String rig, long first, long second, LocalDate from, LocalDate to) {
    }

    /** A well that cannot be placed: its rig has no availability window it fits in. */
    public record Unplaced(long well, String reason) {
    }

    public record Schedule(Map<Long, Slot> slots, List<Conflict> conflicts, List<Unplaced> unplaced) {
    }

    /** The dependencies go round: the wells of the cycle in order, the first again at the end. */
    public static final class Cycle extends IllegalArgumentException {
        private final List<Long> wells;

        Cycle(List<Long> wells, String names) {
            super("the dependencies go round: " + names);
            this.wells = List.copyOf(wells);
        }

        public List<Long> wells() {
            return wells;
        }
    }

    private Scheduler() {
    }

    /** {@code today}: where a well without a planned start begins, and the earliest end of a well still in progress. */
    public static Schedule schedule(List<Plan.Rig> rigs, List<Plan.Well> wells, LocalDate today) {
        Map<Long, Plan.Well> byId = new LinkedHashMap<>();
        for (Plan.Well w : wells) {
            if (w.status() != Plan.Status.CANCELLED) {
                byId.put(w.id(), w);
            }
        }
        Map<Long, Plan.Well> all = new HashMap<>();
        wells.forEach(w -> all.put(w.id(), w));
        for (Plan.Well w : byId.values()) {
            for (Plan.Dependency d : w.dependencies()) {
                if (!all.containsKey(d.predecessor())) {
                    throw new IllegalArgumentException("well " + w.name() + " depends on campaign well " + d.predecessor() + ", which is not in the scenario");
                }
            }
        }
        refuseCycles(byId);
        Map<String, Plan.Rig> rigById = new HashMap<>();
        rigs.forEach(r -> rigById.put(r.id(), r));
        Map<String, TreeSet<Slot>> timelines = new HashMap<>();
        Map<Long, Slot> slots = new LinkedHashMap<>();
        List<Unplaced> unplaced = new ArrayList<>();
        double now = today.toEpochDay();

        // the actual first: they are where they are
        for (Plan.Well w : byId.values()) {
            if (w.status() == Plan.Status.COMPLETE || w.status() == Plan.Status.IN_PROGRESS) {
                LocalDate from = w.actualStart() != null ? w.actualStart() : w.plannedStart() != null ? w.plannedStart() : today;
                double s = from.toEpochDay();
                double e = w.status() == Plan.Status.COMPLETE && w.actualEnd() != null ? w.actualEnd().toEpochDay()
                        : Math.max(s + w.durationDays(), w.status() == Plan.Status.IN_PROGRESS ? now : s);
                place(slots, timelines, new Slot(w.id(), w.rig(), s, Math.max(s, e), Driver.ACTUAL, null));
            }
        }
        // then the planned, in dependency order
        Map<Long, Integer> waiting = new HashMap<>();
        Map<Long, List<Long>> successors = new HashMap<>();
        for (Plan.Well w : byId.values()) {
            int n = 0;
            for (Plan.Dependency d : w.dependencies()) {
                if (byId.containsKey(d.predecessor())) {
                    n++;
                    successors.computeIfAbsent(d.predecessor(), k -> new ArrayList<>()).add(w.id());
                }
            }
            waiting.put(w.id(), n);
        }
        PriorityQueue<Plan.Well> ready = new PriorityQueue<>(Comparator.comparingDouble((Plan.Well w) -> anchor(w, today)).thenComparingLong(Plan.Well::id));
        byId.values().stream().filter(w -> waiting.get(w.id()) == 0).forEach(ready::add);
        while (!ready.isEmpty()) {
            Plan.Well w = ready.poll();
            if (!slots.containsKey(w.id())) {
                Slot slot = placeable(w, byId, slots, timelines, rigById.get(w.rig()), today);
                if (slot == null) {
                    unplaced.add(new Unplaced(w.id(), "rig " + w.rig() + " has no availability window that fits " + w.durationDays()
                            + " days from " + LocalDate.ofEpochDay((long) readyAt(w, byId, slots, today)[0])));
                } else {
                    place(slots, timelines, slot);
                }
            }
            for (long next : successors.getOrDefault(w.id(), List.of())) {
                if (waiting.merge(next, -1, Integer::sum) == 0) {
                    ready.add(byId.get(next));
                }
            }
        }
        return new Schedule(slots, conflicts(byId.values(), slots), unplaced);
    }

    private static double anchor(Plan.Well w, LocalDate today) {
        return (w.plannedStart() != null ? w.plannedStart() : today).toEpochDay();
    }

    /** When the well may start by its planned start and its predecessors, and which predecessor (or none) set that. */
    private static double[] readyAt(Plan.Well w, Map<Long, Plan.Well> byId, Map<Long, Slot> slots, LocalDate today) {
        double at = anchor(w, today);
        double by = -1;
        for (Plan.Dependency d : w.dependencies()) {
            Slot p = slots.get(d.predecessor());
            if (p != null && byId.containsKey(d.predecessor()) && p.end() + d.lagDays() > at) {
                at = p.end() + d.lagDays();
                by = d.predecessor();
            }
        }
        return new double[] {at, by};
    }

    private static Slot placeable(Plan.Well w, Map<Long, Plan.Well> byId, Map<Long, Slot> slots, Map<String, TreeSet<Slot>> timelines,
                                  Plan.Rig rig, LocalDate today) {
        double[] r = readyAt(w, byId, slots, today);
        double ready = r[0];
        Driver driver = r[1] >= 0 ? Driver.DEPENDENCY : Driver.PLANNED_START;
        Long drivenBy = r[1] >= 0 ? (long) r[1] : null;
        double d = w.durationDays();
        TreeSet<Slot> timeline = w.rig() == null ? new TreeSet<>(BY_START) : timelines.getOrDefault(w.rig(), new TreeSet<>(BY_START));
        // the candidates: when it is ready, when each well of the rig ends, when each availability window opens
        TreeSet<Double> candidates = new TreeSet<>();
        candidates.add(ready);
        for (Slot s : timeline) {
            if (s.end() > ready) {
                candidates.add(s.end());
            }
        }
        List<Plan.Window> windows = rig == null ? List.of() : rig.available();
        for (Plan.Window win : windows) {
            if (win.from().toEpochDay() > ready) {
                candidates.add((double) win.from().toEpochDay());
            }
        }
        for (double t : candidates) {
            double end = t + d;
            Slot blocking = null;
            for (Slot s : timeline) {
                if (s.start() < end && t < s.end()) {
                    blocking = s;
                    break;
                }
            }
            boolean available = windows.isEmpty() || windows.stream().anyMatch(win -> win.contains(t, end));
            if (blocking == null && available) {
                if (t > ready) {
                    Slot before = timeline.stream().filter(s -> s.end() == t).findFirst().orElse(null);
                    return before != null ? new Slot(w.id(), w.rig(), t, end, Driver.RIG, before.well())
                            : new Slot(w.id(), w.rig(), t, end, Driver.AVAILABILITY, null);
                }
                return new Slot(w.id(), w.rig(), t, end, driver, drivenBy);
            }
        }
        return null;
    }

    private static final Comparator<Slot> BY_START = Comparator.comparingDouble(Slot::start).thenComparingLong(Slot::well);

    private static void place(Map<Long, Slot> slots, Map<String, TreeSet<Slot>> timelines, Slot s) {
        slots.put(s.well(), s);
        if (s.rig() != null) {
            timelines.computeIfAbsent(s.rig(), k -> new TreeSet<>(BY_START)).add(s);
        }
    }

    /** Overlaps on a rig in the plan as entered (planned starts) and among the actual dates. */
    private static List<Conflict> conflicts(java.util.Collection<Plan.Well> wells, Map<Long, Slot> slots) {
        record Span(long well, String rig, double start, double end) {
        }
        List<Span> spans = new ArrayList<>();
        for (Plan.Well w : wells) {
            Slot s = slots.get(w.id());
            if (w.rig() == null) {
                continue;
            }
            if (s != null && s.driver() == Driver.ACTUAL) {
                spans.add(new Span(w.id(), w.rig(), s.start(), s.end()));
            } else if (w.plannedStart() != null) {
                double start = w.plannedStart().toEpochDay();
                spans.add(new Span(w.id(), w.rig(), start, start + w.durationDays()));
            }
        }
        spans.sort(Comparator.comparing(Span::rig).thenComparingDouble(Span::start).thenComparingLong(Span::well));
        List<Conflict> out = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            for (int j = i + 1; j < spans.size() && spans.get(j).rig().equals(spans.get(i).rig()); j++) {
                Span a = spans.get(i);
                Span b = spans.get(j);
                if (b.start() < a.end() && a.start() < b.end()) {
                    out.add(new Conflict(a.rig(), a.well(), b.well(), LocalDate.ofEpochDay((long) Math.floor(Math.max(a.start(), b.start()))),
                            LocalDate.ofEpochDay((long) Math.ceil(Math.min(a.end(), b.end())))));
                }
            }
        }
        return out;
    }

    /** Refuses a plan whose dependencies go round, naming the wells of the first cycle found. */
    static void refuseCycles(Map<Long, Plan.Well> byId) {
        Map<Long, Integer> state = new HashMap<>();   // 1: on the path, 2: done
        for (long start : byId.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            // an iterative depth-first search: a plan of thousands of wells must not overflow the stack
            List<Long> path = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            path.add(start);
            next.add(0);
            state.put(start, 1);
            while (!path.isEmpty()) {
                long at = path.getLast();
                List<Plan.Dependency> deps = byId.get(at).dependencies();
                int i = next.getLast();
                if (i >= deps.size()) {
                    state.put(at, 2);
                    path.removeLast();
                    next.removeLast();
                    continue;
                }
                next.set(next.size() - 1, i + 1);
                long p = deps.get(i).predecessor();
                if (!byId.containsKey(p)) {
                    continue;
                }
                Integer s = state.get(p);
                if (s == null) {
                    state.put(p, 1);
                    path.add(p);
                    next.add(0);
                } else if (s == 1) {
                    List<Long> cycle = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
                    java.util.Collections.reverse(cycle);          // predecessor first: A → B means B waits for A
                    cycle.add(cycle.getFirst());
                    StringBuilder names = new StringBuilder();
                    for (long id : cycle) {
                        names.append(names.isEmpty() ? "" : " → ").append(byId.get(id).name());
                    }
                    throw new Cycle(cycle, names.toString());
                }
            }
        }
    }
}
