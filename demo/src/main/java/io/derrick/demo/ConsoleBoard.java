package io.derrick.demo;

import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.ReadingBatch;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hub received, one line per rig, printed periodically: proof on the console that readings
 * travel sensor -> agent -> broker -> hub, with the bytes each reading cost on the wire. The hub's fleet dashboard
 * shows the same in a browser.
 */
final class ConsoleBoard {
    private static final String[] ACTIVITIES = {"unknown", "drilling", "connection", "trip in", "trip out", "circulating"};
    private final MessageCodec codec = new MessageCodec();
    private final Map<String, Map<String, Double>> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> readings = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();

    ConsoleBoard(io.derrick.hub.Hub hub) {
        hub.onIngested((m, outcome) -> accept(m));
    }

    private void accept(io.derrick.hub.ingest.Incoming m) {
        byte[] payload = m.payload();
        if (m.problem() != null) {
            System.out.println("board: the hub rejected a payload on " + m.topic() + ": " + m.problem().getMessage());
        } else {
            if (m.message() instanceof ReadingBatch batch) {
                Map<String, Double> values = latest.computeIfAbsent(batch.rig(), r -> new ConcurrentHashMap<>());
                for (ChannelSeries s : batch.series()) {
                    if (s.size() > 0) {
                        values.put(s.channel(), s.values()[s.size() - 1]);
                    }
                }
                readings.computeIfAbsent(batch.rig(), r -> new AtomicLong()).addAndGet(batch.readingCount());
                bytes.computeIfAbsent(batch.rig(), r -> new AtomicLong()).addAndGet(payload.length);
            }
        }
    }

    void print() {
        for (Map.Entry<String, Map<String, Double>> rig : new TreeMap<>(latest).entrySet()) {
            Map<String, Double> v = rig.getValue();
            long n = readings.get(rig.getKey()).get();
            int activity = (int) Math.round(v.getOrDefault("RIGACT", 0.0));
            System.out.printf("%s  %-11s  hole %7s m  bit %7s m  hookload %6s kN  WOB %5s kN  RPM %5s  SPP %6s kPa  "
                            + "flow in/out %5s/%5s L/min  pits %5s m3  | %d readings in the hub, %.1f bytes/reading on the wire%n",
                    rig.getKey(), ACTIVITIES[Math.max(0, Math.min(5, activity))], get(v, "DEPT", 1), get(v, "BDEP", 1), get(v, "HKLD", 0),
                    get(v, "WOB", 1), get(v, "RPM", 1), get(v, "SPPA", 0), get(v, "MFIA", 0), get(v, "MFOA", 0), get(v, "TVA", 1),
                    n, n == 0 ? 0.0 : (double) bytes.get(rig.getKey()).get() / n);
        }
    }

    /** The channel's latest value with {@code decimals}, or "—" while it has none (a channel out, a device down). */
    private static String get(Map<String, Double> v, String channel, int decimals) {
        double value = v.getOrDefault(channel, Double.NaN);
        return Double.isNaN(value) ? "—" : String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }
}
