package io.derrick.bench;

import io.derrick.hardware.simulator.PumpWear;
import io.derrick.hub.equipment.EquipmentHealth;
import io.derrick.hub.equipment.rul.Cmapss;
import io.derrick.hub.equipment.rul.Features;
import io.derrick.hub.equipment.rul.RulCommand;
import io.derrick.hub.equipment.rul.RulModel;
import io.derrick.hub.equipment.rul.RulTrainer;
import io.derrick.hub.equipment.rul.UnitHistory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RUL pipeline (equipment health): C-MAPSS FD001 trained and scored with the windowed features against the same
 * model on the default features (each cycle's raw sensor values and the age), with the JVM's peak heap while each
 * trains; then live scoring of 50 rigs × 10 units, each with its hourly history (up to 60 days), against the same units
 * scored by the raw-feature model. Nothing asserted; read the figures.
 */
final class RulBench {
    private RulBench() {
    }

    static void run(Path repository) throws Exception {
        Path dir = repository.resolve("hub/src/test/resources/cmapss");
        if (!Files.isReadable(dir.resolve("train_FD001.txt"))) {
            System.out.println("12. RUL: no C-MAPSS files at " + dir + ": skipped");
            return;
        }
        System.out.println("12. Remaining useful life: C-MAPSS FD001 (100 training engines, 100 test engines)");
        RulTrainer.Options windowed = RulTrainer.Options.defaults();
        RulCommand.Evaluation w = measured("windowed features", () -> RulCommand.evaluate(dir.resolve("train_FD001.txt"),
                dir.resolve("test_FD001.txt"), dir.resolve("RUL_FD001.txt"), windowed, m -> { }));
        RulCommand.Evaluation r = measured("default features (baseline)", () -> RulCommand.evaluate(dir.resolve("train_FD001.txt"),
                dir.resolve("test_FD001.txt"), dir.resolve("RUL_FD001.txt"), windowed.withFeatures(Features.Kind.RAW), m -> { }));
        System.out.printf(Locale.ROOT, "    the features buy %.2f RMSE and %.0f score points (published: DCNN 12.61 / 274, MS-DCNN 11.44 / 196)%n",
                r.rmse() - w.rmse(), r.score() - w.score());

        System.out.println();
        System.out.println("13. Live scoring: 50 rigs × 10 mud pumps, each with its hourly history (its whole life, 400–1,200 steps; at most 60 days)");
        List<UnitHistory> train = EquipmentHealth.simulated(45, 41);
        RulTrainer.Options pump = EquipmentHealth.MUD_PUMP.options();
        RulModel model = RulTrainer.train(train, PumpWear.CHANNELS, pump, m -> { });
        RulModel raw = RulTrainer.train(train, PumpWear.CHANNELS, pump.withFeatures(Features.Kind.RAW), m -> { });
        List<UnitHistory> fleet = new ArrayList<>();
        for (PumpWear.Unit u : PumpWear.runToFailure(500, 77)) {
            int n = Math.min(1440, u.hours().length);
            int from = u.hours().length - n;
            fleet.add(new UnitHistory(u.id(), java.util.Arrays.copyOfRange(u.hours(), from, u.hours().length),
                    java.util.Arrays.copyOfRange(u.settings(), from, u.hours().length), java.util.Arrays.copyOfRange(u.channels(), from, u.hours().length)));
        }
        for (int round = 0; round < 2; round++) {    // the first round warms the JIT up
            long t0 = System.nanoTime();
            fleet.forEach(model::predict);
            long t1 = System.nanoTime();
            fleet.forEach(raw::predict);
            long t2 = System.nanoTime();
            if (round == 1) {
                System.out.printf(Locale.ROOT, "    %s model (windowed features): 500 units in %.2f s (%.1f ms a unit)%n", model.algorithm(),
                        (t1 - t0) / 1e9, (t1 - t0) / 1e6 / 500);
                System.out.printf(Locale.ROOT, "    baseline, %s on the default features: 500 units in %.2f s%n", raw.algorithm(), (t2 - t1) / 1e9);
            }
        }
        System.out.println("    (the hub's scoring job adds reading each unit's hourly history from PostgreSQL: one query per unit)");
        System.out.println();
    }

    interface Work {
        RulCommand.Evaluation run() throws Exception;
    }

    private static RulCommand.Evaluation measured(String what, Work work) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        RulCommand.Evaluation e;
        try {
            e = work.run();
        } finally {
            sampler.interrupt();
        }
        System.out.printf(Locale.ROOT, "    %-28s %s: RMSE %.2f, score %.1f; training %.1f s (with cross-validation), scoring %.3f s;"
                        + " heap %.0f MB before, peak %.0f MB while training%n", what, e.algorithm(), e.rmse(), e.score(), e.trainSeconds(),
                e.predictSeconds(), before / 1e6, peak.get() / 1e6);
        return e;
    }
}
