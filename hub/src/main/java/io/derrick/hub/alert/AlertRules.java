package io.derrick.hub.alert;

import io.derrick.protocol.Event;
import io.derrick.protocol.Ids;
import io.derrick.hub.platform.config.ConfigReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is emailed about what ({@code alerts} in the hub's config). Each rule picks alarms by rig, minimum
 * severity, alarm key and equipment (the devices whose channels the alarm involves), and optionally events that
 * are not alarms (data loss, a device down); it names the recipients, how soon the same alarm key may email
 * again, and whom to escalate to when nobody acknowledges in time.
 *
 * <pre>
 * alerts:
 *   offlineAfter: PT5M            # (the alarms' setting) a node offline or silent this long raises the hub alarm "offline"
 *   maxPerHour: 20                # emails per recipient per hour; the rest are suppressed and counted
 *   rules:
 *     - name: pumps-to-maintenance
 *       rigs: [rig-07]            # default: every rig
 *       minSeverity: WARNING      # default: WARNING
 *       alarms: ["pump", "rule.SPPA.*"]   # alarm keys, * as wildcard; default: every alarm (none if events are listed)
 *       equipment: [vfd]          # the agent's device names; default: any
 *       events: [DATA_LOSS]       # non-alarm events to email as well; default: none
 *       to: [maintenance@example.com]
 *       repeatAfter: PT30M        # the same key on the same node emails again only after this
 *       escalateAfter: PT15M      # unacknowledged this long: email escalateTo
 *       escalateTo: [toolpusher@example.com]
 *       notifyClear: true         # email the same people when an alarm they were emailed about clears
 * </pre>
 */
public record AlertRules(int maxPerHour, List<Rule> rules) {
    private static final Set<String> RULE_KEYS = Set.of("name", "rigs", "minSeverity", "alarms", "equipment", "events",
            "to", "repeatAfter", "escalateAfter", "escalateTo", "notifyClear");
    private static final Set<Event.Type> ALERTABLE_EVENTS = Set.of(Event.Type.DATA_LOSS, Event.Type.DEVICE_DOWN, Event.Type.DEVICE_UP);

    public record Rule(String name, Set<String> rigs, Event.Severity minSeverity, List<Pattern> alarms, Set<String> equipment,
                       Set<Event.Type> events, List<String> to, Duration repeatAfter, Duration escalateAfter, List<String> escalateTo,
                       boolean notifyClear) {

        /**
         * Whether an alarm of this key and severity on this rig, involving these devices, is this rule's. Without
         * {@code alarms} a rule takes every alarm, unless it lists {@code events}: then it is about those only.
         */
        public boolean matchesAlarm(String rig, String key, Event.Severity severity, Set<String> devices) {
            boolean keyMatches = alarms.isEmpty() ? events.isEmpty() : alarms.stream().anyMatch(p -> p.matcher(key).matches());
            return keyMatches && common(rig, severity, devices);
        }

        public boolean matchesEvent(String rig, Event.Type type, Event.Severity severity, Set<String> devices) {
            return events.contains(type) && common(rig, severity, devices);
        }

        private boolean common(String rig, Event.Severity severity, Set<String> devices) {
            return (rigs.isEmpty() || rigs.contains(rig)) && severity.compareTo(minSeverity) >= 0
                    && (equipment.isEmpty() || devices.stream().anyMatch(equipment::contains));
        }

        public boolean escalates() {
            return escalateAfter != null;
        }
    }

    /** Reads {@code alerts} (its rules and the per-recipient limit); every problem goes to the reader with its key. */
    public static AlertRules from(ConfigReader alerts) {
        int maxPerHour = alerts.integer("maxPerHour", 20, 1, 10_000);
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ConfigReader> items = alerts.list("rules");
        for (int i = 0; i < items.size(); i++) {
            Rule rule = rule(items.get(i));
            if (rule != null && !names.add(rule.name())) {
                items.get(i).problem("name", "'" + rule.name() + "' is used by an earlier rule");
            }
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new AlertRules(maxPerHour, List.copyOf(rules));
    }

    private static Rule rule(ConfigReader c) {
        int before = c.problems().size();
        c.onlyKnown(RULE_KEYS);
        String name = c.string("name", "");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            c.problem("name", "1-64 letters, digits, '_', '.', '-', got '" + name + "'");
        }
        Set<String> rigs = new LinkedHashSet<>();
        for (String rig : c.strings("rigs")) {
            if (Ids.isValidId(rig)) {
                rigs.add(rig);
            } else {
                c.problem("rigs", "not a rig id: '" + rig + "'");
            }
        }
        Event.Severity minSeverity = c.enumValue("minSeverity", Event.Severity.class, Event.Severity.WARNING);
        List<Pattern> alarms = new ArrayList<>();
        for (String glob : c.strings("alarms")) {
            if (glob.matches("[A-Za-z0-9_.*-]{1,80}")) {
                alarms.add(glob(glob));
            } else {
                c.problem("alarms", "'" + glob + "' is not an alarm key pattern (letters, digits, '_', '.', '-', '*')");
            }
        }
        Set<String> equipment = new LinkedHashSet<>(c.strings("equipment"));
        Set<Event.Type> events = new LinkedHashSet<>();
        List<String> allowed = ALERTABLE_EVENTS.stream().map(Enum::name).sorted().toList();
        for (String type : c.strings("events")) {
            try {
                Event.Type t = Event.Type.valueOf(type);
                if (!ALERTABLE_EVENTS.contains(t)) {
                    c.problem("events", type + " is an alarm event; alarms are chosen with 'alarms' (allowed here: " + allowed + ")");
                }
                events.add(t);
            } catch (IllegalArgumentException e) {
                c.problem("events", "unknown event type '" + type + "'; allowed: " + allowed);
            }
        }
        List<String> to = c.addresses("to");
        if (!c.has("to")) {
            c.problem("to", "missing; whom does this rule email?");
        }
        Duration repeatAfter = c.positiveDuration("repeatAfter", Duration.ofMinutes(30));
        Duration escalateAfter = c.has("escalateAfter") ? c.positiveDuration("escalateAfter", null) : null;
        List<String> escalateTo = c.addresses("escalateTo");
        if (escalateAfter != null && escalateTo.isEmpty()) {
            c.problem("escalateTo", "missing; escalateAfter needs someone to escalate to");
        }
        if (escalateAfter == null && !escalateTo.isEmpty()) {
            c.problem("escalateAfter", "missing; escalateTo needs the time after which to escalate, e.g. PT15M");
        }
        boolean notifyClear = c.bool("notifyClear", false);
        if (c.problems().size() > before) {
            return null;
        }
        return new Rule(name, Set.copyOf(rigs), minSeverity, List.copyOf(alarms), Set.copyOf(equipment), Set.copyOf(events),
                List.copyOf(to), repeatAfter, escalateAfter, List.copyOf(escalateTo), notifyClear);
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
