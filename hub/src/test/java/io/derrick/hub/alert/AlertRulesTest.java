package io.derrick.hub.alert;

import io.derrick.hub.HubConfig;
import io.derrick.protocol.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alert rules from the hub's config: what they match, and a clear message for each kind of mistake. */
class AlertRulesTest {
    @TempDir
    Path dir;

    private HubConfig load(String yaml) throws Exception {
        Path file = dir.resolve("hub.yaml");
        Files.writeString(file, yaml);
        return HubConfig.load(file, Map.of());
    }

    @Test
    void aRuleMatchesByRigSeverityAlarmKeyAndEquipment() throws Exception {
        HubConfig config = load("""
                mail: {host: smtp.example.com, from: derrick@example.com}
                alerts:
                  maxPerHour: 5
                  rules:
                    - name: pumps
                      rigs: [rig-07]
                      minSeverity: WARNING
                      alarms: ["pump", "rule.SPPA.*"]
                      equipment: [vfd]
                      to: [maintenance@example.com]
                      escalateAfter: PT15M
                      escalateTo: [toolpusher@example.com]
                    - name: everything-critical
                      minSeverity: CRITICAL
                      events: [DATA_LOSS]
                      to: ops@example.com
                    - name: offline
                      alarms: [offline]
                      to: ops@example.com
                """);
        AlertRules alerts = config.alerts().rules();
        assertThat(alerts.maxPerHour()).isEqualTo(5);
        AlertRules.Rule pumps = alerts.rules().get(0);
        Set<String> vfd = Set.of("vfd");
        assertThat(pumps.matchesAlarm("rig-07", "pump", Event.Severity.WARNING, vfd)).isTrue();
        assertThat(pumps.matchesAlarm("rig-07", "rule.SPPA.high", Event.Severity.CRITICAL, vfd)).isTrue();
        assertThat(pumps.matchesAlarm("rig-08", "pump", Event.Severity.CRITICAL, vfd)).as("other rig").isFalse();
        assertThat(pumps.matchesAlarm("rig-07", "pump", Event.Severity.INFO, vfd)).as("below the severity").isFalse();
        assertThat(pumps.matchesAlarm("rig-07", "kick", Event.Severity.CRITICAL, vfd)).as("other key").isFalse();
        assertThat(pumps.matchesAlarm("rig-07", "pump", Event.Severity.CRITICAL, Set.of("adam"))).as("other equipment").isFalse();
        assertThat(pumps.escalates()).isTrue();
        assertThat(pumps.escalateTo()).containsExactly("toolpusher@example.com");

        AlertRules.Rule critical = alerts.rules().get(1);
        assertThat(critical.to()).containsExactly("ops@example.com");
        assertThat(critical.matchesAlarm("rig-01", "offline", Event.Severity.CRITICAL, Set.of()))
                .as("a rule that lists events and no alarms is about those events only").isFalse();
        assertThat(critical.matchesEvent("rig-01", Event.Type.DATA_LOSS, Event.Severity.CRITICAL, Set.of())).isTrue();
        assertThat(critical.matchesEvent("rig-01", Event.Type.DEVICE_DOWN, Event.Severity.CRITICAL, Set.of())).isFalse();
        assertThat(critical.escalates()).isFalse();
        AlertRules.Rule offline = alerts.rules().get(2);
        assertThat(offline.matchesAlarm("rig-01", "offline", Event.Severity.WARNING, Set.of())).isTrue();
        assertThat(offline.matchesAlarm("rig-01", "offline", Event.Severity.INFO, Set.of())).isFalse();
        assertThat(offline.matchesAlarm("rig-01", "kick", Event.Severity.CRITICAL, Set.of())).isFalse();
    }

    @Test
    void everyMistakeInTheRulesIsNamedWithItsPath() {
        assertThatThrownBy(() -> load("""
                mail: {host: smtp.example.com, from: derrick@example.com, security: ssl}
                alerts:
                  offlineAfter: 5 minutes
                  maxPerHour: lots
                  rules:
                    - name: bad one
                      rigs: ["rig 7"]
                      minSeverity: CRTICAL
                      alarms: ["pump?"]
                      events: [ALARM_RAISED, EXPLOSION]
                      to: [not-an-address]
                      escalateAfter: PT15M
                      recipients: [x@example.com]
                    - name: dup
                      to: [a@example.com]
                      escalateTo: [b@example.com]
                      notifyClear: maybe
                    - name: dup
                """))
                .isInstanceOf(io.derrick.hub.platform.config.ConfigReader.InvalidConfigException.class)
                .hasMessageContaining("mail.security: expected one of none, starttls, tls, got 'ssl'")
                .hasMessageContaining("alerts.offlineAfter: expected an ISO-8601 duration")
                .hasMessageContaining("alerts.maxPerHour: expected an integer, got 'lots'")
                .hasMessageContaining("alerts.rules[0].name: 1-64 letters")
                .hasMessageContaining("alerts.rules[0].rigs: not a rig id: 'rig 7'")
                .hasMessageContaining("alerts.rules[0].minSeverity: expected one of INFO, WARNING, CRITICAL, got 'CRTICAL'")
                .hasMessageContaining("alerts.rules[0].alarms: 'pump?' is not an alarm key pattern")
                .hasMessageContaining("alerts.rules[0].events: ALARM_RAISED is an alarm event")
                .hasMessageContaining("alerts.rules[0].events: unknown event type 'EXPLOSION'")
                .hasMessageContaining("alerts.rules[0].to: 'not-an-address' is not an email address")
                .hasMessageContaining("alerts.rules[0].escalateTo: missing; escalateAfter needs someone")
                .hasMessageContaining("alerts.rules[0].recipients: unknown setting")
                .hasMessageContaining("alerts.rules[1].escalateAfter: missing; escalateTo needs the time")
                .hasMessageContaining("alerts.rules[1].notifyClear: expected true or false, got 'maybe'")
                .hasMessageContaining("alerts.rules[2].to: missing");
    }

    @Test
    void rulesWithoutAnSmtpServerAreRefused() {
        assertThatThrownBy(() -> load("""
                alerts:
                  rules:
                    - {name: r, to: [a@example.com]}
                """))
                .hasMessageContaining("alerts.rules: 1 rule(s) but mail.host is empty");
    }

    @Test
    void withoutRulesTheDefaultsLoad() throws Exception {
        HubConfig config = load("server: {port: 0}\n");
        assertThat(config.alerts().rules().rules()).isEmpty();
        assertThat(config.alerts().mail().enabled()).isFalse();
        assertThat(config.alarms().offlineAfter()).hasMinutes(5);
        assertThat(config.publicUrl()).isEqualTo("http://127.0.0.1:8080");
    }
}
