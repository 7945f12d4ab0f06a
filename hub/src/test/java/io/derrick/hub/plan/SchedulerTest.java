package io.derrick.hub.plan;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The forward pass and the figures, worked out by hand; then the scheduler's rules on random plans. */
class SchedulerTest {
    static final LocalDate JAN1 = LocalDate.of(2027, 1, 1);
    static final Plan.Rig R1 = new Plan.Rig("r1", 10_000, "USD", Plan.RigStatus.ACTIVE, List.of());
    static final Plan.Rig R2 = new Plan.Rig("r2", 8_000, "USD", Plan.RigStatus.ACTIVE, List.of());

    static Plan.Well well(long id, String rig, LocalDate start, double days, Plan.Dependency... deps) {
        return new Plan.Well(id, "W" + id, 1, rig, start, days, Plan.Status.PLANNED, null, null, 0, List.of(), List.of(deps));
    }

    static LocalDate day(Scheduler.Schedule s, long well) {
        return s.slots().get(well).startDate();
    }

    @Test
    void aChainThroughTwoRigsWithLagsEndsWhereTheHandSaysAndIsTheCriticalPath() {
        // W1 r1 Jan 1 + 10 d → Jan 11; W2 r2 after W1 + 2 d → Jan 13 + 5 d → Jan 18; W3 r1 after W2 → Jan 18 + 7 d → Jan 25
        List<Plan.Well> wells = List.of(well(1, "r1", JAN1, 10), well(2, "r2", null, 5, new Plan.Dependency(1, 2)),
                well(3, "r1", null, 7, new Plan.Dependency(2, 0)));
        Scheduler.Schedule s = Scheduler.schedule(List.of(R1, R2), wells, JAN1);
        assertThat(day(s, 2)).isEqualTo(LocalDate.of(2027, 1, 13));
        assertThat(day(s, 3)).isEqualTo(LocalDate.of(2027, 1, 18));
        assertThat(s.slots().get(3L).driver()).isEqualTo(Scheduler.Driver.DEPENDENCY);
        PlanKpis.Figures f = PlanKpis.of(List.of(R1, R2), wells, s, JAN1, LocalDate.of(2027, 2, 1));
        assertThat(f.eta()).isEqualTo(LocalDate.of(2027, 1, 25));
        assertThat(f.criticalPath()).containsExactly(1L, 2L, 3L);
        assertThat(f.cost()).isEqualTo(10 * 10_000 + 5 * 8_000 + 7 * 10_000);
        assertThat(s.conflicts()).isEmpty();
    }

    @Test
    void aBusyRigPushesTheSecondWellAndThePlanAsEnteredIsAConflict() {
        List<Plan.Well> wells = List.of(well(1, "r1", JAN1, 10), well(2, "r1", JAN1, 5));
        Scheduler.Schedule s = Scheduler.schedule(List.of(R1), wells, JAN1);
        assertThat(day(s, 2)).isEqualTo(LocalDate.of(2027, 1, 11));
        assertThat(s.slots().get(2L).driver()).isEqualTo(Scheduler.Driver.RIG);
        assertThat(s.slots().get(2L).drivenBy()).isEqualTo(1L);
        assertThat(s.conflicts()).containsExactly(new Scheduler.Conflict("r1", 1, 2, JAN1, LocalDate.of(2027, 1, 6)));
        assertThat(PlanKpis.of(List.of(R1), wells, s, JAN1, JAN1.plusDays(30)).criticalPath()).containsExactly(1L, 2L);
    }

    @Test
    void aWellWaitsForItsRigsAvailabilityAndOneThatFitsNoWindowIsUnplaced() {
        Plan.Rig later = new Plan.Rig("r3", 9_000, "USD", Plan.RigStatus.STANDBY,
                List.of(new Plan.Window(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 5)), new Plan.Window(LocalDate.of(2027, 3, 1), null)));
        List<Plan.Well> wells = List.of(well(1, "r3", LocalDate.of(2027, 1, 20), 3), well(2, "r3", LocalDate.of(2027, 1, 20), 10));
        Scheduler.Schedule s = Scheduler.schedule(List.of(later), wells, JAN1);
        assertThat(day(s, 1)).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(s.slots().get(1L).driver()).isEqualTo(Scheduler.Driver.AVAILABILITY);
        assertThat(day(s, 2)).as("10 days do not fit the 4-day window").isEqualTo(LocalDate.of(2027, 3, 1));

