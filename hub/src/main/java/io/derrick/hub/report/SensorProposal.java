package io.derrick.hub.report;

import io.derrick.hub.history.RigActivity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rig's own sensors say about a shift, from the minute rollups of its window: hole depth at start and end,
 * metres drilled, on-bottom hours and ROP, and hours per rig state (history's {@link RigActivity} on each minute's
 * averages, with runs shorter than their state's minimum folded into the run before, as rig-state tools do; the
 * first and last stand of a trip, which pass within a stand of bottom, are trip, not connection; a string at rest off
 * bottom is idle, not still tripping). The runs become the proposed activity log. Plain logic; the repository reads
 * the minutes. Measured against the simulator's ground truth by RigStateEvaluationTest.
 */
public final class SensorProposal {
    /**
     * A state must hold this long to count as one (hysteresis): a 3-minute pause on bottom stays drilling. A
     * connection is short by nature (two to three minutes on a stand), so it counts from its first minute.
     */
    static final int MIN_RUN_MINUTES = 5;
    static final Map<String, Integer> MIN_RUN_OF_STATE = Map.of("connection", 1);
    /** The code each measured state proposes on the activity log; idle is the supervisor's to classify. */
    static final Map<String, String> CODE_OF_STATE = Map.of("drilling", "2", "connection", "2.1", "trip", "6", "circulating", "5");

    /** One minute of the rig: each channel's average over it. */
    public record Minute(Instant bucket, Map<String, Double> averages) {
    }

    /** A run of one state, as a proposed activity row. */
    public record Run(String state, Instant start, Instant end) {
        public double hours() {
            return (end.toEpochMilli() - start.toEpochMilli()) / 3_600_000.0;
        }
    }

    /**
     * The sensors' figures. {@code coverage}: the share of the shift's minutes with data. Depths and metres are null
     * when the rig reports no hole depth.
     */
    public record Measured(Double depthStart, Double depthEnd, double metres, double onBottomHours, Double rop,
                           Map<String, Double> hoursByState, List<Run> runs, double coverage) {
    }

    private SensorProposal() {
    }

    public static Measured measure(List<Minute> minutes, ShiftWindow w) {
        RigActivity activity = new RigActivity();
        List<String> states = new ArrayList<>();
        List<Instant> at = new ArrayList<>();
        List<Double> bits = new ArrayList<>();
        List<Double> flows = new ArrayList<>();
        Double depthStart = null;
        Double depthEnd = null;
        for (Minute m : minutes) {
            if (!w.contains(m.bucket())) {
                continue;
            }
            RigActivity.State s = activity.classify(m.averages());
            if (s == RigActivity.State.UNKNOWN) {
                continue;
            }
            Double hole = m.averages().get("DEPT");
            if (hole != null) {
                depthStart = depthStart == null ? hole : Math.min(depthStart, hole);
                depthEnd = depthEnd == null ? hole : Math.max(depthEnd, hole);
            }
            states.add(stateName(s));
            at.add(m.bucket());
            bits.add(m.averages().get("BDEP"));
            flows.add(m.averages().getOrDefault("MFIA", 0.0));
        }
        tripsThroughTheConnectionBand(states, bits);
        connectionsNextToATripAreTrip(states);
        atRestOffBottom(states, bits, flows);
        List<Run> runs = runs(states, at);
        Map<String, Double> hours = new LinkedHashMap<>();
        for (String s : List.of("drilling", "connection", "trip", "circulating", "idle")) {
            hours.put(s, 0.0);
        }
        for (Run r : runs) {
            hours.merge(r.state(), r.hours(), Double::sum);
        }
        double metres = depthStart == null ? 0 : depthEnd - depthStart;
        double onBottom = hours.get("drilling");
        double windowMinutes = w.hours() * 60;
        return new Measured(depthStart, depthEnd, metres, onBottom, onBottom > 0 ? metres / onBottom : null, hours, runs,
                windowMinutes == 0 ? 0 : Math.min(1, states.size() / windowMinutes));
    }

