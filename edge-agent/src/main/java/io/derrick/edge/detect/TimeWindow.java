package io.derrick.edge.detect;

import java.util.ArrayDeque;

/** The samples of the last {@code spanMs}, with their mean, spread and extremes. NaN samples are not kept. */
public final class TimeWindow {
    private final long spanMs;
    private final ArrayDeque<double[]> samples = new ArrayDeque<>();
    private double sum;
    private double sumSq;

    public TimeWindow(long spanMs) {
        this.spanMs = spanMs;
    }

    public void add(long timeMs, double value) {
        if (!Double.isNaN(value)) {
            samples.addLast(new double[] {timeMs, value});
            sum += value;
            sumSq += value * value;
        }
        while (!samples.isEmpty() && samples.peekFirst()[0] < timeMs - spanMs) {
            double[] old = samples.removeFirst();
            sum -= old[1];
            sumSq -= old[1] * old[1];
        }
    }

    public void clear() {
        samples.clear();
        sum = 0;
        sumSq = 0;
    }

    public int size() {
        return samples.size();
    }

    /** Whether the samples span at least {@code fraction} of the window (it has filled). */
    public boolean covers(double fraction) {
        return samples.size() >= 2 && samples.peekLast()[0] - samples.peekFirst()[0] >= spanMs * fraction;
    }

    public double mean() {
        return samples.isEmpty() ? Double.NaN : sum / samples.size();
    }

    public double sd() {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double m = sum / n;
        return Math.sqrt(Math.max(0, sumSq / n - m * m));
    }

    public double min() {
        return samples.stream().mapToDouble(s -> s[1]).min().orElse(Double.NaN);
    }

    public double max() {
        return samples.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN);
    }

    public double first() {
        return samples.isEmpty() ? Double.NaN : samples.peekFirst()[1];
    }

    public double firstTimeMs() {
        return samples.isEmpty() ? Double.NaN : samples.peekFirst()[0];
    }

    public double last() {
        return samples.isEmpty() ? Double.NaN : samples.peekLast()[1];
    }
}
