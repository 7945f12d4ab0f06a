package io.derrick.edge.detect;

/**
 * A slowly following "normal" level: an exponentially weighted mean with a time constant, updated only when
 * the caller says the rig is in a normal state, so a developing fault is not learned as normal.
 */
public final class Baseline {
    private final double timeConstantMs;
    private final long warmupMs;
    private double value = Double.NaN;
    private long lastMs;
    private long learnedMs;

    public Baseline(double timeConstantS, double warmupS) {
        this.timeConstantMs = timeConstantS * 1000;
        this.warmupMs = (long) (warmupS * 1000);
    }

    public void learn(long timeMs, double sample) {
        if (Double.isNaN(sample)) {
            return;
        }
        if (Double.isNaN(value)) {
            value = sample;
        } else {
            long dt = Math.max(0, Math.min(timeMs - lastMs, 60_000));
            value += (sample - value) * (1 - Math.exp(-dt / timeConstantMs));
            learnedMs += dt;
        }
        lastMs = timeMs;
    }

    /** Not yet: it has learned for less than its warm-up time. */
    public boolean ready() {
        return !Double.isNaN(value) && learnedMs >= warmupMs;
    }

    public double value() {
        return value;
    }

    /** Learning stopped (fault, pumps off): the next sample continues from here without a jump in time. */
    public void pause(long timeMs) {
        lastMs = timeMs;
    }
}