    /** The bit moving this far a minute, minutes on end, is a trip, not a connection. */
    static final double TRIP_M_PER_MINUTE = 0.5;
    static final int TRIP_MINUTES = 3;

    /**
     * The first and last stand of a trip are within a stand of bottom, where history's estimate says "connection":
     * at a connection the bit is picked up and set in the slips, on a trip it keeps moving. Minutes near bottom with
     * the bit moving {@value #TRIP_M_PER_MINUTE} m a minute or more, {@value #TRIP_MINUTES} minutes on end, are a trip.
     */
    static void tripsThroughTheConnectionBand(List<String> states, List<Double> bits) {
        int i = 1;
        while (i < states.size()) {
            int j = i;
            while (j < states.size() && states.get(j).equals("connection") && moved(bits, j) >= TRIP_M_PER_MINUTE) {
                j++;
            }
            if (j - i >= TRIP_MINUTES) {
                for (int k = i; k < j; k++) {
                    states.set(k, "trip");
                }
            }
            i = Math.max(j, i + 1);
        }
    }

    /**
     * Minutes within a stand of bottom next to a trip are the trip's first or last stand (pulling off bottom, or
     * running the last stand down), not a connection: a connection is between two stretches on bottom.
     */
    static void connectionsNextToATripAreTrip(List<String> states) {
        int i = 0;
        while (i < states.size()) {
            if (!states.get(i).equals("connection")) {
                i++;
                continue;
            }
            int j = i;
            while (j < states.size() && states.get(j).equals("connection")) {
                j++;
            }
            boolean tripBefore = i > 0 && states.get(i - 1).equals("trip");
            boolean tripAfter = j < states.size() && states.get(j).equals("trip");
            if (tripBefore || tripAfter) {
                for (int k = i; k < j; k++) {
                    states.set(k, "trip");
                }
            }
            i = j;
        }
    }

    /** The bit still for a whole minute is no trip: history's estimate remembers the last trip, a string at rest is idle (or circulating). */
    static final double AT_REST_M = 0.1;

    static void atRestOffBottom(List<String> states, List<Double> bits, List<Double> flows) {
        for (int i = 1; i < states.size(); i++) {
            if (states.get(i).equals("trip") && bits.get(i) != null && bits.get(i - 1) != null && moved(bits, i) < AT_REST_M) {
                states.set(i, flows.get(i) > RigActivity.PUMPING_LPM ? "circulating" : "idle");
            }
        }
    }

    private static double moved(List<Double> bits, int i) {
        Double now = bits.get(i);
        Double before = bits.get(i - 1);
        return now == null || before == null ? 0 : Math.abs(now - before);
    }

    /** Consecutive minutes of one state as runs; a run shorter than the minimum joins the one before; a gap ends a run. */
    static List<Run> runs(List<String> states, List<Instant> at) {
        List<Run> runs = new ArrayList<>();
        int i = 0;
        while (i < states.size()) {
            int j = i;
            while (j + 1 < states.size() && states.get(j + 1).equals(states.get(i))
                    && at.get(j + 1).equals(at.get(j).plus(1, ChronoUnit.MINUTES))) {
                j++;
            }
            Instant start = at.get(i);
            Instant end = at.get(j).plus(1, ChronoUnit.MINUTES);
            Run run = new Run(states.get(i), start, end);
            Run prev = runs.isEmpty() ? null : runs.getLast();
            boolean contiguous = prev != null && prev.end().equals(start);
            if (contiguous && (run.hours() * 60 < MIN_RUN_OF_STATE.getOrDefault(run.state(), MIN_RUN_MINUTES) || prev.state().equals(run.state()))) {
                runs.set(runs.size() - 1, new Run(prev.state(), prev.start(), end));
            } else {
                runs.add(run);
            }
            i = j + 1;
        }
        return runs;
    }

    private static String stateName(RigActivity.State s) {
        return switch (s) {
            case DRILLING -> "drilling";
            case CONNECTION -> "connection";
            case TRIP_IN, TRIP_OUT -> "trip";
            case CIRCULATING -> "circulating";
            case IDLE, UNKNOWN -> "idle";
        };
    }
}
