package io.derrick.hub.testing;

import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.ChannelSpec;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A rig's sensor history for a day shift (06:00–18:00 UTC), published through the broker as its agent would, with a known truth. */
public final class ShiftHistory {
    private ShiftHistory() {
    }

    /**
     * The ground truth, one reading a minute: 06:00–10:00 drilling from 100 m at 3 m/h, 10:00–10:20 a connection (bit
     * 10 m off bottom), 10:20–14:00 drilling, 14:00–16:00 tripping out at 1 m/min, 16:00–18:00 circulating on bottom.
     */
    public static void publishDayShift(InProcessHub hub, TestDatabase db, String rig, LocalDate date) throws Exception {
        publish(hub, db, rig, date.atTime(6, 0).toInstant(ZoneOffset.UTC), 1);
    }

    /** The same twelve hours from {@code start}, as batches {@code firstSeq}.. of the rig's node edge-01. */
    public static void publish(InProcessHub hub, TestDatabase db, String rig, Instant start, long firstSeq) throws Exception {
        long before = db.count("SELECT count(*) FROM rollup_1m");
        int minutes = 12 * 60;
        long[] t = new long[minutes];
        double[][] v = new double[4][minutes];       // DEPT, BDEP, WOB, MFIA
        double hole = 100;
        double bit = 100;
        for (int i = 0; i < minutes; i++) {
            t[i] = start.plus(i, ChronoUnit.MINUTES).toEpochMilli() + 30_000;
            boolean drilling = i < 240 || i >= 260 && i < 480;
            if (drilling) {
                hole += 0.05;
                bit = hole;
            } else if (i < 260) {
                bit = hole - 10;                     // connection
            } else if (i < 600) {
                bit = Math.max(0, bit - 1);          // tripping out
            } else {
                bit = hole;                          // back on bottom, circulating
            }
            v[0][i] = hole;
            v[1][i] = bit;
            v[2][i] = drilling ? 60 : 0;
            v[3][i] = drilling || i >= 600 ? 1800 : 0;
        }
        String[] names = {"DEPT", "BDEP", "WOB", "MFIA"};
        try (Publisher edge = new Publisher(hub.hub().brokerUrl(), "shift-history-" + rig)) {
            edge.publish(new Birth(rig, "edge-01", "test", "cfg", Instant.now(), 1, 0, 0, Arrays.stream(names)
                    .map(n -> new ChannelSpec(n, n.equals("WOB") ? "kN" : n.equals("MFIA") ? "L/min" : "m", 0, 10_000, "daq", n)).toList()));
            for (int hour = 0; hour < 12; hour++) {
                List<ChannelSeries> series = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    Quality[] q = new Quality[60];
                    Arrays.fill(q, Quality.GOOD);
                    series.add(new ChannelSeries(names[c], Arrays.copyOfRange(t, hour * 60, hour * 60 + 60),
                            Arrays.copyOfRange(v[c], hour * 60, hour * 60 + 60), q));
                }
                edge.publish(new ReadingBatch(rig, "edge-01", firstSeq + hour, series));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM rollup_1m") == before + 4L * minutes);
    }
}
