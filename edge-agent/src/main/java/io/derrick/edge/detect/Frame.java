package io.derrick.edge.detect;

import java.util.Map;

/**
 * The rig at one instant, as the detectors see it: the newest value of each channel (NaN when the channel's
 * newest reading is not good) and when each channel was last good. A channel the node does not have is absent.
 */
public record Frame(long timeMs, Map<String, Double> values, Map<String, Long> lastGoodMs) {

    public double value(String channel) {
        Double v = values.get(channel);
        return v == null ? Double.NaN : v;
    }

    public boolean has(String channel) {
        return values.containsKey(channel);
    }

    /** Milliseconds since the channel was last good; {@code Long.MAX_VALUE} if never. */
    public long sinceGoodMs(String channel) {
        Long t = lastGoodMs.get(channel);
        return t == null || t == 0 ? Long.MAX_VALUE : timeMs - t;
    }
}
