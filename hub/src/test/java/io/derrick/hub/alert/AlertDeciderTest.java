package io.derrick.hub.alert;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.protocol.Event;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert decisions as tables: who is emailed about what, when a repeat is held back, escalation, the limit, retries. */
class AlertDeciderTest {
    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    private static AlertRules rules(String yaml) {
        ConfigReader reader = ConfigReader.of(Config.just(ConfigSources.create(yaml, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML)));
        AlertRules rules = AlertRules.from(reader.get("alerts"));
        assertThat(reader.problems()).isEmpty();
        return rules;
    }

    private static final AlertRules RULES = rules("""
            alerts:
              maxPerHour: 3
              rules:
                - {name: critical, minSeverity: CRITICAL, to: [ops@example.com], repeatAfter: PT30M}
                - name: pumps
                  equipment: [vfd]
                  to: [pumps@example.com, lead@example.com]
                  notifyClear: true
                  escalateAfter: PT15M
                  escalateTo: [toolpusher@example.com]
                - {name: rig-99, rigs: [rig-99], minSeverity: INFO, to: [other@example.com]}
                - {name: loss, events: [DATA_LOSS], to: [it@example.com]}
            """);

    /** The emails so far, as a list: what the repository answers from its table. */
    private static final class Sent implements AlertDecider.Past {
        record Row(String rule, String kind, String rig, String node, String key, String to, Instant at, Long alarm) {
        }

        final List<Row> rows = new ArrayList<>();

        Sent add(String rule, String kind, String key, String to, Instant at, Long alarm) {
            rows.add(new Row(rule, kind, "rig-07", "edge-01", key, to, at, alarm));
            return this;
        }

        @Override
        public Optional<Instant> lastEmailed(String rule, String kind, String rig, String node, String key, String recipient, Instant since,
                                             Long alarmId) {
            return rows.stream().filter(r -> r.rule().equals(rule) && r.kind().equals(kind) && r.rig().equals(rig) && r.node().equals(node)
                            && r.key().equals(key) && r.to().equals(recipient) && r.at().isAfter(since) && !java.util.Objects.equals(r.alarm(), alarmId))
                    .map(Row::at).max(Instant::compareTo);
        }

        @Override
        public List<String> told(String rule, long alarmId) {
            return rows.stream().filter(r -> r.rule().equals(rule) && Long.valueOf(alarmId).equals(r.alarm())
                    && (r.kind().equals("RAISED") || r.kind().equals("ESCALATED"))).map(Row::to).distinct().sorted().toList();
        }
    }

    private static AlarmRepository.Alarm alarm(long id, String rig, String key, String severity, Instant cleared) {
        return new AlarmRepository.Alarm(id, rig, "edge-01", key, "edge", "ALARM_RAISED", severity, cleared == null ? "ACTIVE" : "CLEARED",
                List.of("SPPA"), 0.9, "SPP ripple <3x>", NOW.minusSeconds(60), null, null, null, null, false, cleared,
                cleared == null ? null : "back to normal");
    }

    private final AlertDecider decider = new AlertDecider(RULES, "https://derrick.example.com");

    private static List<String> who(List<AlertDecider.Notice> notices) {
        return notices.stream().map(n -> n.rule() + ":" + n.recipient() + ":" + n.status()).toList();
    }

