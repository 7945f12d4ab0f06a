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
            System.out.printf("%s  %-11s  hole %7.1f m  bit %7.1f m  hookload %6.0f kN  WOB %5.1f kN  RPM %5.1f  SPP %6.0f kPa  "
                            + "flow in/out %5.0f/%5.0f L/min  pits %5.1f m3  | %d readings in the hub, %.1f bytes/reading on the wire%n",
                    rig.getKey(), ACTIVITIES[Math.max(0, Math.min(5, activity))], get(v, "DEPT"), get(v, "BDEP"), get(v, "HKLD"),
                    get(v, "WOB"), get(v, "RPM"), get(v, "SPPA"), get(v, "MFIA"), get(v, "MFOA"), get(v, "TVA"),
                    n, n == 0 ? 0.0 : (double) bytes.get(rig.getKey()).get() / n);
        }
    }

    private static double get(Map<String, Double> v, String channel) {
        return v.getOrDefault(channel, Double.NaN);
    }
}
