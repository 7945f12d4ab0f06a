package io.derrick.edge.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.protocol.Event;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one block of the detection or GPIO config with defaults, collecting every problem with its path
 * instead of stopping at the first: a bad rule is reported and left out, and the rest keeps running.
 */
public final class Params {
    private final JsonNode node;
    private final String path;
    private final List<String> problems;
    private final Set<String> read = new HashSet<>();
    private final int problemsBefore;

    public Params(JsonNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.problemsBefore = problems.size();
        if (node != null && !node.isNull() && !node.isObject()) {
            problem("", "expected a block of settings, got " + node);
        }
    }

    public boolean present() {
        return node != null && node.isObject();
    }

    public boolean has(String key) {
        return present() && node.has(key) && !node.get(key).isNull();
    }

    public JsonNode raw(String key) {
        read.add(key);
        return present() ? node.get(key) : null;
    }

    public double number(String key, double fallback, double min, double max) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            problem(key, "expected a number, got " + v);
            return fallback;
        }
        double d = v.doubleValue();
        if (d < min || d > max) {
            problem(key, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(d));
            return fallback;
        }
        return d;
    }

    public double requiredNumber(String key) {
        if (!has(key)) {
            read.add(key);
            problem(key, "is required");
            return Double.NaN;
        }
        return number(key, Double.NaN, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problem(key, "expected true or false, got " + v);
            return fallback;
        }
        return v.booleanValue();
    }

    public String text(String key, String fallback) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual() && !v.isNumber()) {
            problem(key, "expected text, got " + v);
            return fallback;
        }
        return v.asText();
    }

    /** A channel name that must exist on this node. */
    public String channel(String key, String fallback, Set<String> channels) {
        String ch = text(key, fallback);
        if (ch == null) {
            problem(key, "is required: a channel of this node");
        } else if (!channels.contains(ch)) {
            problem(key, "channel " + ch + " is not served by any device of this node (it has " + new java.util.TreeSet<>(channels) + ")");
            return null;
        }
        return ch;
    }

    public <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
        String t = text(key, null);
        if (t == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(t.replace('-', '_'))) {
                return e;
            }
        }
        problem(key, "unknown value '" + t + "', expected one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        return fallback;
    }

    public Event.Severity severity(Event.Severity fallback) {
        return choice("severity", fallback, Event.Severity.class);
    }

    public List<String> channels(String key, List<String> fallback, Set<String> channels) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return fallback.stream().filter(channels::contains).toList();
        }
        List<String> out = new ArrayList<>();
        if (!v.isArray()) {
            problem(key, "expected a list of channels, got " + v);
            return out;
        }
        for (JsonNode c : v) {
            if (!channels.contains(c.asText())) {
                problem(key, "channel " + c.asText() + " is not served by any device of this node");
            } else {
                out.add(c.asText());
            }
        }
        return out;
    }

    /** Reports keys nobody read (typos); call after reading. @return whether this block had no problem */
    public boolean finish() {
        if (present()) {
            node.fieldNames().forEachRemaining(k -> {
                if (!read.contains(k)) {
                    problem(k, "unknown setting");
                }
            });
        }
        return problems.size() == problemsBefore;
    }

    public List<String> problemsList() {
        return problems;
    }

    public void problem(String key, String message) {
        problems.add((key.isEmpty() ? path : path + "." + key) + ": " + message);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