        Plan.Rig closing = new Plan.Rig("r4", 9_000, "USD", Plan.RigStatus.ACTIVE, List.of(new Plan.Window(JAN1, LocalDate.of(2027, 1, 10))));
        Scheduler.Schedule none = Scheduler.schedule(List.of(closing), List.of(well(3, "r4", JAN1, 12)), JAN1);
        assertThat(none.slots()).isEmpty();
        assertThat(none.unplaced()).singleElement().satisfies(u -> assertThat(u.reason()).contains("rig r4 has no availability window"));
    }

    @Test
    void actualDatesStandCancelledWellsHoldNoOneBack() {
        Plan.Well done = new Plan.Well(1, "Done", 1, "r1", JAN1, 10, Plan.Status.COMPLETE, JAN1, LocalDate.of(2027, 1, 15), 2, List.of(), List.of());
        Plan.Well going = new Plan.Well(2, "Going", 1, "r2", JAN1, 5, Plan.Status.IN_PROGRESS, LocalDate.of(2027, 1, 10), null, 0, List.of(), List.of());
        Plan.Well cancelled = new Plan.Well(3, "Cancelled", 1, "r1", JAN1, 30, Plan.Status.CANCELLED, null, null, 0, List.of(), List.of());
        Plan.Well next = well(4, "r1", null, 4, new Plan.Dependency(1, 0), new Plan.Dependency(3, 0));
        LocalDate today = LocalDate.of(2027, 1, 20);
        Scheduler.Schedule s = Scheduler.schedule(List.of(R1, R2), List.of(done, going, cancelled, next), today);
        assertThat(s.slots().get(1L).endDate()).as("four days late: the actual end").isEqualTo(LocalDate.of(2027, 1, 15));
        assertThat(s.slots().get(2L).endDate()).as("still drilling today").isEqualTo(today);
        assertThat(s.slots()).doesNotContainKey(3L);
        assertThat(day(s, 4)).as("after the finished well, the cancelled one ignored; not before today").isEqualTo(today);
    }

    @Test
    void figuresOverARangeThatCutsAWell() {
        // 20 days on r1 from Jan 1, 4 of them NPT, 5,000 of extras; the range Jan 11 – Feb 10 (30 days) holds 10 of them
        Plan.Well w = new Plan.Well(1, "W1", 7, "r1", JAN1, 20, Plan.Status.PLANNED, null, null, 4,
                List.of(new Plan.Extra("cementing", 5_000)), List.of());
        Scheduler.Schedule s = Scheduler.schedule(List.of(R1), List.of(w), JAN1);
        PlanKpis.Figures f = PlanKpis.of(List.of(R1), List.of(w), s, LocalDate.of(2027, 1, 11), LocalDate.of(2027, 2, 10));
        PlanKpis.RigFigures r = f.rigs().getFirst();
        assertThat(r.drillingDays()).isEqualTo(10);
        assertThat(r.nptDays()).isEqualTo(2);
        assertThat(r.utilization()).isCloseTo(8 / 30.0, within(1e-12));
        assertThat(r.nptPct()).isCloseTo(0.2, within(1e-12));
        assertThat(r.cost()).as("the extras go with the well's start, outside the range").isEqualTo(100_000);
        assertThat(f.campaigns()).singleElement().satisfies(c -> {
            assertThat(c.cost()).isEqualTo(20 * 10_000 + 5_000);
            assertThat(c.nptDays()).isEqualTo(4);
            assertThat(c.eta()).isEqualTo(LocalDate.of(2027, 1, 21));
        });
    }

    @Test
    void aCycleIsRefusedNamingItsWells() {
        List<Plan.Well> wells = List.of(well(1, "r1", JAN1, 5, new Plan.Dependency(3, 0)), well(2, "r1", null, 5, new Plan.Dependency(1, 0)),
                well(3, "r1", null, 5, new Plan.Dependency(2, 0)), well(4, "r1", null, 5));
        assertThatThrownBy(() -> Scheduler.schedule(List.of(R1), wells, JAN1)).isInstanceOf(Scheduler.Cycle.class)
                .hasMessageContaining("the dependencies go round: ")
                .satisfies(e -> {
                    List<Long> cycle = ((Scheduler.Cycle) e).wells();
                    assertThat(cycle).hasSize(4).containsOnly(1L, 2L, 3L);
                    assertThat(cycle.getFirst()).isEqualTo(cycle.getLast());
                    // each well of the cycle waits for the one before it
                    for (int i = 1; i < cycle.size(); i++) {
                        long waiting = cycle.get(i);
                        long before = cycle.get(i - 1);
                        assertThat(wells.get((int) waiting - 1).dependencies()).extracting(Plan.Dependency::predecessor).contains(before);
                    }
                });
    }

    /** Random plans: no well before its planned start or its predecessors' end plus lag, no rig doing two at once. */
    @Test
    void onRandomPlansNoRuleIsEverBroken() {
        Random random = new Random(42);
        List<Plan.Rig> rigs = List.of(R1, R2, new Plan.Rig("r3", 1, "USD", Plan.RigStatus.ACTIVE, List.of()));
        for (int plan = 0; plan < 300; plan++) {
            List<Plan.Well> wells = new ArrayList<>();
            int n = 5 + random.nextInt(40);
            for (long id = 1; id <= n; id++) {
                List<Plan.Dependency> deps = new ArrayList<>();
                for (int k = 0; k < random.nextInt(3) && id > 1; k++) {
                    deps.add(new Plan.Dependency(1 + random.nextInt((int) id - 1), random.nextInt(7) - 2));
                }
                LocalDate start = random.nextBoolean() ? JAN1.plusDays(random.nextInt(120)) : null;
                wells.add(new Plan.Well(id, "W" + id, 1, rigs.get(random.nextInt(3)).id(), start, 0.5 + random.nextInt(40) + random.nextDouble(),
                        Plan.Status.PLANNED, null, null, 0, List.of(), deps));
            }
            Scheduler.Schedule s = Scheduler.schedule(rigs, wells, JAN1);
            assertThat(s.slots()).as("plan " + plan).hasSize(n);
            for (Plan.Well w : wells) {
                Scheduler.Slot slot = s.slots().get(w.id());
                double anchor = (w.plannedStart() == null ? JAN1 : w.plannedStart()).toEpochDay();
                assertThat(slot.start()).as("plan %d well %d: its planned start", plan, w.id()).isGreaterThanOrEqualTo(anchor);
                for (Plan.Dependency d : w.dependencies()) {
                    assertThat(slot.start()).as("plan %d well %d after %d", plan, w.id(), d.predecessor())
                            .isGreaterThanOrEqualTo(s.slots().get(d.predecessor()).end() + d.lagDays() - 1e-9);
                }
                for (Scheduler.Slot other : s.slots().values()) {
                    if (other.well() != w.id() && other.rig().equals(slot.rig())) {
                        assertThat(other.start() >= slot.end() - 1e-9 || other.end() <= slot.start() + 1e-9)
                                .as("plan %d: wells %d and %d on %s at once", plan, w.id(), other.well(), slot.rig()).isTrue();
                    }
                }
            }
            // and the same plan with one dependency pointing forward, closing a loop, is always refused
            if (n > 2) {
                List<Plan.Well> looped = new ArrayList<>(wells);
                Plan.Well first = looped.get(0);
                List<Plan.Dependency> deps = new ArrayList<>(first.dependencies());
                deps.add(new Plan.Dependency(first.id(), 0));   // a well waiting for itself: the smallest loop
                looped.set(0, new Plan.Well(first.id(), first.name(), 1, first.rig(), first.plannedStart(), first.durationDays(), first.status(),
                        null, null, 0, List.of(), deps));
                assertThatThrownBy(() -> Scheduler.schedule(rigs, looped, JAN1)).as("plan " + plan).isInstanceOf(Scheduler.Cycle.class);
                List<Plan.Well> chain = new ArrayList<>(wells);
                // the last well waits for the first (added) and the first for the last: a loop through the plan
                Plan.Well last = chain.getLast();
                chain.set(0, new Plan.Well(first.id(), first.name(), 1, first.rig(), first.plannedStart(), first.durationDays(), first.status(),
                        null, null, 0, List.of(), List.of(new Plan.Dependency(last.id(), 1))));
                List<Plan.Dependency> lastDeps = new ArrayList<>(last.dependencies());
                lastDeps.add(new Plan.Dependency(first.id(), 0));
                chain.set(chain.size() - 1, new Plan.Well(last.id(), last.name(), 1, last.rig(), last.plannedStart(), last.durationDays(), last.status(),
                        null, null, 0, List.of(), lastDeps));
                assertThatThrownBy(() -> Scheduler.schedule(rigs, chain, JAN1)).as("plan " + plan).isInstanceOf(Scheduler.Cycle.class)
                        .satisfies(e -> assertThat(((Scheduler.Cycle) e).wells()).contains(first.id(), last.id()));
            }
        }
    }

    @Test
    void anUnknownPredecessorIsNamed() {
        assertThatThrownBy(() -> Scheduler.schedule(List.of(R1), List.of(well(1, "r1", JAN1, 5, new Plan.Dependency(99, 0))), JAN1))
                .hasMessageContaining("W1 depends on campaign well 99");
    }
}
