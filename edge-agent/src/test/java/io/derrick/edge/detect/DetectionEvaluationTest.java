package io.derrick.edge.detect;

import io.derrick.hardware.simulator.DrillingModel;
import io.derrick.hardware.simulator.Fault;
import io.derrick.protocol.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detection figures: each fault class the simulator injects is detected (detection delay), and a day of
 * normal drilling stays under a stated number of false alarms. Prints the table the README quotes.
 */
@Execution(ExecutionMode.CONCURRENT)   // independent simulated runs, each in its own directory: both cores
class DetectionEvaluationTest {
    /** The stated budget: alarms (any key, any severity, anomalies included) in 24 h of normal drilling. */
    static final int FALSE_ALARMS_PER_DAY = 2;
    static final double FAULT_AT_S = 3 * 3600;

    @TempDir
    static Path dir;
    static DetectionEvaluation evaluation;
    static final List<String> table = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void setUp() throws Exception {
        evaluation = new DetectionEvaluation(dir);
    }

    @Test
    void aDayOfNormalDrillingStaysUnderTheFalseAlarmBudget() {
        DetectionEvaluation.Run run = evaluation.run(11, DrillingModel.Scenario.DRILLING, 24, List.of(),
                DetectionEvaluation.CONFIG + System.getProperty("eval.extra", ""));
        run.raised().forEach(e -> table.add(String.format(Locale.ROOT, "  false alarm in normal day at %s: %s %s", e.at(), e.alarm(), e.reason())));
        table.add(String.format(Locale.ROOT, "normal drilling, 24 h: %d alarms raised (budget %d)", run.raised().size(), FALSE_ALARMS_PER_DAY));
        assertThat(run.raised()).as("alarms in a day of normal drilling").hasSizeLessThanOrEqualTo(FALSE_ALARMS_PER_DAY);
    }

    @ParameterizedTest(name = "{0} is detected")
    @CsvSource(delimiter = '|', textBlock = """
            dropout:HKLD@10800           | rule.HKLD.stale
            stuck:SPPA@10800             | rule.SPPA.stuck
            spikes:HKLD@10800            | rule.HKLD.spikes
            offline:vfd@10800            | rule.MP1_SPD.stale
            pump-degradation@10800+3600  | pump
            washout@10800                | washout
            kick@10800                   | kick
            stuck-pipe@10800             | stuck-pipe
            """)
    void eachInjectedFaultClassIsDetected(String spec, String expectedAlarm) {
        Fault fault = Fault.parse(spec);
        DetectionEvaluation.Run run = evaluation.run(23, DrillingModel.Scenario.DRILLING, 4, List.of(fault),
                DetectionEvaluation.CONFIG + System.getProperty("eval.extra", ""));
        long faultAtMs = 1_780_000_000_000L + (long) (FAULT_AT_S * 1000);
        List<Event> before = run.raised().stream().filter(e -> e.at().toEpochMilli() < faultAtMs).toList();
        Event hit = run.raised().stream().filter(e -> e.at().toEpochMilli() >= faultAtMs && e.alarm().equals(expectedAlarm))
                .findFirst().orElse(null);
        Event model = run.raised().stream().filter(e -> e.at().toEpochMilli() >= faultAtMs && e.type() == Event.Type.ANOMALY)
                .findFirst().orElse(null);
        List<String> others = run.raised().stream().filter(e -> e.at().toEpochMilli() >= faultAtMs && !e.alarm().equals(expectedAlarm))
                .map(Event::alarm).distinct().toList();
        table.add(String.format(Locale.ROOT, "%-28s -> %-18s %s; learned model %s; also raised %s; false alarms in the 3 h before: %d %s",
                spec, expectedAlarm, hit == null ? "NOT DETECTED" : "detected after " + (hit.at().toEpochMilli() - faultAtMs) / 1000 + " s",
                model == null ? "silent" : "after " + (model.at().toEpochMilli() - faultAtMs) / 1000 + " s", others, before.size(), before.stream().map(Event::alarm).toList()));
        assertThat(hit).as(spec + " raises " + expectedAlarm + "; raised: " + run.raised().stream().map(Event::alarm).toList()).isNotNull();
    }

    @AfterAll
    static void printFigures() {
        System.out.println("\n=== detection evaluation (simulated time, 1 s frames) ===");
        table.forEach(System.out::println);
    }
}
