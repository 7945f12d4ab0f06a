package io.derrick.edge.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.derrick.hardware.registers.Point;
import io.derrick.hardware.registers.RegisterMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped example config's detection block is valid for the devices it names, and the drilling preset is what it says. */
class AgentExampleDetectionTest {
    @TempDir
    Path dir;

    private static Set<String> channelsOf(String... maps) throws Exception {
        Set<String> channels = new HashSet<>();
        for (String map : maps) {
            RegisterMaps.load(map, null).points().stream().map(Point::mnemonic).forEach(channels::add);
        }
        return channels;
    }

    private static JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    @Test
    void theExampleConfigsDetectionBlockHasNoProblems() throws Exception {
        JsonNode example = new ObjectMapper(new YAMLFactory()).readTree(Path.of("agent.example.yaml").toFile());
        Set<String> channels = channelsOf("adam-6017", "acs880-mud-pump");
        DetectionSetup setup = DetectionSetup.from(example.get("detection"), channels, dir);
        assertThat(setup.problems()).isEmpty();
        List<String> names = setup.detectors().stream().map(Detector::name).toList();
        assertThat(names).contains("rule.HKLD.high");          // the example's own rule
        assertThat(names).containsAnyElementsOf(List.of("rule.HKLD.stuck", "rule.SPPA.stuck"));
    }

    @Test
    void theDrillingPresetTakesTheRulesForTheChannelsTheNodeHas() throws Exception {
        DetectionSetup all = DetectionSetup.from(yaml("{preset: drilling, staleS: 0}"), Set.of("HKLD", "SPPA", "TQA"), dir);
        assertThat(all.problems()).isEmpty();
        assertThat(all.detectors()).extracting(Detector::name).containsExactlyInAnyOrder(
                "rule.HKLD.stuck", "rule.SPPA.stuck", "rule.TQA.stuck", "rule.HKLD.spikes", "rule.SPPA.spikes", "rule.SPPA.high");
        DetectionSetup some = DetectionSetup.from(yaml("{preset: drilling, staleS: 0}"), Set.of("HKLD"), dir);
        assertThat(some.problems()).as("a preset rule for a channel the node lacks is left out, not a problem").isEmpty();
        assertThat(some.detectors()).extracting(Detector::name).containsExactlyInAnyOrder("rule.HKLD.stuck", "rule.HKLD.spikes");
        DetectionSetup wrong = DetectionSetup.from(yaml("{preset: offshore}"), Set.of("HKLD"), dir);
        assertThat(wrong.problems()).containsExactly("detection.preset: expected none or drilling, got 'offshore'");
    }
}
