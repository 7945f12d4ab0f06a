package io.derrick.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One-line fixtures for protocol messages. */
final class Messages {
    static final Instant T = Instant.parse("2026-11-22T06:00:00Z");

    private Messages() {
    }

    static ChannelSeries series(String channel, long startMs, double... values) {
        long[] times = new long[values.length];
        Quality[] quality = new Quality[values.length];
        for (int i = 0; i < values.length; i++) {
            times[i] = startMs + 1000L * i;
            quality[i] = Double.isNaN(values[i]) ? Quality.STALE : Quality.GOOD;
        }
        return new ChannelSeries(channel, times, values, quality);
    }

    static ReadingBatch batch(long seq, ChannelSeries... series) {
        return new ReadingBatch("rig-01", "edge-01", seq, List.of(series));
    }

    static Birth birth() {
        return new Birth("rig-01", "edge-01", "0.1.0", "abc123", T, 42, 10, 3,
                List.of(new ChannelSpec("HKLD", "kN", 0, 4500, "adam-1", "hookload")));
    }

    static Event event() {
        return new Event("rig-01", "edge-01", 7, T, Event.Type.DATA_LOSS, Event.Severity.WARNING, List.of("HKLD"),
                Double.NaN, "buffer full", Map.of("droppedReadings", 120.0), null);
    }

    static Event alarmEvent() {
        return new Event("rig-01", "edge-01", 8, T, Event.Type.ALARM_RAISED, Event.Severity.CRITICAL, List.of("MFIA", "MFOA"),
                0.93, "flow out exceeds flow in by 9 %", Map.of("excessPct", 9.0), "kick");
    }

    static Command command() {
        return new Command("rig-01", "edge-01", "c-1", Command.Type.ACK_ALARM, T, Map.of("alarm", "HKLD-high", "by", "jo"));
    }

    static Topic topic(TopicKind kind) {
        return Topic.of("rig-01", "edge-01", kind);
    }
}
