package io.derrick.hub.equipment.rul;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline on a small synthetic set whose true remaining life is known: units whose wear grows as (t / life)²,
 * seen through two channels that also move with two operating conditions, and one channel of pure noise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulPipelineTest {
    static final List<String> CHANNELS = List.of("temperature", "vibration", "noise");
    List<UnitHistory> train;
    List<UnitHistory> test;
    RulModel model;

    static List<UnitHistory> units(int n, long seed) {
        Random rng = new Random(seed);
        List<UnitHistory> out = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            int life = 120 + rng.nextInt(120);
            double[] age = new double[life];
            double[][] settings = new double[life][];
            double[][] channels = new double[life][];
            for (int t = 0; t < life; t++) {
                double wear = Math.pow((t + 1.0) / life, 2);
                int condition = rng.nextInt(2);             // a light and a heavy duty, the settings say which
                double load = condition == 0 ? 0 : 50;
                age[t] = t + 1;
                settings[t] = new double[]{condition == 0 ? 10 + 0.01 * rng.nextGaussian() : 80 + 0.01 * rng.nextGaussian()};
                channels[t] = new double[]{300 + load + 20 * wear + rng.nextGaussian(), 2 + load / 10 + 5 * wear + 0.3 * rng.nextGaussian(),
                        rng.nextGaussian()};
            }
            out.add(new UnitHistory("u" + u, age, settings, channels));
        }
        return out;
    }

    @BeforeAll
    void train() {
        train = units(40, 1);
        test = units(20, 2);
        RulTrainer.Options o = new RulTrainer.Options(100, 15, 4, 5, Features.Kind.WINDOWED, List.of(RulTrainer.Algorithm.values()), 60, 2);
        model = RulTrainer.train(train, CHANNELS, o, m -> { });
    }

    @Test
    void findsTheTwoOperatingConditionsAndLeavesTheNoiseChannelOut() {
        assertThat(model.conditions()).isEqualTo(2);
        assertThat(model.featureNames()).anyMatch(n -> n.startsWith("temperature_")).anyMatch(n -> n.startsWith("vibration_"))
                .noneMatch(n -> n.startsWith("noise_")).contains("age", "health_slopeW");
        assertThat(model.crossValidation()).containsOnlyKeys("GRADIENT_BOOSTING", "RANDOM_FOREST");
        assertThat(model.algorithm()).isEqualTo(model.crossValidation().entrySet().stream()
                .min(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey());
    }

    @Test
    void predictsTheKnownRemainingLifeOfUnseenUnitsFarBetterThanTheMean() {
        Random rng = new Random(3);
        List<Double> p = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        int inBand = 0;
        for (UnitHistory u : test) {
            for (int k = 0; k < 5; k++) {
                int at = 10 + rng.nextInt(u.steps() - 10);
                RulModel.Prediction pr = model.predict(u.upTo(at));
                double truth = Math.min(100, u.remainingLife()[at]);
                p.add(pr.rul());
                t.add(truth);
                mean.add(60.0);
                assertThat(pr.low()).isLessThanOrEqualTo(pr.rul());
                assertThat(pr.high()).isGreaterThanOrEqualTo(pr.rul());
                if (truth >= pr.low() && truth <= pr.high()) {
                    inBand++;
                }
            }
        }
        double rmse = RulTrainer.rmse(toArray(p), toArray(t));
        double baseline = RulTrainer.rmse(toArray(mean), toArray(t));
        System.out.printf("synthetic: RMSE %.2f (predicting 60 for all: %.2f), 80 %% band holds %d of %d%n", rmse, baseline, inBand, p.size());
        assertThat(rmse).isLessThan(12).isLessThan(baseline / 2);
        assertThat(inBand).isGreaterThan(p.size() / 2);
    }

    @Test
    void aStoredModelReadBackPredictsExactlyTheSame() {
        RulModel again = RulModel.fromBytes(model.toBytes());
        for (UnitHistory u : test) {
            assertThat(again.predictEveryStep(u)).containsExactly(model.predictEveryStep(u));
            assertThat(again.predict(u)).isEqualTo(model.predict(u));
        }
        assertThat(again.featureNames()).isEqualTo(model.featureNames());
    }

    @Test
    void storedBytesThatAreNotAModelAreRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.io.File("/etc/passwd"));
        }
        assertThatThrownBy(() -> RulModel.fromBytes(bytes.toByteArray())).hasMessageContaining("stored model cannot be read");
    }

    @Test
    void trainingOnTooFewUnitsSaysHowManyItNeeds() {
        assertThatThrownBy(() -> RulTrainer.train(train.subList(0, 3), CHANNELS, RulTrainer.Options.defaults(), m -> { }))
                .hasMessageContaining("at least 5 run-to-failure units, got 3");
    }

    static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
