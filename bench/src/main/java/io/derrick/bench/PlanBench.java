package io.derrick.bench;

import io.derrick.hub.plan.Plan;
import io.derrick.hub.plan.PlanKpis;
import io.derrick.hub.plan.Scheduler;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The campaign planner's calculation engine at Derrick's scale (200 rigs, 5,000 campaign wells, dependencies and
 * availability windows): the forward pass and the figures, in process, against a baseline in the same run — the
 * same wells ordered by their dependencies alone (a topological sort and a sum), the least any scheduler does.
 */
final class PlanBench {
    private PlanBench() {
    }

    static void run() {
        Random random = new Random(5);
        LocalDate start = LocalDate.of(2027, 1, 1);
        List<Plan.Rig> rigs = new ArrayList<>();
        for (int r = 0; r < 200; r++) {
            List<Plan.Window> windows = r % 10 == 0 ? List.of(new Plan.Window(start.plusDays(30), null)) : List.of();
            rigs.add(new Plan.Rig("rig-" + r, 20_000 + r * 100, "USD", Plan.RigStatus.ACTIVE, windows));
        }
        List<Plan.Well> wells = new ArrayList<>();
        for (long id = 1; id <= 5_000; id++) {
            List<Plan.Dependency> deps = new ArrayList<>();
            if (id > 10 && random.nextInt(3) == 0) {
                deps.add(new Plan.Dependency(id - 1 - random.nextInt(10), random.nextInt(5)));
            }
            wells.add(new Plan.Well(id, "W" + id, id % 40, "rig-" + random.nextInt(200), random.nextBoolean() ? start.plusDays(random.nextInt(700)) : null,
                    10 + random.nextInt(50), Plan.Status.PLANNED, null, null, random.nextInt(4), List.of(new Plan.Extra("mob", 50_000)), deps));
        }
        int runs = 20;
        long[] engine = new long[runs];
        long[] baseline = new long[runs];
        PlanKpis.Figures figures = null;
        for (int i = -5; i < runs; i++) {
            long t0 = System.nanoTime();
            Scheduler.Schedule s = Scheduler.schedule(rigs, wells, start);
            figures = PlanKpis.of(rigs, wells, s, start, start.plusYears(2));
            long t1 = System.nanoTime();
            double sum = topologicalSum(wells);
            long t2 = System.nanoTime();
            if (i >= 0) {
                engine[i] = t1 - t0;
                baseline[i] = t2 - t1;
            }
            if (sum < 0) {
                throw new IllegalStateException();
            }
        }
        Arrays.sort(engine);
        Arrays.sort(baseline);
        System.out.println("10. Campaign planner engine: 200 rigs, 5,000 campaign wells (a third with a predecessor), 20 rigs with an availability window");
        System.out.printf("   forward pass + figures (utilization, NPT, cost per rig over 2 years; campaigns; ETA; critical path)  p50 %6.1f ms  p95 %6.1f ms%n",
                engine[runs / 2] / 1e6, engine[(int) (runs * 0.95)] / 1e6);
        System.out.printf("   baseline: the same wells in dependency order alone (topological sort and a sum)  p50 %6.1f ms%n", baseline[runs / 2] / 1e6);
        System.out.printf("   ETA %s, critical path of %d wells, scenario cost %,.0f USD%n%n", figures.eta(), figures.criticalPath().size(), figures.cost());
    }

    /** Kahn's order of the wells by their dependencies, summing the durations: the floor under any scheduler. */
    private static double topologicalSum(List<Plan.Well> wells) {
        java.util.Map<Long, Integer> waiting = new java.util.HashMap<>();
        java.util.Map<Long, List<Long>> next = new java.util.HashMap<>();
        java.util.Map<Long, Plan.Well> byId = new java.util.HashMap<>();
        for (Plan.Well w : wells) {
            byId.put(w.id(), w);
            waiting.put(w.id(), w.dependencies().size());
            for (Plan.Dependency d : w.dependencies()) {
                next.computeIfAbsent(d.predecessor(), k -> new ArrayList<>()).add(w.id());
            }
        }
        java.util.ArrayDeque<Long> ready = new java.util.ArrayDeque<>();
        waiting.forEach((id, n) -> {
            if (n == 0) {
                ready.add(id);
            }
        });
        double sum = 0;
        while (!ready.isEmpty()) {
            long id = ready.poll();
            sum += byId.get(id).durationDays();
            for (long n : next.getOrDefault(id, List.of())) {
                if (waiting.merge(n, -1, Integer::sum) == 0) {
                    ready.add(n);
                }
            }
        }
        return sum;
    }
}
