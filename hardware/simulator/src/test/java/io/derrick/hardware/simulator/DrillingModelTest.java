package io.derrick.hardware.simulator;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DrillingModelTest {
    private static DrillingModel run(DrillingModel model, double seconds) {
        for (int i = 0; i < seconds * 10; i++) {
            model.step(0.1);
        }
        return model;
    }

    @Test
    void drillingDeepensTheHoleWithConnectionsBetweenStands() {
        DrillingModel model = new DrillingModel(7, DrillingModel.Scenario.DRILLING, 2000, List.of());
        Set<Activity> seen = EnumSet.noneOf(Activity.class);
        double minHookload = Double.MAX_VALUE;
        double maxHookload = 0;
        for (int i = 0; i < 6 * 3600 * 10; i++) {
            model.step(0.1);
            seen.add(model.activity());
            if (i % 50 == 0) {
                double h = model.channels().get("HKLD");
                minHookload = Math.min(minHookload, h);
                maxHookload = Math.max(maxHookload, h);
            }
        }
        Map<String, Double> v = model.channels();
        assertThat(v.get("DEPT")).as("six hours at ~20 m/h with connections").isBetween(2040.0, 2150.0);
        assertThat(seen).contains(Activity.DRILLING, Activity.CONNECTION);
        assertThat(minHookload).as("in slips: block only").isBetween(320.0, 380.0);
        assertThat(maxHookload).as("string weight at ~2 km").isBetween(700.0, 950.0);
    }

    @Test
    void whileDrillingTheChannelsAreInPlausibleRanges() {
        DrillingModel model = run(new DrillingModel(3, DrillingModel.Scenario.DRILLING, 3000, List.of()), 60);
        assertThat(model.activity()).isEqualTo(Activity.DRILLING);
        Map<String, Double> v = model.channels();
        assertThat(v.get("SPPA")).isBetween(12_000.0, 28_000.0);
        assertThat(v.get("MFIA")).isBetween(3_000.0, 4_000.0);
        assertThat(v.get("MFOA")).isCloseTo(v.get("MFIA"), org.assertj.core.data.Offset.offset(250.0));
        assertThat(v.get("WOB")).isBetween(70.0, 130.0);
        assertThat(v.get("RPM")).isBetween(100.0, 140.0);
        assertThat(v.get("TQA")).isBetween(8.0, 25.0);
        assertThat(v.get("MP1_CUR")).isBetween(300.0, 1200.0);
    }

    @Test
    void trippingMovesTheBitOutOfTheHoleStandByStand() {
        DrillingModel model = run(new DrillingModel(5, DrillingModel.Scenario.TRIPPING, 2500, List.of()), 1000);
        assertThat(model.activity()).isIn(Activity.TRIP_OUT);
        assertThat(model.channels().get("BDEP")).isLessThan(2500 - 5 * 28.0);
        assertThat(model.channels().get("DEPT")).isEqualTo(2500.0);
    }

    @Test
    void washoutLowersStandpipePressureAtConstantFlow() {
        DrillingModel normal = run(new DrillingModel(1, DrillingModel.Scenario.DRILLING, 3000, List.of()), 1200);
        DrillingModel washout = run(new DrillingModel(1, DrillingModel.Scenario.DRILLING, 3000, List.of(Fault.parse("washout@60"))), 1200);
        assertThat(washout.channels().get("MFIA")).isEqualTo(normal.channels().get("MFIA"));
        assertThat(washout.channels().get("SPPA")).isLessThan(normal.channels().get("SPPA") * 0.8);
    }

    @Test
    void kickReturnsMoreThanIsPumpedAndGainsPitVolume() {
        DrillingModel model = new DrillingModel(1, DrillingModel.Scenario.DRILLING, 3000, List.of(Fault.parse("kick@60")));
        run(model, 55);
        double pitBefore = model.channels().get("TVA");
        run(model, 400);
        Map<String, Double> v = model.channels();
        assertThat(v.get("MFOA")).isGreaterThan(v.get("MFIA") * 1.05);
        assertThat(v.get("TVA")).isGreaterThan(pitBefore + 1.0);
    }

    @Test
    void sensorFaultsAffectOnlyTheirChannel() {
        DrillingModel model = run(new DrillingModel(1, DrillingModel.Scenario.DRILLING, 3000,
                List.of(Fault.parse("dropout:SPPA@1"), Fault.parse("stuck:HKLD@1"))), 5);
        double stuck = model.channels().get("HKLD");
        run(model, 5);
        Map<String, Double> v = model.channels();
        assertThat(v.get("SPPA")).isNaN();
        assertThat(v.get("HKLD")).isEqualTo(stuck);
        assertThat(v.get("TQA")).isFinite();
    }

    @Test
    void faultSpecsAreParsedOrRefusedClearly() {
        assertThat(Fault.parse("stuck:HKLD@120+300")).isEqualTo(new Fault(Fault.Kind.STUCK, "HKLD", 120, 300));
        assertThat(Fault.parse("pump-degradation@0+7200").kind()).isEqualTo(Fault.Kind.PUMP_DEGRADATION);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.parse("stuck@10")).hasMessageContaining("needs a target");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.parse("flood@10")).hasMessageContaining("unknown kind 'flood'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.parse("kick")).hasMessageContaining("KIND[:TARGET]@START");
    }
}
