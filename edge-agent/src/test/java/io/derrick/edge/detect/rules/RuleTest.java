package io.derrick.edge.detect.rules;

import io.derrick.edge.detect.Condition;
import io.derrick.edge.detect.Frame;
import io.derrick.protocol.Event;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RuleTest {
    private static final long T = 1_796_018_400_000L;
    private final Rule stale = new Rule(new RuleSpec(RuleSpec.Type.STALE, "HKLD", 0, 0, 30, 0, 0, 5, Event.Severity.WARNING));

    /** the rig at {@code t}: HKLD's newest value (NaN when not good) and when it was last good (0: never) */
    private static Frame frame(long t, double value, long lastGood) {
        Map<String, Double> values = new HashMap<>(Map.of("HKLD", value));
        return new Frame(t, values, lastGood == 0 ? Map.of() : Map.of("HKLD", lastGood));
    }

    /** An agent started while a device is down: its channels alarm after the documented 30 s, not at once. */
    @Test
    void aChannelNeverGoodSinceTheStartIsStaleOnlyAfterTheWindow() {
        assertThat(stale.evaluate(frame(T, Double.NaN, 0), false)).isEmpty();
        assertThat(stale.evaluate(frame(T + 29_000, Double.NaN, 0), false)).isEmpty();
        List<Condition> after = stale.evaluate(frame(T + 30_000, Double.NaN, 0), false);
        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("rule.HKLD.stale");
            assertThat(c.reason()).contains("no good value since the agent started 30 s ago");
            assertThat(c.figures()).containsEntry("secondsWithoutGoodValue", 30.0);
        });
    }

    @Test
    void aChannelThatWasGoodIsStaleThirtySecondsAfterItsLastGoodValue() {
        assertThat(stale.evaluate(frame(T, 812, T), false)).isEmpty();
        assertThat(stale.evaluate(frame(T + 29_999, Double.NaN, T), false)).isEmpty();
        assertThat(stale.evaluate(frame(T + 30_000, Double.NaN, T), false)).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("for 30 s"));
    }

    /** Whether a restored alarm may be judged: a good value tells at once that the channel is not stale. */
    @Test
    void aStaleRuleCanTellAtOnceWhenTheChannelIsGoodAndOtherwiseAfterItsWindow() {
        assertThat(stale.settled(frame(T, 812, T), 0)).isTrue();
        assertThat(stale.settled(frame(T, Double.NaN, 0), 1_000)).isFalse();
        assertThat(stale.settled(frame(T, Double.NaN, 0), 30_000)).isTrue();
        Rule high = new Rule(new RuleSpec(RuleSpec.Type.HIGH, "HKLD", 3000, 100, 0, 0, 0, 5, Event.Severity.CRITICAL));
        assertThat(high.settled(frame(T, 812, T), 0)).isTrue();
        assertThat(high.settled(frame(T, Double.NaN, 0), 0)).as("a limit needs a value").isFalse();
    }
}
