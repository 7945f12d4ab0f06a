package io.derrick.edge.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.edge.detect.drilling.KickDetector;
import io.derrick.edge.detect.drilling.PumpDetector;
import io.derrick.edge.detect.drilling.StuckPipeDetector;
import io.derrick.edge.detect.drilling.WashoutDetector;
import io.derrick.edge.detect.model.LearnedModel;
import io.derrick.edge.detect.model.ModelStore;
import io.derrick.edge.detect.rules.Rule;
import io.derrick.edge.detect.rules.RuleSpec;
import io.derrick.protocol.Event.Severity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the detectors from the agent config's {@code detection} block. Every problem is collected with its
 * path; a bad rule or detector block is left out and the rest runs (the agent never stops polling over it).
 * A drilling detector is on by default when the node has its channels (WITSML mnemonics by default).
 *
 * @param problems what was wrong with the config, empty when all is well
 */
public record DetectionSetup(long evaluateMs, List<Detector> detectors, List<String> problems) {

    /** The rules of {@code preset: drilling}, shipped with the agent (the ones docs/detection.md evaluates). */
    static JsonNode drillingRules() {
        try (var in = DetectionSetup.class.getResourceAsStream("drilling-rules.yaml")) {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(in);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the agent's drilling-rules.yaml is missing or unreadable", e);
        }
    }

    public static DetectionSetup from(JsonNode block, Set<String> channels, Path dir) {
        List<String> problems = new ArrayList<>();
        List<Detector> detectors = new ArrayList<>();
        Params p = new Params(block, "detection", problems);
        if (!p.bool("enabled", true)) {
            p.finish();
            return new DetectionSetup(1000, List.of(), problems);
        }
        long evaluateMs = (long) p.number("evaluateMs", 1000, 100, 60_000);
        double defaultStaleS = p.number("staleS", 30, 0, 86_400);
        List<String> explicitStale = new ArrayList<>();

        String preset = p.text("preset", "none");
        if (preset.equals("drilling")) {
            JsonNode recommended = drillingRules();
            for (int i = 0; i < recommended.size(); i++) {
                if (channels.contains(recommended.get(i).path("channel").asText())) {
                    RuleSpec spec = rule(new Params(recommended.get(i), "detection.preset[" + i + "]", problems), channels);
                    if (spec != null) {
                        detectors.add(new Rule(spec));
                    }
                }
            }
        } else if (!preset.equals("none")) {
            p.problem("preset", "expected none or drilling, got '" + preset + "'");
        }

        JsonNode rules = p.raw("rules");
        if (rules != null && !rules.isNull() && !rules.isArray()) {
            p.problem("rules", "expected a list of rules");
        } else if (rules != null) {
            for (int i = 0; i < rules.size(); i++) {
                RuleSpec spec = rule(new Params(rules.get(i), "detection.rules[" + i + "]", problems), channels);
                if (spec != null) {
                    detectors.add(new Rule(spec));
                    if (spec.type() == RuleSpec.Type.STALE) {
                        explicitStale.add(spec.channel());
                    }
                }
            }
        }
        if (defaultStaleS > 0) {
            channels.stream().sorted().filter(c -> !explicitStale.contains(c)).forEach(c -> detectors.add(
                    new Rule(new RuleSpec(RuleSpec.Type.STALE, c, 0, 0, defaultStaleS, 0, 0, 5, Severity.WARNING))));
        }

        Params kick = block(p, "kick", channels, List.of("MFIA", "MFOA", "TVA"));
        if (kick != null) {
            var spec = new KickDetector.Spec(kick.channel("flowIn", "MFIA", channels), kick.channel("flowOut", "MFOA", channels),
                    kick.channel("pit", "TVA", channels), kick.number("minFlow", 500, 0, 1e6), kick.number("excessPct", 5, 0.5, 100),
                    kick.number("pitGain", 1.0, 0.01, 1e3), kick.number("pitWindowS", 600, 30, 86_400), kick.number("steadyS", 60, 5, 3600),
                    kick.number("forS", 20, 0, 3600), kick.number("clearS", 60, 0, 3600), kick.severity(Severity.CRITICAL));
            if (kick.finish()) {
                detectors.add(new KickDetector(spec));
            }
        }
        Params washout = block(p, "washout", channels, List.of("SPPA", "MFIA"));
        if (washout != null) {
            var spec = new WashoutDetector.Spec(washout.channel("pressure", "SPPA", channels), washout.channel("flowIn", "MFIA", channels),
                    washout.number("minFlow", 500, 0, 1e6), washout.number("dropPct", 12, 1, 90), washout.number("steadyS", 60, 5, 3600),
                    washout.number("baselineS", 1800, 60, 86_400 * 7), washout.number("warmupS", 600, 0, 86_400),
                    washout.number("forS", 60, 0, 3600), washout.number("clearS", 120, 0, 3600), washout.severity(Severity.WARNING));
            if (washout.finish()) {
                detectors.add(new WashoutDetector(spec));
            }
        }
        Params pump = block(p, "pump", channels, List.of("SPPA", "SPM1", "VIB1"));
        if (pump != null) {
            var spec = new PumpDetector.Spec(pump.channel("pressure", "SPPA", channels), pump.channel("strokes", "SPM1", channels),
                    pump.channel("vibration", "VIB1", channels), pump.number("minStrokes", 20, 0, 1000), pump.number("rippleFactor", 2.0, 1.1, 100),
                    pump.number("vibrationRise", 3.0, 0.01, 1000), pump.number("baselineS", 3600, 60, 86_400 * 7),
                    pump.number("warmupS", 900, 0, 86_400), pump.number("forS", 120, 0, 3600), pump.number("clearS", 300, 0, 3600),
                    pump.severity(Severity.WARNING));
            if (pump.finish()) {
                detectors.add(new PumpDetector(spec));
            }
        }
        Params stuck = block(p, "stuckPipe", channels, List.of("TQA", "HKLD", "RPM", "WOB", "BPOS", "BDEP", "DEPT"));
        if (stuck != null) {
            var spec = new StuckPipeDetector.Spec(stuck.channel("torque", "TQA", channels), stuck.channel("hookload", "HKLD", channels),
                    stuck.channel("rpm", "RPM", channels), stuck.channel("wob", "WOB", channels), stuck.channel("blockPosition", "BPOS", channels),
                    stuck.channel("bitDepth", "BDEP", channels), stuck.channel("holeDepth", "DEPT", channels),
                    stuck.number("torqueRisePct", 40, 5, 1000), stuck.number("overpull", 150, 1, 1e5),
                    stuck.number("baselineS", 1800, 60, 86_400 * 7), stuck.number("warmupS", 600, 0, 86_400),
                    stuck.number("forS", 60, 0, 3600), stuck.number("clearS", 180, 0, 3600), stuck.severity(Severity.WARNING));
            if (stuck.finish()) {
                detectors.add(new StuckPipeDetector(spec));
            }
        }
        Params model = block(p, "model", channels, List.of("MFIA", "RPM", "WOB"));
        if (model != null) {
            List<String> features = model.channels("features", List.of("HKLD", "WOB", "RPM", "TQA", "SPPA", "MFIA", "MFOA", "VIB1"), channels);
            if (features.size() < 2) {
                model.problem("features", "needs at least 2 channels of this node, got " + features);
            }
            var spec = new LearnedModel.Spec(features, model.channel("flowIn", "MFIA", channels), model.channel("rpm", "RPM", channels),
                    model.channel("wob", "WOB", channels), model.number("minFlow", 500, 0, 1e6), model.number("threshold", 0.68, 0.5, 1),
                    (int) model.number("windowSamples", 2000, 100, 100_000), (int) model.number("minSamples", 300, 50, 100_000),
                    model.number("sampleEveryS", 5, 1, 3600), model.number("refitS", 600, 10, 86_400), model.number("settleS", 60, 0, 3600),
                    (int) model.number("smoothing", 10, 1, 1000), (int) model.number("trees", 100, 10, 1000),
                    model.number("forS", 60, 0, 3600), model.number("clearS", 120, 0, 3600), model.severity(Severity.WARNING));
            Path file = dir.resolve(model.text("file", "derrick-model.json"));
            if (model.finish()) {
                detectors.add(new LearnedModel(spec, new ModelStore(file)));
            }
        }
        p.finish();
        return new DetectionSetup(evaluateMs, detectors, problems);
    }

