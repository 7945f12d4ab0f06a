package io.derrick.hub.equipment.rul;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The features of each step of a unit's history, from that step and the ones before it only (a prediction never
 * sees the future).
 * <p>
 * {@link Kind#WINDOWED}, per kept channel (standard scores within the operating condition) and for the health
 * index (the channels' linear fit to the remaining life): the last value, the mean of the last 5 steps, the mean
 * and standard deviation of the last {@code window} steps, exponentially smoothed levels (α = 0.3 and 0.1), the
 * least-squares slope over the last {@code window} steps and over the whole history; and the unit's age.
 * {@link Kind#RAW}: the step's raw channel values and the age — the "default features" a model gets with no work,
 * kept to show what the windowed ones buy.
 */
public final class Features implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { WINDOWED, RAW }

    private static final String[] PER_CHANNEL = {"last", "mean5", "meanW", "sdW", "ewm30", "ewm10", "slopeW", "slopeAll"};

    private final Kind kind;
    private final int window;
    private final int[] channels;
    private final List<String> channelNames;
    private final double[] healthWeights;
    private final double healthIntercept;

    public Features(Kind kind, int window, int[] channels, List<String> channelNames, double[] healthWeights,
                    double healthIntercept) {
        this.kind = kind;
        this.window = window;
        this.channels = channels;
        this.channelNames = List.copyOf(channelNames);
        this.healthWeights = healthWeights;
        this.healthIntercept = healthIntercept;
    }

    public Kind kind() {
        return kind;
    }

    public int window() {
        return window;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("age");
        if (kind == Kind.RAW) {
            for (int c : channels) {
                names.add(channelNames.get(c));
            }
            return names;
        }
        List<String> series = new ArrayList<>();
        for (int c : channels) {
            series.add(channelNames.get(c));
        }
        series.add("health");
        for (String s : series) {
            for (String f : PER_CHANNEL) {
                names.add(s + "_" + f);
            }
        }
        return names;
    }

    /** The feature rows of every step of a unit. */
    public double[][] rows(UnitHistory u, Conditions conditions) {
        int n = u.steps();
        double[][] out = new double[n][];
        if (kind == Kind.RAW) {
            for (int i = 0; i < n; i++) {
                double[] r = new double[1 + channels.length];
                r[0] = u.age()[i];
                for (int j = 0; j < channels.length; j++) {
                    r[1 + j] = u.channels()[i][channels[j]];
                }
                out[i] = r;
            }
            return out;
        }
        int s = channels.length + 1;
        double[][] series = new double[s][n];
        for (int i = 0; i < n; i++) {
            double[] z = conditions.normalise(u.settings()[i], u.channels()[i]);
            double health = healthIntercept;
            for (int j = 0; j < channels.length; j++) {
                series[j][i] = z[channels[j]];
                health += healthWeights[j] * z[channels[j]];
            }
            series[s - 1][i] = health;
        }
        int width = 1 + s * PER_CHANNEL.length;
        for (int i = 0; i < n; i++) {
            out[i] = new double[width];
            out[i][0] = u.age()[i];
        }
        for (int j = 0; j < s; j++) {
            fill(series[j], u.age(), out, 1 + j * PER_CHANNEL.length);
        }
        return out;
    }

    private void fill(double[] y, double[] age, double[][] out, int at) {
        int n = y.length;
        double ewFast = y[0];
        double ewSlow = y[0];
        // running sums for the slopes: over the whole history and (by difference) over the window
        double[] sx = new double[n + 1];
        double[] sy = new double[n + 1];
        double[] sxx = new double[n + 1];
        double[] sxy = new double[n + 1];
        double[] syy = new double[n + 1];
        for (int i = 0; i < n; i++) {
            double x = age[i] - age[0];
            sx[i + 1] = sx[i] + x;
            sy[i + 1] = sy[i] + y[i];
            sxx[i + 1] = sxx[i] + x * x;
            sxy[i + 1] = sxy[i] + x * y[i];
            syy[i + 1] = syy[i] + y[i] * y[i];
        }
        for (int i = 0; i < n; i++) {
            ewFast = i == 0 ? y[0] : 0.3 * y[i] + 0.7 * ewFast;
            ewSlow = i == 0 ? y[0] : 0.1 * y[i] + 0.9 * ewSlow;
            int from5 = Math.max(0, i - 4);
            int fromW = Math.max(0, i - window + 1);
            double m5 = (sy[i + 1] - sy[from5]) / (i + 1 - from5);
            int nw = i + 1 - fromW;
            double mw = (sy[i + 1] - sy[fromW]) / nw;
            double varW = Math.max(0, (syy[i + 1] - syy[fromW]) / nw - mw * mw);
            double[] r = out[i];
            r[at] = y[i];
            r[at + 1] = m5;
            r[at + 2] = mw;
            r[at + 3] = Math.sqrt(varW);
            r[at + 4] = ewFast;
            r[at + 5] = ewSlow;
            r[at + 6] = slope(sx, sy, sxx, sxy, fromW, i + 1);
            r[at + 7] = slope(sx, sy, sxx, sxy, 0, i + 1);
        }
    }

    private static double slope(double[] sx, double[] sy, double[] sxx, double[] sxy, int from, int to) {
        int n = to - from;
        if (n < 2) {
            return 0;
        }
        double mx = (sx[to] - sx[from]) / n;
        double my = (sy[to] - sy[from]) / n;
        double cxx = (sxx[to] - sxx[from]) / n - mx * mx;
        double cxy = (sxy[to] - sxy[from]) / n - mx * my;
        return cxx > 1e-12 ? cxy / cxx : 0;
    }
}
