package io.derrick.hub.history;

import java.util.Map;

/**
 * What a rig is doing, estimated from its channels the way rig-state detection does it on the drill
 * floor: where the bit is against the bottom of the hole (DEPT − BDEP), weight on bit, pump flow, and
 * which way the bit has been moving. It needs no activity code from the rig, so it works for any rig
 * that reports depths, WOB and flow. One instance per rig: it remembers the direction of the last trip.
 */
public final class RigActivity {
    public enum State { DRILLING, CIRCULATING, CONNECTION, TRIP_IN, TRIP_OUT, IDLE, UNKNOWN }

    /** The bit is "on bottom" closer than this (m). */
    static final double ON_BOTTOM_M = 0.3;
    /** Off bottom by less than a stand (m): connection work, not a trip. */
    static final double CONNECTION_BAND_M = 35;
    static final double DRILLING_WOB_KN = 5;
    public static final double PUMPING_LPM = 100;
    /** Bit movement (m) between two classifications that counts as moving. */
    static final double MOVING_M = 0.05;

    private double lastBitDepth = Double.NaN;
    private State lastTrip = null;

    /** Classifies the latest values (mnemonic → value); channels that are missing leave the state UNKNOWN. */
    public synchronized State classify(Map<String, Double> latest) {
        Double hole = latest.get("DEPT");
        Double bit = latest.get("BDEP");
        if (hole == null || bit == null) {
            return State.UNKNOWN;
        }
        double wob = latest.getOrDefault("WOB", 0.0);
        double flow = latest.getOrDefault("MFIA", 0.0);
        double offBottom = hole - bit;
        double moved = Double.isNaN(lastBitDepth) ? 0 : bit - lastBitDepth;
        lastBitDepth = bit;
        if (offBottom < ON_BOTTOM_M) {
            if (wob > DRILLING_WOB_KN) {
                return State.DRILLING;
            }
            return flow > PUMPING_LPM ? State.CIRCULATING : State.IDLE;
        }
        if (offBottom < CONNECTION_BAND_M) {
            return State.CONNECTION;
        }
        if (moved > MOVING_M) {
            lastTrip = State.TRIP_IN;
        } else if (moved < -MOVING_M) {
            lastTrip = State.TRIP_OUT;
        }
        if (lastTrip != null) {
            return lastTrip;
        }
        return flow > PUMPING_LPM ? State.CIRCULATING : State.IDLE;
    }
}