    /** The detector's block: null when switched off ({@code kick: false}) or, by default, when the node lacks its channels. */
    private static Params block(Params p, String key, Set<String> channels, List<String> defaultChannels) {
        JsonNode node = p.raw(key);
        if (node != null && node.isBoolean()) {
            return node.booleanValue() ? new Params(null, "detection." + key, p.problemsList()) : null;
        }
        if (node == null && !channels.containsAll(defaultChannels)) {
            return null;
        }
        return new Params(node, "detection." + key, p.problemsList());
    }

    private static RuleSpec rule(Params r, Set<String> channels) {
        RuleSpec.Type type = r.choice("type", null, RuleSpec.Type.class);
        if (type == null) {
            if (!r.has("type")) {
                r.problem("type", "is required: one of high, low, rate, stuck, stale, spikes");
            }
            r.raw("channel");
            return null;
        }
        String channel = r.channel("channel", null, channels);
        double limit = switch (type) {
            case HIGH, LOW, RATE, SPIKES -> r.requiredNumber("limit");
            case STUCK -> r.number("limit", 0, 0, 1e9);
            case STALE -> 0;
        };
        double deadband = type == RuleSpec.Type.HIGH || type == RuleSpec.Type.LOW ? r.number("deadband", 0, 0, 1e9)
                : type == RuleSpec.Type.STUCK ? r.number("atRest", 0, -1e12, 1e12) : 0;
        double windowDefault = switch (type) {
            case RATE -> 5;
            case STUCK -> 120;
            case STALE -> 30;
            case SPIKES -> 300;
            default -> 0;
        };
        double windowS = type == RuleSpec.Type.HIGH || type == RuleSpec.Type.LOW ? 0 : r.number("windowS", windowDefault, 1, 86_400);
        int count = type == RuleSpec.Type.SPIKES ? (int) r.number("count", 3, 1, 10_000) : 0;
        double forS = r.number("forS", type == RuleSpec.Type.HIGH || type == RuleSpec.Type.LOW || type == RuleSpec.Type.RATE ? 5 : 0, 0, 86_400);
        double clearS = r.number("clearS", 10, 0, 86_400);
        Severity severity = r.severity(Severity.WARNING);
        if (!r.finish() || channel == null) {
            return null;
        }
        return new RuleSpec(type, channel, limit, deadband, windowS, count, forS, clearS, severity);
    }
}
