package io.derrick.edge.detect.drilling;

import io.derrick.edge.detect.TimeWindow;

/** Whether a flow (or stroke rate) has been on and steady for a while: pumps up, not ramping. */
final class Steady {
    private final TimeWindow window;
    private final double minimum;
    private final double tolerance;

    /** @param tolerance allowed spread (max - min) as a fraction of the mean */
    Steady(double spanS, double minimum, double tolerance) {
        this.window = new TimeWindow((long) (spanS * 1000));
        this.minimum = minimum;
        this.tolerance = tolerance;
    }

    boolean update(long t, double value) {
        if (Double.isNaN(value) || value < minimum) {
            window.clear();
            return false;
        }
        window.add(t, value);
        return window.covers(0.95) && window.max() - window.min() <= tolerance * window.mean();
    }
}
