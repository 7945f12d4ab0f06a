package io.derrick.hub.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource levelling (docs/planning.md): moves of planned wells to other rigs that remove conflicts (two wells planned
 * on one rig at once) or bring the ETA forward. Greedy and deterministic: at each step every candidate move is
 * scheduled in full, the best one is taken (fewest conflicts and unplaced wells first, then the earliest ETA, then the
 * lowest id), and the search goes on from there until no move helps, {@code maxMoves} are found or {@code budget}
 * schedules have been tried. Candidates: the wells in a conflict and on the critical path, each to the rigs
 * (active or on standby, not in maintenance) that have the fewest days of work. Plain logic.
 */
public final class Levelling {
    /** A suggested move: the well from its rig to another, and what the plan is after it (and the moves before it). */
    public record Move(long well, String name, String fromRig, String toRig, LocalDate etaAfter, int conflictsAfter) {
    }

    public record Suggestion(LocalDate etaBefore, LocalDate etaAfter, int conflictsBefore, int conflictsAfter, List<Move> moves, int tried) {
    }

    /** How a plan scores: conflicts and unplaced wells, then the ETA (days since 1970). */
    record Score(int problems, double eta) implements Comparable<Score> {
        @Override
        public int compareTo(Score o) {
            return problems != o.problems ? Integer.compare(problems, o.problems) : Double.compare(eta, o.eta);
        }
    }

    static final int RIGS_PER_WELL = 8;

    private Levelling() {
    }

    public static Suggestion suggest(List<Plan.Rig> rigs, List<Plan.Well> wells, LocalDate today, int maxMoves, int budget) {
        Map<Long, Plan.Well> current = new java.util.LinkedHashMap<>();
        wells.forEach(w -> current.put(w.id(), w));
        Scheduler.Schedule s = Scheduler.schedule(rigs, List.copyOf(current.values()), today);
        Score before = score(s);
        Score best = before;
        int conflictsBefore = s.conflicts().size();
        List<Move> moves = new ArrayList<>();
        int tried = 0;
        while (moves.size() < maxMoves && tried < budget) {
            Move found = null;
            Score foundScore = best;
            Scheduler.Schedule foundSchedule = null;
            for (long id : candidates(s, current, rigs, today)) {
                Plan.Well w = current.get(id);
                for (Plan.Rig r : idlest(rigs, s, w.rig())) {
                    if (tried >= budget) {
                        break;
                    }
                    tried++;
                    Map<Long, Plan.Well> trial = new java.util.LinkedHashMap<>(current);
                    trial.put(id, onRig(w, r.id()));
                    Scheduler.Schedule t = Scheduler.schedule(rigs, List.copyOf(trial.values()), today);
                    Score sc = score(t);
                    if (sc.compareTo(foundScore) < 0) {
                        foundScore = sc;
                        foundSchedule = t;
                        found = new Move(id, w.name(), w.rig(), r.id(), eta(t), t.conflicts().size());
                    }
                }
            }
            if (found == null) {
                break;
            }
            current.put(found.well(), onRig(current.get(found.well()), found.toRig()));
            moves.add(found);
            best = foundScore;
            s = foundSchedule;
        }
        return new Suggestion(eta(Scheduler.schedule(rigs, wells, today)), eta(s), conflictsBefore, s.conflicts().size(), moves, tried);
    }

    /** The wells worth moving: planned ones in a conflict, then those on the critical path, latest first. */
    private static Set<Long> candidates(Scheduler.Schedule s, Map<Long, Plan.Well> wells, List<Plan.Rig> rigs, LocalDate today) {
        Set<Long> out = new LinkedHashSet<>();
        for (Scheduler.Conflict c : s.conflicts()) {
            out.add(c.second());
            out.add(c.first());
        }
        s.unplaced().forEach(u -> out.add(u.well()));
        Scheduler.Slot last = s.slots().values().stream().max(Comparator.comparingDouble(Scheduler.Slot::end).thenComparingLong(Scheduler.Slot::well))
                .orElse(null);
        List<Long> path = new ArrayList<>(PlanKpis.criticalPath(s, last));
        java.util.Collections.reverse(path);
        out.addAll(path);
        out.removeIf(id -> wells.get(id) == null || wells.get(id).status() != Plan.Status.PLANNED || wells.get(id).rig() == null);
        return out;
    }

    /** The rigs other than {@code except} that may take a well, those with the fewest days of work first. */
    private static List<Plan.Rig> idlest(List<Plan.Rig> rigs, Scheduler.Schedule s, String except) {
        Map<String, Double> busy = new HashMap<>();
        s.slots().values().forEach(slot -> {
            if (slot.rig() != null) {
                busy.merge(slot.rig(), slot.days(), Double::sum);
            }
        });
        return rigs.stream().filter(r -> r.status() != Plan.RigStatus.MAINTENANCE && !r.id().equals(except))
                .sorted(Comparator.comparingDouble((Plan.Rig r) -> busy.getOrDefault(r.id(), 0.0)).thenComparing(Plan.Rig::id))
                .limit(RIGS_PER_WELL).toList();
    }

    private static Plan.Well onRig(Plan.Well w, String rig) {
        return new Plan.Well(w.id(), w.name(), w.campaign(), rig, w.plannedStart(), w.durationDays(), w.status(), w.actualStart(), w.actualEnd(),
                w.nptDays(), w.extras(), w.dependencies());
    }

    static Score score(Scheduler.Schedule s) {
        return new Score(s.conflicts().size() + s.unplaced().size(), s.slots().values().stream().mapToDouble(Scheduler.Slot::end).max().orElse(0));
    }

    static LocalDate eta(Scheduler.Schedule s) {
        return s.slots().values().stream().max(Comparator.comparingDouble(Scheduler.Slot::end)).map(Scheduler.Slot::endDate).orElse(null);
    }
}
