package io.derrick.edge.detect;

import io.derrick.protocol.Event;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmBookTest {
    private final MemoryJournal journal = new MemoryJournal();
    private final AlarmBook book = new AlarmBook("rig-01", "edge-01", journal, 0);

    private static Condition high(double forS, double clearS) {
        return new Condition("rule.SPPA.high", Event.Type.ALARM_RAISED, Event.Severity.CRITICAL, List.of("SPPA"), 1.1,
                "SPPA 33000 is above its limit 32000", Map.of("value", 33000.0), forS, clearS);
    }

    @Test
    void aConditionShorterThanItsMinimumDurationRaisesNothing() {
        book.update(0, List.of(high(5, 10)));
        book.update(4_000, List.of(high(5, 10)));
        book.update(5_000, List.of());                      // a 4-second excursion: the horn stays quiet
        book.update(6_000, List.of(high(5, 10)));
        book.update(10_000, List.of(high(5, 10)));
        assertThat(journal.events).isEmpty();
        book.update(11_000, List.of(high(5, 10)));
        assertThat(journal.events).extracting(Event::type).containsExactly(Event.Type.ALARM_RAISED);
        assertThat(journal.events.getFirst().alarm()).isEqualTo("rule.SPPA.high");
        assertThat(journal.active).containsOnlyKeys("rule.SPPA.high");
    }

    @Test
    void anAlarmClearsOnlyAfterItsConditionHasBeenGoneForClearS() {
        book.update(0, List.of(high(0, 10)));
        book.update(1_000, List.of());
        book.update(9_000, List.of());
        book.update(9_500, List.of(high(0, 10)));          // back before clearS: still the same alarm, no new event
        book.update(19_000, List.of());
        assertThat(journal.events).extracting(Event::type).containsExactly(Event.Type.ALARM_RAISED);
        book.update(19_500, List.of());
        assertThat(journal.events).extracting(Event::type).containsExactly(Event.Type.ALARM_RAISED, Event.Type.ALARM_CLEARED);
        assertThat(journal.active).isEmpty();
        assertThat(book.active()).isEmpty();
    }

    @Test
    void acknowledgingIsRecordedOnceAndKeepsTheAlarmActive() {
        book.update(0, List.of(high(0, 10)));
        assertThat(book.acknowledge("*", "driller (button)", 2_000)).hasSize(1);
        assertThat(book.acknowledge("rule.SPPA.high", "hub: jo", 3_000)).isEmpty();
        assertThat(book.active()).singleElement().satisfies(a -> {
            assertThat(a.acknowledged()).isTrue();
            assertThat(a.acknowledgedBy()).isEqualTo("driller (button)");
        });
        assertThat(journal.events).extracting(Event::type).containsExactly(Event.Type.ALARM_RAISED, Event.Type.ALARM_ACKNOWLEDGED);
        assertThat(journal.events.get(1).alarm()).isEqualTo("rule.SPPA.high");
    }

    @Test
    void aRestartedAgentRestoresItsActiveAlarmsAndClearsThemWhenTheConditionIsGone() {
        book.update(0, List.of(high(0, 10)));
        book.acknowledge("*", "driller", 1_000);
        AlarmBook restarted = new AlarmBook("rig-01", "edge-01", journal, 100_000);
        assertThat(restarted.active()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("rule.SPPA.high");
            assertThat(a.acknowledged()).isTrue();
        });
        restarted.update(101_000, List.of(high(0, 10)));     // still there: no second ALARM_RAISED
        restarted.update(200_000, List.of());
        assertThat(journal.events).extracting(Event::type)
                .containsExactly(Event.Type.ALARM_RAISED, Event.Type.ALARM_ACKNOWLEDGED, Event.Type.ALARM_CLEARED);
    }

    /** The demo restarted after its fault: the restored alarm goes by its own clearS, not after a fixed minute. */
    @Test
    void aRestoredAlarmWhoseConditionIsGoneClearsByItsOwnClearDelay() {
        book.update(0, List.of(high(0, 5)));
        AlarmBook restarted = new AlarmBook("rig-01", "edge-01", journal, 100_000);
        restarted.update(101_000, List.of());
        restarted.update(104_000, List.of());
        assertThat(restarted.active()).hasSize(1);
        restarted.update(105_000, List.of());
        assertThat(restarted.active()).isEmpty();
        assertThat(journal.events).extracting(Event::type).containsExactly(Event.Type.ALARM_RAISED, Event.Type.ALARM_CLEARED);
    }

    /** A detector with a window to fill cannot see the condition yet: its restored alarm is held, not cleared and raised again. */
    @Test
    void aRestoredAlarmIsHeldWhileItsDetectorWarmsUpAndGoesOnWhenRaisedAgain() {
        book.update(0, List.of(high(0, 5)));
        AlarmBook restarted = new AlarmBook("rig-01", "edge-01", journal, 100_000);
        restarted.update(101_000, List.of(), key -> false);
        restarted.update(130_000, List.of(), key -> false);
        assertThat(restarted.active()).as("held while its detector warms up").hasSize(1);
        restarted.update(131_000, List.of(high(0, 5)), key -> true);
        restarted.update(200_000, List.of(high(0, 5)), key -> true);
        assertThat(journal.events).as("one alarm all along").extracting(Event::type).containsExactly(Event.Type.ALARM_RAISED);
        restarted.update(206_000, List.of(), key -> true);
        assertThat(journal.events).extracting(Event::type).containsExactly(Event.Type.ALARM_RAISED, Event.Type.ALARM_CLEARED);
    }

    @Test
    void aRestoredAlarmWhoseDetectorNeverSettlesIsReleasedAfterTheHoldLimit() {
        book.update(0, List.of(high(0, 5)));
        AlarmBook restarted = new AlarmBook("rig-01", "edge-01", journal, 100_000);
        restarted.update(100_000 + AlarmBook.RESTORED_HOLD_MAX_MS - 1, List.of(), key -> false);
        assertThat(restarted.active()).hasSize(1);
        restarted.update(100_000 + AlarmBook.RESTORED_HOLD_MAX_MS + 5_000, List.of(), key -> false);
        assertThat(restarted.active()).isEmpty();
    }
}
