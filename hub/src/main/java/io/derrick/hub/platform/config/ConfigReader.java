package io.derrick.hub.platform.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigMappingException;
import io.helidon.config.MissingValueException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads one subtree of the hub's configuration ({@code alerts}, {@code security}, …) into values, collecting every
 * problem with its full key instead of stopping at the first, so that a start with a bad config lists all that is
 * wrong and the key of each. Every feature reads its own subtree with one of these; the hub fails to start, before it
 * starts anything, when any reader found a problem ({@link #throwIfAny}).
 */
public final class ConfigReader {
    /** The hub's configuration is wrong; every problem names its key. */
    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(List<String> problems) {
            super("invalid hub configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    private final Config node;
    private final String path;
    private final List<String> problems;

    private ConfigReader(Config node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** A reader of the whole configuration, with a fresh list of problems. */
    public static ConfigReader of(Config root) {
        return new ConfigReader(root, "", new ArrayList<>());
    }

    /** The subtree {@code key} (dotted), sharing this reader's problems. */
    public ConfigReader get(String key) {
        return new ConfigReader(node.get(key), key(key), problems);
    }

    /** The names of the keys under {@code key} (a map such as per-kind thresholds), in no promised order. */
    public List<String> keys(String key) {
        Config m = node.get(key);
        if (!m.exists() || m.isLeaf()) {
            return List.of();
        }
        return m.asNodeList().map(l -> l.stream().map(Config::name).toList()).orElse(List.of());
    }

    /** The items of a list at {@code key}: readers named {@code key[0]}, {@code key[1]}, … */
    public List<ConfigReader> list(String key) {
        Config list = node.get(key);
        if (!list.exists() || (list.isLeaf() && list.asString().orElse("").isBlank())) {
            return List.of();
        }
        if (list.isLeaf()) {
            problem(key, "expected a list");
            return List.of();
        }
        List<Config> nodes = list.asNodeList().orElse(List.of());
        List<ConfigReader> items = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            items.add(new ConfigReader(nodes.get(i), key(key) + "[" + i + "]", problems));
        }
        return items;
    }

    public boolean has(String key) {
        return node.get(key).exists();
    }

    /** The full key of {@code key} under this subtree, for messages. */
    public String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public void problem(String key, String message) {
        problems.add(key(key) + ": " + message);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Fails the start with every problem found, when there is one. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** Settings under this subtree that no one reads are refused, naming the allowed ones. */
    public void onlyKnown(Set<String> known) {
        for (Config child : node.asNodeList().orElse(List.of())) {
            if (!known.contains(child.name())) {
                problem(child.name(), "unknown setting; allowed: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A string that must be there (hub-defaults.yaml has every key). */
    public String string(String key) {
        try {
            return node.get(key).asString().get().strip();
        } catch (MissingValueException | ConfigMappingException e) {
            problem(key, "missing");
            return "";
        }
    }

    /** A string as written, spaces kept (a password); empty when absent. */
    public String raw(String key) {
        return node.get(key).asString().orElse("");
    }

    /** A string, or {@code fallback} when the key is absent. */
    public String string(String key, String fallback) {
        return node.get(key).exists() ? string(key) : fallback;
    }

    public int integer(String key, int min, int max) {
        return integer(key, null, min, max);
    }

    /** An integer from {@code min} to {@code max}; {@code fallback} when absent (null: it must be there). */
    public int integer(String key, Integer fallback, int min, int max) {
        if (fallback != null && !node.get(key).exists()) {
            return fallback;
        }
        String text = string(key);
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                problem(key, "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            problem(key, "expected an integer, got '" + text + "'");
            return fallback == null ? min : fallback;
        }
    }

    public String choice(String key, String... allowed) {
        String text = string(key);
        if (!Arrays.asList(allowed).contains(text)) {
            problem(key, "expected one of " + String.join(", ", allowed) + ", got '" + text + "'");
        }
        return text;
    }

    public boolean bool(String key, boolean fallback) {
        if (!node.get(key).exists()) {
            return fallback;
        }
        String text = string(key);
        if (!text.equals("true") && !text.equals("false")) {
            problem(key, "expected true or false, got '" + text + "'");
            return fallback;
        }
        return text.equals("true");
    }

    /** An ISO-8601 duration (PT15M); {@code fallback} when absent (null: it must be there). */
    public Duration duration(String key, Duration fallback) {
        if (fallback != null && !node.get(key).exists()) {
            return fallback;
        }
        String text = string(key);
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            problem(key, "expected an ISO-8601 duration such as PT15M, got '" + text + "'");
            return fallback == null ? Duration.ZERO : fallback;
        }
    }

    /** A duration that must be longer than zero. */
    public Duration positiveDuration(String key, Duration fallback) {
        Duration d = duration(key, fallback);
        if (d.isNegative() || d.isZero()) {
            problem(key, "must be positive, got " + d);
        }
        return d;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        if (!node.get(key).exists()) {
            return fallback;
        }
        String text = string(key);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            problem(key, "expected one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList())
                    + ", got '" + text + "'");
            return fallback;
        }
    }

    /** A list of strings, or one value (comma-separated) written without brackets; empty when absent. */
    public List<String> strings(String key) {
        Config c = node.get(key);
        if (!c.exists()) {
            return List.of();
        }
        if (c.isLeaf()) {
            String value = c.asString().orElse("").strip();
            return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
        }
        return c.asList(String.class).orElse(List.of()).stream().map(String::strip).toList();
    }

    /** Email addresses (RFC 822, strict); each bad one is a problem. */
    public List<String> addresses(String key) {
        List<String> valid = new ArrayList<>();
        for (String address : strings(key)) {
            if (isAddress(address)) {
                valid.add(address);
            } else {
                problem(key, "'" + address + "' is not an email address");
            }
        }
        return valid;
    }

    /** One email address. */
    public String address(String key) {
        String text = string(key);
        if (!isAddress(text)) {
            problem(key, "'" + text + "' is not an email address");
        }
        return text;
    }

    private static boolean isAddress(String text) {
        try {
            new InternetAddress(text, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }
}
