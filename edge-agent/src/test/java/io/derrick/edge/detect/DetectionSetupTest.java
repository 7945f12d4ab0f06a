package io.derrick.edge.detect;

import io.derrick.edge.detect.model.LearnedModel;
import io.derrick.edge.detect.model.ModelStore;
import io.derrick.protocol.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DetectionSetupTest {
    private static final Set<String> CHANNELS = Set.of("HKLD", "SPPA", "MFIA", "MFOA", "TVA", "RPM", "WOB", "TQA");

    @TempDir
    Path dir;

    @Test
    void everyProblemIsNamedAndTheGoodRulesStillRun() {
        DetectionSetup setup = DetectionSetup.from(DetectionEvaluation.yaml("""
                rules:
                  - {type: high, channel: SPPA, limit: 32000}
                  - {type: high, channel: NOPE, limit: 1}
                  - {type: sideways, channel: HKLD}
                  - {type: low, channel: HKLD}
                  - {type: stuck, channel: TQA, windowS: -3}
                  - {type: rate, channel: HKLD, limit: 50, colour: red}
                kick: {excessPct: "five"}
                washout: false
                model: {features: [HKLD, XYZ]}
                """), CHANNELS, dir);
        assertThat(setup.problems()).containsExactly(
                "detection.rules[1].channel: channel NOPE is not served by any device of this node (it has [HKLD, MFIA, MFOA, RPM, SPPA, TQA, TVA, WOB])",
                "detection.rules[2].type: unknown value 'sideways', expected one of [high, low, rate, stuck, stale, spikes]",
                "detection.rules[3].limit: is required",
                "detection.rules[4].windowS: must be between 1 and 86400, got -3",
                "detection.rules[5].colour: unknown setting",
                "detection.kick.excessPct: expected a number, got \"five\"",
                "detection.model.features: channel XYZ is not served by any device of this node",
                "detection.model.features: needs at least 2 channels of this node, got [HKLD]");
        List<String> names = setup.detectors().stream().map(Detector::name).toList();
        assertThat(names).contains("rule.SPPA.high", "rule.HKLD.stale").doesNotContain("kick", "washout", "model", "rule.HKLD.low");
    }

    @Test
    void aConfigWithProblemsRaisesAnAlarmSoTheCrewAndTheHubSeeIt() {
        DetectionSetup setup = DetectionSetup.from(DetectionEvaluation.yaml("rules: [{type: high, channel: NOPE, limit: 1}]"), CHANNELS, dir);
        MemoryJournal journal = new MemoryJournal();
        AlarmBook book = new AlarmBook("rig-01", "edge-01", journal, 0);
        new DetectionEngine(setup, book, null, null).step(new Frame(1000, Map.of(), Map.of()));
        assertThat(journal.raised()).singleElement().satisfies(e -> {
            assertThat(e.alarm()).isEqualTo("config");
            assertThat(e.reason()).contains("detection.rules[0].channel");
        });
    }

    @Test
    void aCorruptModelFileIsMovedAsideAndTheModelLearnsAfresh() throws Exception {
        Path file = dir.resolve("derrick-model.json");
        Files.writeString(file, "{\"format\":1,\"features\":[\"HKLD\",\"SPPA\"],\"modes\":{\"drilling\":[[1.0,\"x\"]]");
        assertThat(new ModelStore(file).load(List.of("HKLD", "SPPA"))).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("derrick-model.json.corrupt")).exists();
    }

    @Test
    void whatTheModelLearnedSurvivesARestart() {
        Path file = dir.resolve("m.json");
        LearnedModel.Spec spec = new LearnedModel.Spec(List.of("HKLD", "SPPA"), "MFIA", "RPM", "WOB", 500, 0.68, 2000, 100, 1,
                60, 0, 5, 50, 0, 0, Event.Severity.WARNING);
        LearnedModel first = new LearnedModel(spec, new ModelStore(file));
        java.util.Random random = new java.util.Random(3);
        for (int s = 0; s < 200; s++) {
            first.evaluate(frame(s * 1000L, 1000 + random.nextGaussian() * 5, 20000 + random.nextGaussian() * 100), false);
        }
        assertThat(file).exists();
        LearnedModel restarted = new LearnedModel(spec, new ModelStore(file));
        assertThat(restarted.describe()).startsWith("drilling ").doesNotContain("learning");
        List<Condition> found = List.of();
        for (int s = 0; s < 10 && found.isEmpty(); s++) {
            found = restarted.evaluate(frame(300_000 + s * 1000L, 1000, 12000), false);   // pressure far below normal, at once
        }
        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("model.drilling");
            assertThat(c.channels().getFirst()).isEqualTo("SPPA");
        });
    }

    private static Frame frame(long t, double hkld, double sppa) {
        Map<String, Double> v = new HashMap<>(Map.of("HKLD", hkld, "SPPA", sppa, "MFIA", 3500.0, "RPM", 120.0, "WOB", 100.0));
        return new Frame(t, v, Map.of());
    }
}