    @ParameterizedTest(name = "{0} {1} {2} on {3} → {4}")
    @CsvSource(delimiter = '|', textBlock = """
            rig-07 | kick | CRITICAL | adam | critical:ops@example.com:PENDING
            rig-07 | kick | WARNING  | adam | ''
            rig-07 | pump | WARNING  | vfd  | pumps:pumps@example.com:PENDING, pumps:lead@example.com:PENDING
            rig-07 | pump | CRITICAL | vfd  | critical:ops@example.com:PENDING, pumps:pumps@example.com:PENDING, pumps:lead@example.com:PENDING
            rig-99 | pump | INFO     | adam | rig-99:other@example.com:PENDING
            rig-98 | pump | INFO     | vfd  | ''
            """)
    void aRaiseEmailsTheRulesThatMatchIt(String rig, String key, String severity, String device, String expected) {
        List<AlertDecider.Notice> notices = decider.raised(alarm(1, rig, key, severity, null), Set.of(device), new Sent(), NOW);
        assertThat(who(notices)).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",\\s*")));
    }

    @ParameterizedTest(name = "emailed {0} min ago about alarm {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10  | 7 | SUPPRESSED
            29  | 7 | SUPPRESSED
            31  | 7 | PENDING
            10  | 1 | PENDING
            """)
    void theSameKeyWithinRepeatAfterIsHeldBackAsARepeat(int minutesAgo, long earlierAlarm, String status) {
        Sent sent = new Sent().add("critical", "RAISED", "kick", "ops@example.com", NOW.minus(Duration.ofMinutes(minutesAgo)), earlierAlarm);
        AlertDecider.Notice n = decider.raised(alarm(1, "rig-07", "kick", "CRITICAL", null), Set.of(), sent, NOW).getFirst();
        assertThat(n.status()).isEqualTo(status);
        if (status.equals("SUPPRESSED")) {
            assertThat(n.reason()).startsWith("repeat: kick on edge-01 was emailed at " + NOW.minus(Duration.ofMinutes(minutesAgo)))
                    .endsWith("within PT30M");
        } else {
            assertThat(n.reason()).isNull();
        }
    }

    @Test
    void aClearTellsThePeopleToldOfTheRaiseWhenTheRuleAsksForIt() {
        Sent sent = new Sent().add("pumps", "RAISED", "pump", "pumps@example.com", NOW.minusSeconds(600), 5L)
                .add("pumps", "ESCALATED", "pump", "toolpusher@example.com", NOW.minusSeconds(60), 5L)
                .add("critical", "RAISED", "pump", "ops@example.com", NOW.minusSeconds(600), 5L);
        List<AlertDecider.Notice> notices = decider.cleared(alarm(5, "rig-07", "pump", "CRITICAL", NOW), sent, NOW);
        assertThat(who(notices)).as("critical has no notifyClear; pumps tells whom it told")
                .containsExactly("pumps:pumps@example.com:PENDING", "pumps:toolpusher@example.com:PENDING");
        assertThat(notices.getFirst().message().subject()).isEqualTo("[Derrick] CLEARED rig-07: pump — back to normal");
        assertThat(decider.cleared(alarm(6, "rig-07", "pump", "CRITICAL", NOW), new Sent(), NOW)).as("told nobody: tells nobody").isEmpty();
    }

    @Test
    void anEscalationGoesToTheRulesEscalateToWithHowLong() {
        AlertRules.Rule pumps = RULES.rules().get(1);
        List<AlertDecider.Notice> notices = decider.escalated(pumps, alarm(5, "rig-07", "pump", "WARNING", null), new Sent(), NOW);
        assertThat(who(notices)).containsExactly("pumps:toolpusher@example.com:PENDING");
        assertThat(notices.getFirst().kind()).isEqualTo("ESCALATED");
        assertThat(notices.getFirst().message().subject()).isEqualTo("[Derrick] UNACKNOWLEDGED WARNING rig-07: pump for 15 min — SPP ripple <3x>");
        assertThat(notices.getFirst().message().html()).contains("SPP ripple &lt;3x&gt;").doesNotContain("<3x>");
    }

    @ParameterizedTest(name = "{0}, alarm key {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            DATA_LOSS   |          | loss:it@example.com:PENDING
            DEVICE_DOWN |          | ''
            DATA_LOSS   | rule.x   | ''
            """)
    void anEventEmailsTheRulesThatListItsTypeButAnAlarmEventIsLeftToTheAlarm(Event.Type type, String alarmKey, String expected) {
        AlarmQuery.NewEvent e = new AlarmQuery.NewEvent(9, "rig-07", "edge-01", type, Event.Severity.WARNING, "buffer full", List.of(), NOW, alarmKey);
        assertThat(who(decider.event(e, Set.of(), new Sent(), NOW))).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "{0} sent in the last hour, {1} held back → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | 0 | send 0
            2 | 4 | send 4
            3 | 0 | rate limit: 3 emails to ops@example.com in the last hour
            9 | 2 | rate limit: 9 emails to ops@example.com in the last hour
            """)
    void theHourlyLimitHoldsEmailsBackAndTheNextOneCountsThem(long sent, long held, String expected) {
        String outcome = switch (decider.deliver("ops@example.com", sent, held)) {
            case AlertDecider.Delivery.Send s -> "send " + s.heldBack();
            case AlertDecider.Delivery.Suppress s -> s.reason();
        };
        assertThat(outcome).isEqualTo(expected);
    }

    @ParameterizedTest(name = "after {0} attempts, permanent {1} → {2} again in {3} s")
    @CsvSource(delimiter = '|', textBlock = """
            0  | false | PENDING | 60
            1  | false | PENDING | 120
            5  | false | PENDING | 1920
            6  | false | PENDING | 3600
            18 | false | PENDING | 3600
            19 | false | FAILED  | 3600
            0  | true  | FAILED  | 60
            """)
    void aFailedAttemptIsTriedAgainWithBackoffUntilItGivesUp(int attempts, boolean permanent, String status, long inSeconds) {
        AlertDecider.Retry retry = AlertDecider.failed(attempts, permanent, "451 try later", NOW);
        assertThat(retry.status()).isEqualTo(status);
        assertThat(retry.attempts()).isEqualTo(attempts + 1);
        assertThat(Duration.between(NOW, retry.nextAttempt()).toSeconds()).isEqualTo(inSeconds);
        assertThat(retry.reason()).isEqualTo("451 try later");
    }

    @Test
    void aRaiseAlreadyClearedSaysSoInItsSubject() {
        Map<String, String> subjects = new HashMap<>();
        for (AlertDecider.Notice n : decider.raised(alarm(1, "rig-07", "kick", "CRITICAL", NOW), Set.of(), new Sent(), NOW)) {
            subjects.put(n.recipient(), n.message().subject());
        }
        assertThat(subjects.get("ops@example.com")).endsWith("[cleared]");
    }
}
