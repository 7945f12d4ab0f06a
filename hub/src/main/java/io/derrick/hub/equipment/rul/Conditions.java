package io.derrick.hub.equipment.rul;

import smile.clustering.KMeans;
import smile.math.MathEx;

import java.io.Serializable;
import java.util.List;

/**
 * Operating conditions and the normalisation of the channels within each. A unit's channels move as much with
 * the conditions it runs at (altitude and throttle of an engine, the stroke rate of a pump) as with its wear; the
 * wear shows once each channel is taken relative to its own mean and spread in the condition of the step.
 * <p>
 * The conditions are found from the settings alone, with no per-data-set code: k-means on the standardised
 * settings for k = 1…8, and the smallest k whose clusters hold 99 % of the settings' variance. Settings that only
 * jitter around one point (C-MAPSS FD001 and FD003) never reach that, so they are one condition; FD002 and FD004's
 * six flight conditions are found as six.
 */
public final class Conditions implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_K = 8;
    private static final double EXPLAINED = 0.99;

    private final double[] settingMean;
    private final double[] settingScale;
    private final double[][] centres;
    private final double[][] mean;
    private final double[][] scale;

    private Conditions(double[] settingMean, double[] settingScale, double[][] centres, double[][] mean, double[][] scale) {
        this.settingMean = settingMean;
        this.settingScale = settingScale;
        this.centres = centres;
        this.mean = mean;
        this.scale = scale;
    }

    public static Conditions fit(List<UnitHistory> units, long seed) {
        int ns = units.getFirst().settings()[0].length;
        int nc = units.getFirst().channels()[0].length;
        int rows = units.stream().mapToInt(UnitHistory::steps).sum();
        double[][] s = new double[rows][];
        int r = 0;
        for (UnitHistory u : units) {
            for (double[] v : u.settings()) {
                s[r++] = v;
            }
        }
        double[] sm = new double[ns];
        double[] ss = new double[ns];
        for (int j = 0; j < ns; j++) {
            double[] col = column(s, j);
            sm[j] = MathEx.mean(col);
            double sd = MathEx.stdev(col);
            ss[j] = sd > 1e-12 ? sd : 1;
        }
        double[][] z = new double[rows][ns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < ns; j++) {
                z[i][j] = (s[i][j] - sm[j]) / ss[j];
            }
        }
        double[][] centres = {new double[ns]};
        if (ns > 0) {
            double total = 0; // the mean squared distance to the centre, as k-means reports its distortion
            for (double[] v : z) {
                total += MathEx.squaredDistance(v, new double[ns]);
            }
            total /= rows;
            for (int k = 2; k <= MAX_K && total > 0; k++) {
                MathEx.setSeed(seed);
                var km = KMeans.fit(z, k, 50);
                if (km.distortion() <= (1 - EXPLAINED) * total) {
                    centres = new double[k][];
                    for (int c = 0; c < k; c++) {
                        centres[c] = km.center(c);
                    }
                    break;
                }
            }
        }
        Conditions shell = new Conditions(sm, ss, centres, null, null);
        int k = centres.length;
        double[][] sum = new double[k][nc];
        double[][] sq = new double[k][nc];
        int[] count = new int[k];
        for (UnitHistory u : units) {
            for (int i = 0; i < u.steps(); i++) {
                int c = shell.of(u.settings()[i]);
                count[c]++;
                for (int j = 0; j < nc; j++) {
                    double v = u.channels()[i][j];
                    sum[c][j] += v;
                    sq[c][j] += v * v;
                }
            }
        }
        double[][] mean = new double[k][nc];
        double[][] scale = new double[k][nc];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < nc; j++) {
                int n = Math.max(1, count[c]);
                mean[c][j] = sum[c][j] / n;
                double var = Math.max(0, sq[c][j] / n - mean[c][j] * mean[c][j]);
                scale[c][j] = Math.sqrt(var);
            }
        }
        return new Conditions(sm, ss, centres, mean, scale);
    }

    public int count() {
        return centres.length;
    }

    /** The condition a step's settings belong to: the nearest centre. */
    public int of(double[] settings) {
        if (centres.length == 1) {
            return 0;
        }
        double[] z = new double[settings.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = (settings[j] - settingMean[j]) / settingScale[j];
        }
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centres.length; c++) {
            double d = MathEx.squaredDistance(z, centres[c]);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Whether a channel varies at all within the conditions (a constant channel carries nothing). */
    public boolean varies(int channel) {
        for (double[] s : scale) {
            if (s[channel] > 1e-9 * Math.max(1, Math.abs(mean[0][channel]))) {
                return true;
            }
        }
        return false;
    }

    /** The channels of one step as standard scores within its condition. */
    public double[] normalise(double[] settings, double[] channels) {
        int c = of(settings);
        double[] z = new double[channels.length];
        for (int j = 0; j < z.length; j++) {
            double sd = scale[c][j];
            z[j] = sd > 1e-12 ? (channels[j] - mean[c][j]) / sd : 0;
        }
        return z;
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }
}
