package io.derrick.edge.live;

import io.derrick.edge.buffer.Reading;
import io.derrick.edge.detect.Frame;
import io.derrick.protocol.Quality;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest value of every channel and a short trend for sparklines, fed with every polled value (deadband
 * or not) after the buffer stored it. Read by the detectors (as {@link Frame}s) and by the status page.
 */
public final class LiveValues {
    /** One trend point per channel every this many ms; {@link #TREND_POINTS} of them (10 minutes). */
    public static final long TREND_STEP_MS = 5_000;
    public static final int TREND_POINTS = 120;

    public record Value(String channel, double value, Quality quality, long timeMs, long lastGoodMs) {
    }

    private final Map<String, Value> latest = new HashMap<>();
    private final Map<String, ArrayDeque<double[]>> trends = new HashMap<>();

    public synchronized void accept(List<Reading> readings) {
        for (Reading r : readings) {
            Value before = latest.get(r.channel());
            boolean good = r.quality() == Quality.GOOD && !Double.isNaN(r.value());
            long lastGood = good ? r.timeMs() : before == null ? 0 : before.lastGoodMs();
            latest.put(r.channel(), new Value(r.channel(), good ? r.value() : Double.NaN, r.quality(), r.timeMs(), lastGood));
            if (good) {
                ArrayDeque<double[]> trend = trends.computeIfAbsent(r.channel(), c -> new ArrayDeque<>());
                double[] last = trend.peekLast();
                if (last == null || r.timeMs() - (long) last[0] >= TREND_STEP_MS) {
                    trend.addLast(new double[] {r.timeMs(), r.value()});
                    if (trend.size() > TREND_POINTS) {
                        trend.removeFirst();
                    }
                }
            }
        }
    }

    public synchronized Map<String, Value> snapshot() {
        return new TreeMap<>(latest);
    }

    /** The channel's trend as [time ms, value] pairs, oldest first. */
    public synchronized List<double[]> trend(String channel) {
        ArrayDeque<double[]> trend = trends.get(channel);
        return trend == null ? List.of() : List.copyOf(trend);
    }

    /** What the detectors see at {@code nowMs}: the newest good value of each channel (NaN when it is not good). */
    public synchronized Frame frame(long nowMs) {
        Map<String, Double> values = new HashMap<>();
        Map<String, Long> lastGood = new HashMap<>();
        for (Value v : latest.values()) {
            values.put(v.channel(), v.value());
            lastGood.put(v.channel(), v.lastGoodMs());
        }
        return new Frame(nowMs, values, lastGood);
    }
}
