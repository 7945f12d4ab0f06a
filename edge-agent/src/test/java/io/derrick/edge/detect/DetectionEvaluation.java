package io.derrick.edge.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.derrick.hardware.registers.ConfigException;
import io.derrick.hardware.registers.Point;
import io.derrick.hardware.registers.RegisterMaps;
import io.derrick.hardware.simulator.DrillingModel;
import io.derrick.hardware.simulator.Fault;
import io.derrick.protocol.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the agent's detectors (rules, drilling detectors, learned model, alarm book: the production classes)
 * on the simulator's drilling model in simulated time, one frame per second, with and without injected
 * faults. Values skip the Modbus round trip (no register quantisation); an offline device's channels stop
 * being good, as the poller reports them.
 */
final class DetectionEvaluation {
    /** The detection block the evaluation runs with: the defaults plus rules on the rig-floor transmitters. */
    /** What the evaluation measures: the shipped preset, as the demo and agent.example.yaml use it. */
    static final String CONFIG = "preset: drilling\n";
    static final Map<String, String> DEVICE_MAPS = Map.of("adam", "adam-6017", "vfd", "acs880-mud-pump", "daq", "derrick-rig-daq");

    record Run(List<Event> raised, double hours) {
    }

    private final Path dir;
    private final Map<String, List<String>> deviceChannels = new HashMap<>();
    private final Set<String> channels = new HashSet<>();

    DetectionEvaluation(Path dir) throws ConfigException {
        this.dir = dir;
        for (var e : DEVICE_MAPS.entrySet()) {
            List<String> names = RegisterMaps.load(e.getValue(), null).points().stream().map(Point::mnemonic).toList();
            deviceChannels.put(e.getKey(), names);
            channels.addAll(names);
        }
    }

    /** Simulates {@code hours} of the scenario with the faults; returns every alarm raised (incl. anomalies). */
    Run run(long seed, DrillingModel.Scenario scenario, double hours, List<Fault> faults, String configYaml) {
        DetectionSetup setup = DetectionSetup.from(yaml(configYaml), channels, dir.resolve("seed-" + seed + "-" + System.nanoTime()));
        if (!setup.problems().isEmpty()) {
            throw new IllegalStateException("evaluation config: " + setup.problems());
        }
        smile.math.MathEx.setSeed(seed);        // the forests' sampling, so that figures repeat run to run
        MemoryJournal journal = new MemoryJournal();
        long t0 = 1_780_000_000_000L;
        AlarmBook alarms = new AlarmBook("rig-eval", "edge-eval", journal, t0);
        DetectionEngine engine = new DetectionEngine(setup, alarms, null, null);
        DrillingModel model = new DrillingModel(seed, scenario, 1500, faults);
        Map<String, Long> lastGood = new HashMap<>();
        for (long s = 0; s < hours * 3600; s++) {
            model.step(1.0);
            long t = t0 + s * 1000;
            Map<String, Double> values = new HashMap<>(model.channels());
            for (Fault f : faults) {
                if (f.kind() == Fault.Kind.OFFLINE && f.activeAt(model.timeS())) {
                    deviceChannels.get(f.target()).forEach(c -> values.put(c, Double.NaN));
                }
            }
            values.forEach((c, v) -> {
                if (!Double.isNaN(v)) {
                    lastGood.put(c, t);
                }
            });
            engine.step(new Frame(t, values, Map.copyOf(lastGood)));
        }
        List<Event> raised = new ArrayList<>(journal.raised());
        return new Run(raised, hours);
    }

    static JsonNode yaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
