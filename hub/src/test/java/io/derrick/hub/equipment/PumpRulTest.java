package io.derrick.hub.equipment;

import io.derrick.hub.equipment.rul.RulModel;
import io.derrick.hub.equipment.rul.RulTrainer;
import io.derrick.hub.equipment.rul.UnitHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mud-pump model as the hub trains it: 45 of the simulator's run-to-failure pumps, judged on 15 more held out,
 * each cut at 5 random points as a live pump is seen mid-life. The figure is the note's "RMSE on held-out simulated
 * units"; asserted with a margin.
 */
class PumpRulTest {
    @Test
    void predictsHeldOutSimulatedPumps() {
        List<UnitHistory> all = EquipmentHealth.simulated(60, 41);
        long t0 = System.nanoTime();
        RulModel model = RulTrainer.train(all.subList(0, 45), EquipmentHealth.MUD_PUMP.channels(), EquipmentHealth.MUD_PUMP.options(), m -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        EquipmentHealth.HeldOut h = EquipmentHealth.heldOut(model, all.subList(45, 60), 5);
        System.out.printf("mud pumps: %s, %d condition(s); held-out RMSE %.1f h (cap %.0f h) over %d cut-offs; trained in %.1f s%n",
                model.algorithm(), model.conditions(), h.rmse(), model.cap(), h.units(), seconds);
        assertThat(model.conditions()).as("the four stroke rates").isEqualTo(4);
        assertThat(h.rmse()).isLessThan(22);
    }
}
