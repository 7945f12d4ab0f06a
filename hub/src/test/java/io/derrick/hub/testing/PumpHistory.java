package io.derrick.hub.testing;

import io.derrick.hardware.simulator.PumpWear;
import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.ChannelSpec;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A worn mud pump's last operating hours, sent by its edge node as the agent sends readings: one reading per channel
 * per hour (at the half hour) of the simulator's run-to-failure pump, ending {@code beforeFailure} hours before it
 * fails, the last one in the hour before now.
 */
public final class PumpHistory {
    private PumpHistory() {
    }

    /** Sends the hours; returns the pump's running hours at the last one. */
    public static double sendWorn(String brokerUrl, String rig, String node, int hours, int beforeFailure) throws Exception {
        return send(brokerUrl, rig, node, hours, PUMP.hours().length - 1 - beforeFailure, 1);
    }

    /** The same pump young: the hours up to its {@code last}-th, as the message {@code seq} of the node. */
    public static double sendYoung(String brokerUrl, String rig, String node, int hours, int last, long seq) throws Exception {
        return send(brokerUrl, rig, node, hours, last, seq);
    }

    /** The worn hours again, as the message {@code seq}. */
    public static double sendWornAgain(String brokerUrl, String rig, String node, int hours, int beforeFailure, long seq) throws Exception {
        return send(brokerUrl, rig, node, hours, PUMP.hours().length - 1 - beforeFailure, seq);
    }

    private static final PumpWear.Unit PUMP = PumpWear.runToFailure(1, 99).getFirst();

    private static double send(String brokerUrl, String rig, String node, int hours, int last, long seq) throws Exception {
        PumpWear.Unit unit = PUMP;
        List<String> channels = new ArrayList<>(PumpWear.CHANNELS);
        channels.addAll(PumpWear.SETTINGS);
        Instant top = Instant.now().truncatedTo(ChronoUnit.HOURS);
        long[] t = new long[hours];
        double[][] v = new double[channels.size()][hours];
        for (int h = 0; h < hours; h++) {
            int step = last - (hours - 1) + h;
            t[h] = top.minus(hours - h, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES).toEpochMilli();
            for (int c = 0; c < PumpWear.CHANNELS.size(); c++) {
                v[c][h] = unit.channels()[step][c];
            }
            v[PumpWear.CHANNELS.size()][h] = unit.settings()[step][0];
        }
        Quality[] good = new Quality[hours];
        Arrays.fill(good, Quality.GOOD);
        List<ChannelSeries> series = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            series.add(new ChannelSeries(channels.get(c), t, v[c], good));
        }
        try (Publisher edge = new Publisher(brokerUrl, "pump-history-" + rig)) {
            edge.publish(new Birth(rig, node, "test", "cfg", Instant.now(), 0, 0, 0,
                    channels.stream().map(c -> new ChannelSpec(c, "", 0, 10_000, "pump", c)).toList()));
            edge.publish(new ReadingBatch(rig, node, seq, series));
        }
        return unit.hours()[last];
    }
}
