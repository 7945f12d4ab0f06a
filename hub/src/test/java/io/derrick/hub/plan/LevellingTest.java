package io.derrick.hub.plan;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource levelling worked out by hand, then its promises on random plans: never worse, what it says is what it does. */
class LevellingTest {
    static final LocalDate MAY1 = LocalDate.of(2027, 5, 1);

    static Plan.Rig rig(String id, Plan.RigStatus status) {
        return new Plan.Rig(id, 10_000, "USD", status, List.of());
    }

    static Plan.Well well(long id, String rig, LocalDate start, double days, Plan.Status status, Plan.Dependency... deps) {
        return new Plan.Well(id, "W" + id, 1, rig, start, days, status, status == Plan.Status.PLANNED ? null : start, null, 0, List.of(), List.of(deps));
    }

    @Test
    void threeWellsPlannedAtOnceOnOneRigGoToTheIdleOnesNotToTheOneInMaintenance() {
        List<Plan.Rig> rigs = List.of(rig("r1", Plan.RigStatus.ACTIVE), rig("r2", Plan.RigStatus.MAINTENANCE), rig("r3", Plan.RigStatus.STANDBY),
                rig("r4", Plan.RigStatus.ACTIVE));
        List<Plan.Well> wells = List.of(well(1, "r1", MAY1, 10, Plan.Status.PLANNED), well(2, "r1", MAY1, 10, Plan.Status.PLANNED),
                well(3, "r1", MAY1, 10, Plan.Status.PLANNED));
        Levelling.Suggestion s = Levelling.suggest(rigs, wells, MAY1, 5, 400);
        assertThat(s.conflictsBefore()).isEqualTo(3);
        assertThat(s.etaBefore()).isEqualTo(MAY1.plusDays(30));
        assertThat(s.conflictsAfter()).isZero();
        assertThat(s.etaAfter()).isEqualTo(MAY1.plusDays(10));
        assertThat(s.moves()).hasSize(2).extracting(Levelling.Move::toRig).containsExactlyInAnyOrder("r3", "r4").doesNotContain("r2");
        assertThat(Levelling.suggest(rigs, wells, MAY1, 5, 400)).as("the same plan, the same suggestion").isEqualTo(s);
    }

    @Test
    void aWellThatHasStartedStaysOnItsRigAndAPlanWithNothingToGainGetsNoMove() {
        List<Plan.Rig> rigs = List.of(rig("r1", Plan.RigStatus.ACTIVE), rig("r2", Plan.RigStatus.ACTIVE));
        List<Plan.Well> started = List.of(well(1, "r1", MAY1, 10, Plan.Status.IN_PROGRESS), well(2, "r2", MAY1, 5, Plan.Status.PLANNED,
                new Plan.Dependency(1, 0)));
        Levelling.Suggestion s = Levelling.suggest(rigs, started, MAY1, 5, 400);
        assertThat(s.moves()).as("the dependency sets the ETA, not the rig").isEmpty();
        assertThat(s.etaAfter()).isEqualTo(s.etaBefore());
    }

    /** Random plans: never more conflicts, never a later ETA at as many conflicts, and the moves give what they claim. */
    @RepeatedTest(40)
    void aSuggestionIsNeverWorseAndItsMovesDoWhatItSays() {
        Random random = new Random(SEED.getAndIncrement());
        List<Plan.Rig> rigs = new ArrayList<>();
        for (int r = 0; r < 2 + random.nextInt(5); r++) {
            rigs.add(rig("r" + r, random.nextInt(6) == 0 ? Plan.RigStatus.MAINTENANCE : Plan.RigStatus.ACTIVE));
        }
        List<Plan.Well> wells = new ArrayList<>();
        for (long id = 1; id <= 5 + random.nextInt(25); id++) {
            Plan.Dependency[] deps = id > 3 && random.nextInt(3) == 0 ? new Plan.Dependency[] {new Plan.Dependency(id - 1 - random.nextInt(3), random.nextInt(3))}
                    : new Plan.Dependency[0];
            wells.add(well(id, "r" + random.nextInt(rigs.size()), random.nextBoolean() ? MAY1.plusDays(random.nextInt(40)) : null, 1 + random.nextInt(20),
                    random.nextInt(8) == 0 ? Plan.Status.IN_PROGRESS : Plan.Status.PLANNED, deps));
        }
        Levelling.Suggestion s = Levelling.suggest(rigs, wells, MAY1, 5, 400);
        assertThat(s.conflictsAfter()).isLessThanOrEqualTo(s.conflictsBefore());
        if (s.conflictsAfter() == s.conflictsBefore() && s.etaBefore() != null) {
            assertThat(s.etaAfter()).isBeforeOrEqualTo(s.etaBefore());
        }
        Map<Long, String> to = new HashMap<>();
        s.moves().forEach(m -> to.put(m.well(), m.toRig()));
        List<Plan.Well> moved = wells.stream().map(w -> !to.containsKey(w.id()) ? w : new Plan.Well(w.id(), w.name(), w.campaign(), to.get(w.id()),
                w.plannedStart(), w.durationDays(), w.status(), w.actualStart(), w.actualEnd(), w.nptDays(), w.extras(), w.dependencies())).toList();
        Scheduler.Schedule after = Scheduler.schedule(rigs, moved, MAY1);
        assertThat(after.conflicts()).hasSize(s.conflictsAfter());
        assertThat(Levelling.eta(after)).isEqualTo(s.etaAfter());
        for (Levelling.Move m : s.moves()) {
            Plan.Well w = wells.stream().filter(x -> x.id() == m.well()).findFirst().orElseThrow();
            assertThat(w.status()).isEqualTo(Plan.Status.PLANNED);
            assertThat(rigs.stream().filter(r -> r.id().equals(m.toRig())).findFirst().orElseThrow().status()).isNotEqualTo(Plan.RigStatus.MAINTENANCE);
        }
    }

    static final AtomicInteger SEED = new AtomicInteger(1);
}
