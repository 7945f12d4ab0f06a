package io.derrick.hub.alert;

import io.derrick.protocol.Event;
import io.derrick.protocol.Ids;
import io.helidon.config.Config;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   offlineAfter: PT5M            # a node offline or silent this long raises the hub alarm "offline"
 *   offlineSeverity: WARNING
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
public record AlertRules(Duration offlineAfter, Event.Severity offlineSeverity, int maxPerHour, List<Rule> rules) {
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

    /** Reads {@code alerts}; every problem is added to {@code problems} with its key. */
    public static AlertRules from(Config alerts, List<String> problems) {
        Duration offlineAfter = duration(alerts.get("offlineAfter"), "alerts.offlineAfter", Duration.ofMinutes(5), problems);
        Event.Severity offlineSeverity = severity(alerts.get("offlineSeverity"), "alerts.offlineSeverity", Event.Severity.WARNING, problems);
        int maxPerHour = 20;
        Config max = alerts.get("maxPerHour");
        if (max.exists()) {
            String text = max.asString().orElse("");
            try {
                maxPerHour = Integer.parseInt(text.strip());
                if (maxPerHour < 1 || maxPerHour > 10_000) {
                    problems.add("alerts.maxPerHour: must be between 1 and 10000, got " + maxPerHour);
                }
            } catch (NumberFormatException e) {
                problems.add("alerts.maxPerHour: expected an integer, got '" + text + "'");
            }
        }
        List<Rule> rules = new ArrayList<>();
        Config list = alerts.get("rules");
        if (list.exists() && !list.isLeaf()) {
            Set<String> names = new HashSet<>();
            List<Config> nodes = list.asNodeList().orElse(List.of());
            for (int i = 0; i < nodes.size(); i++) {
                Rule rule = rule(nodes.get(i), "alerts.rules[" + i + "]", problems);
                if (rule != null && !names.add(rule.name())) {
                    problems.add("alerts.rules[" + i + "].name: '" + rule.name() + "' is used by an earlier rule");
                }
                rules.add(rule);
            }
        } else if (list.exists() && !list.asString().orElse("").isBlank()) {
            problems.add("alerts.rules: expected a list of rules");
        }
        return new AlertRules(offlineAfter, offlineSeverity, maxPerHour, List.copyOf(rules.stream().filter(r -> r != null).toList()));
    }

    private static Rule rule(Config c, String path, List<String> problems) {
        int before = problems.size();
        for (Config child : c.asNodeList().orElse(List.of())) {
            if (!RULE_KEYS.contains(child.name())) {
                problems.add(path + "." + child.name() + ": unknown setting; allowed: " + String.join(", ", RULE_KEYS.stream().sorted().toList()));
            }
        }
        String name = c.get("name").asString().orElse("").strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            problems.add(path + ".name: 1-64 letters, digits, '_', '.', '-', got '" + name + "'");
        }
        Set<String> rigs = new LinkedHashSet<>();
        for (String rig : strings(c.get("rigs"))) {
            if (Ids.isValidId(rig)) {
                rigs.add(rig);
            } else {
                problems.add(path + ".rigs: not a rig id: '" + rig + "'");
            }
        }
        Event.Severity minSeverity = severity(c.get("minSeverity"), path + ".minSeverity", Event.Severity.WARNING, problems);
        List<Pattern> alarms = new ArrayList<>();
        for (String glob : strings(c.get("alarms"))) {
            if (glob.matches("[A-Za-z0-9_.*-]{1,80}")) {
                alarms.add(glob(glob));
            } else {
                problems.add(path + ".alarms: '" + glob + "' is not an alarm key pattern (letters, digits, '_', '.', '-', '*')");
            }
        }
        Set<String> equipment = new LinkedHashSet<>(strings(c.get("equipment")));
        Set<Event.Type> events = new LinkedHashSet<>();
        for (String type : strings(c.get("events"))) {
            try {
                Event.Type t = Event.Type.valueOf(type.strip());
                if (!ALERTABLE_EVENTS.contains(t)) {
                    problems.add(path + ".events: " + type + " is an alarm event; alarms are chosen with 'alarms' (allowed here: "
                            + ALERTABLE_EVENTS.stream().map(Enum::name).sorted().toList() + ")");
                }
                events.add(t);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".events: unknown event type '" + type + "'; allowed: "
                        + ALERTABLE_EVENTS.stream().map(Enum::name).sorted().toList());
            }
        }
        List<String> to = addresses(c.get("to"), path + ".to", problems);
        if (to.isEmpty() && !c.get("to").exists()) {
            problems.add(path + ".to: missing; whom does this rule email?");
        }
        Duration repeatAfter = duration(c.get("repeatAfter"), path + ".repeatAfter", Duration.ofMinutes(30), problems);
        Duration escalateAfter = c.get("escalateAfter").exists()
                ? duration(c.get("escalateAfter"), path + ".escalateAfter", null, problems) : null;
        List<String> escalateTo = addresses(c.get("escalateTo"), path + ".escalateTo", problems);
        if (escalateAfter != null && escalateTo.isEmpty()) {
            problems.add(path + ".escalateTo: missing; escalateAfter needs someone to escalate to");
        }
        if (escalateAfter == null && !escalateTo.isEmpty()) {
            problems.add(path + ".escalateAfter: missing; escalateTo needs the time after which to escalate, e.g. PT15M");
        }
        boolean notifyClear = false;
        if (c.get("notifyClear").exists()) {
            String text = c.get("notifyClear").asString().orElse("").strip();
            if (!text.equals("true") && !text.equals("false")) {
                problems.add(path + ".notifyClear: expected true or false, got '" + text + "'");
            }
            notifyClear = text.equals("true");
        }
        if (problems.size() > before) {
            return null;
        }
        return new Rule(name, Set.copyOf(rigs), minSeverity, List.copyOf(alarms), Set.copyOf(equipment), Set.copyOf(events),
                List.copyOf(to), repeatAfter, escalateAfter, List.copyOf(escalateTo), notifyClear);
    }

    /** A list, or one value written without brackets. */
    private static List<String> strings(Config c) {
        if (!c.exists()) {
            return List.of();
        }
        if (c.isLeaf()) {
            String value = c.asString().orElse("").strip();
            return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
        }
        return c.asList(String.class).orElse(List.of()).stream().map(String::strip).toList();
    }

    private static List<String> addresses(Config c, String path, List<String> problems) {
        List<String> valid = new ArrayList<>();
        for (String address : strings(c)) {
            try {
                new InternetAddress(address, true).validate();
                valid.add(address);
            } catch (AddressException e) {
                problems.add(path + ": '" + address + "' is not an email address (" + e.getMessage() + ")");
            }
        }
        return valid;
    }

    private static Duration duration(Config c, String path, Duration fallback, List<String> problems) {
        if (!c.exists()) {
            return fallback;
        }
        String text = c.asString().orElse("").strip();
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                problems.add(path + ": must be positive, got " + text);
            }
            return d;
        } catch (RuntimeException e) {
            problems.add(path + ": expected an ISO-8601 duration such as PT15M, got '" + text + "'");
            return fallback;
        }
    }

    private static Event.Severity severity(Config c, String path, Event.Severity fallback, List<String> problems) {
        if (!c.exists()) {
            return fallback;
        }
        String text = c.asString().orElse("").strip();
        try {
            return Event.Severity.valueOf(text);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": expected one of INFO, WARNING, CRITICAL, got '" + text + "'");
            return fallback;
        }
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
