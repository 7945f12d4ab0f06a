package io.derrick.hub.equipment.rul;

import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.math.MathEx;
import smile.model.cart.Loss;
import smile.regression.DataFrameRegression;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains a {@link RulModel} on run-to-failure histories: operating conditions, windowed features, a
 * piecewise-linear target (the remaining life, capped: early in its life a unit shows no wear to learn from),
 * and the regressor chosen by cross-validation over the training units only (folds by unit, so no unit is both
 * learnt and judged). The whole pipeline — conditions, channel choice, health index and model — is fitted again
 * in each fold.
 */
public final class RulTrainer {

    public enum Algorithm { GRADIENT_BOOSTING, RANDOM_FOREST }

    /**
     * @param cap        the target's cap (125 for C-MAPSS in the literature)
     * @param window     steps of the windowed features
     * @param folds      cross-validation folds (by unit)
     * @param candidates the algorithms cross-validation chooses from
     * @param trees      trees of either algorithm
     * @param stride     train on every stride-th step of each unit (neighbouring steps are nearly the same row)
     */
    public record Options(double cap, int window, int folds, long seed, Features.Kind features,
                          List<Algorithm> candidates, int trees, int stride) {
        public static Options defaults() {
            return new Options(125, 30, 5, 17, Features.Kind.WINDOWED, List.of(Algorithm.values()), 200, 3);
        }

        public Options withFeatures(Features.Kind kind) {
            return new Options(cap, window, folds, seed, kind, candidates, trees, stride);
        }

        public Options withCandidates(List<Algorithm> list) {
            return new Options(cap, window, folds, seed, features, list, trees, stride);
        }

        public Options withTrees(int n) {
            return new Options(cap, window, folds, seed, features, candidates, n, stride);
        }

        public Options withStride(int n) {
            return new Options(cap, window, folds, seed, features, candidates, trees, n);
        }
    }

    /** A channel whose correlation with the remaining life is weaker than this is left out (noise to the trees). */
    static final double MIN_CORRELATION = 0.1;

    private RulTrainer() {
    }

    public static RulModel train(List<UnitHistory> units, List<String> channelNames, Options o, Consumer<String> progress) {
        if (units.size() < Math.max(2, o.folds())) {
            throw new IllegalArgumentException("training needs at least " + Math.max(2, o.folds()) + " run-to-failure units, got " + units.size());
        }
        Map<String, Double> cv = new LinkedHashMap<>();
        Algorithm best = o.candidates().getFirst();
        double[][] bestResiduals = null;
        for (Algorithm a : o.candidates()) {
            double[][] pr = crossValidate(units, channelNames, o, a, progress);
            double rmse = rmse(pr[0], pr[1]);
            cv.put(a.name(), rmse);
            progress.accept(a + " cross-validated RMSE " + String.format("%.2f", rmse));
            if (bestResiduals == null || rmse < cv.get(best.name())) {
                best = a;
                bestResiduals = pr;
            }
        }
        Fitted f = fit(units, channelNames, o, best);
        // the band is of the true remaining life, not of the capped target: a prediction at the cap may be a unit with
        // much longer to go, and the band says so
        double[][] band = band(bestResiduals[0], bestResiduals[2]);
        return new RulModel(best.name(), o.cap(), f.conditions, f.features, f.regression, band[0], band[1], band[2], cv);
    }

    private record Fitted(Conditions conditions, Features features, DataFrameRegression regression) {
    }

    /** Held-out predictions, their capped truths and their true remaining lives over every step of every unit, fold by fold. */
    private static double[][] crossValidate(List<UnitHistory> units, List<String> names, Options o, Algorithm a,
                                            Consumer<String> progress) {
        // folds in parallel: a gradient-boosting fit is single-threaded (a forest's trees are parallel already)
        int threads = a == Algorithm.GRADIENT_BOOSTING ? Math.min(o.folds(), Runtime.getRuntime().availableProcessors()) : 1;
        List<double[][]> byFold = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<double[][]>> futures = new ArrayList<>();
            for (int fold = 0; fold < o.folds(); fold++) {
                int f = fold;
                futures.add(pool.submit(() -> {
                    double[][] r = fold(units, names, o, a, f);
                    progress.accept(a + " fold " + (f + 1) + "/" + o.folds());
                    return r;
                }));
            }
            for (Future<double[][]> f : futures) {
                byFold.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        double[][] all = new double[3][];
        for (int k = 0; k < 3; k++) {
            int kk = k;
            all[k] = byFold.stream().flatMapToDouble(r -> java.util.Arrays.stream(r[kk])).toArray();
        }
        return all;
    }

    private static double[][] fold(List<UnitHistory> units, List<String> names, Options o, Algorithm a, int fold) {
        List<UnitHistory> train = new ArrayList<>();
        List<UnitHistory> held = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            (i % o.folds() == fold ? held : train).add(units.get(i));
        }
        Fitted f = fit(train, names, o, a);
        RulModel m = new RulModel(a.name(), o.cap(), f.conditions, f.features, f.regression,
                new double[0], new double[1], new double[1], Map.of());
        List<Double> p = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        List<Double> life = new ArrayList<>();
        for (UnitHistory u : held) {
            double[] pu = m.predictEveryStep(u);
            double[] tu = u.remainingLife();
            for (int i = 0; i < pu.length; i++) {
                p.add(pu[i]);
                t.add(Math.min(o.cap(), tu[i]));
                life.add(tu[i]);
            }
        }
        return new double[][]{toArray(p), toArray(t), toArray(life)};
    }

    private static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Fitted fit(List<UnitHistory> units, List<String> names, Options o, Algorithm a) {
        Conditions conditions = Conditions.fit(units, o.seed());
        int nc = names.size();
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < nc; c++) {
            if (conditions.varies(c) && Math.abs(correlation(units, conditions, c, o.cap())) >= MIN_CORRELATION) {
                kept.add(c);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no channel follows the remaining life (|correlation| >= "
                    + MIN_CORRELATION + " within the operating conditions)");
        }
        int[] channels = kept.stream().mapToInt(Integer::intValue).toArray();
        double[] weights = new double[channels.length];
        double intercept = 0;
        if (o.features() == Features.Kind.WINDOWED) {
            double[][] health = healthFit(units, conditions, channels, o.cap());
            weights = health[0];
            intercept = health[1][0];
        }
        Features features = new Features(o.features(), o.window(), channels, names, weights, intercept);
        List<double[]> rows = new ArrayList<>();
        List<Double> target = new ArrayList<>();
        for (UnitHistory u : units) {
            double[][] r = features.rows(u, conditions);
            double[] t = u.remainingLife();
            for (int i = r.length - 1; i >= 0; i -= o.stride()) { // from the failure back, every stride-th step
                rows.add(r[i]);
                target.add(Math.min(o.cap(), t[i]));
            }
        }
        DataFrame df = frame(rows, target, features.names());
        Formula formula = Formula.lhs("rul");
        MathEx.setSeed(o.seed());
        DataFrameRegression model = switch (a) {
            case GRADIENT_BOOSTING -> GradientTreeBoost.fit(formula, df,
                    new GradientTreeBoost.Options(Loss.ls(), o.trees(), 20, 16, 5, 0.05, 0.7, null, null));
            case RANDOM_FOREST -> {
                long[] seeds = new long[o.trees()];
                for (int i = 0; i < seeds.length; i++) {
                    seeds[i] = o.seed() * 1_000_003L + i;
                }
                int p = features.names().size();
                yield RandomForest.fit(formula, df,
                        new RandomForest.Options(o.trees(), Math.max(1, p / 3), 20, 500, 5, 1.0, seeds, null));
            }
        };
        return new Fitted(conditions, features, model);
    }

    /** The correlation of a channel (within its operating conditions) with the capped remaining life. */
    private static double correlation(List<UnitHistory> units, Conditions conditions, int channel, double cap) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (UnitHistory u : units) {
            double[] t = u.remainingLife();
            for (int i = 0; i < u.steps(); i++) {
                x.add(conditions.normalise(u.settings()[i], u.channels()[i])[channel]);
                y.add(Math.min(cap, t[i]));
            }
        }
        double c = MathEx.cor(x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray());
        return Double.isNaN(c) ? 0 : c;
    }

    /** The health index: the least-squares fit of the capped remaining life to the normalised channels. */
    private static double[][] healthFit(List<UnitHistory> units, Conditions conditions, int[] channels, double cap) {
        List<double[]> rows = new ArrayList<>();
        List<Double> target = new ArrayList<>();
        for (UnitHistory u : units) {
            double[] t = u.remainingLife();
            for (int i = 0; i < u.steps(); i++) {
                double[] z = conditions.normalise(u.settings()[i], u.channels()[i]);
                double[] r = new double[channels.length];
                for (int j = 0; j < channels.length; j++) {
                    r[j] = z[channels[j]];
                }
                rows.add(r);
                target.add(Math.min(cap, t[i]));
            }
        }
        return leastSquares(rows, target);
    }

    /**
     * Least squares with an intercept, by the normal equations with a tiny ridge (a dozen channels: Smile's OLS
     * would need the native OpenBLAS, which a rig's hub need not have).
     */
    static double[][] leastSquares(List<double[]> rows, List<Double> target) {
        int p = rows.getFirst().length + 1;
        double[][] a = new double[p][p + 1];
        for (int r = 0; r < rows.size(); r++) {
            double[] x = new double[p];
            x[0] = 1;
            System.arraycopy(rows.get(r), 0, x, 1, p - 1);
            double y = target.get(r);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] += x[i] * x[j];
                }
                a[i][p] += x[i] * y;
            }
        }
        for (int i = 1; i < p; i++) {
            a[i][i] += 1e-6 * rows.size();
        }
        for (int c = 0; c < p; c++) { // Gaussian elimination with partial pivoting
            int pivot = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < p; r++) {
                if (r != c && a[c][c] != 0) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= p; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] w = new double[p - 1];
        for (int i = 1; i < p; i++) {
            w[i - 1] = a[i][i] != 0 ? a[i][p] / a[i][i] : 0;
        }
        return new double[][]{w, {a[0][0] != 0 ? a[0][p] / a[0][0] : 0}};
    }

    private static DataFrame frame(List<double[]> rows, List<Double> target, List<String> names) {
        int p = names.size();
        double[][] data = new double[rows.size()][p + 1];
        for (int i = 0; i < data.length; i++) {
            System.arraycopy(rows.get(i), 0, data[i], 0, p);
            data[i][p] = target.get(i);
        }
        String[] cols = new String[p + 1];
        for (int j = 0; j < p; j++) {
            cols[j] = names.get(j);
        }
        cols[p] = "rul";
        return DataFrame.of(data, cols);
    }

    /** Band edges (the predictions' quintiles) and the error's 10th and 90th percentiles within each band. */
    static double[][] band(double[] predicted, double[] truth) {
        int bins = 5;
        double[] sorted = predicted.clone();
        Arrays.sort(sorted);
        double[] edges = new double[bins - 1];
        for (int b = 1; b < bins; b++) {
            edges[b - 1] = sorted[(int) ((long) sorted.length * b / bins)];
        }
        List<List<Double>> errors = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            errors.add(new ArrayList<>());
        }
        for (int i = 0; i < predicted.length; i++) {
            int k = Arrays.binarySearch(edges, predicted[i]);
            int bin = Math.min(bins - 1, k >= 0 ? k : -k - 1);
            errors.get(bin).add(truth[i] - predicted[i]);
        }
        double[] low = new double[bins];
        double[] high = new double[bins];
        for (int b = 0; b < bins; b++) {
            double[] e = errors.get(b).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (e.length == 0) {
                continue;
            }
            low[b] = e[(int) (0.1 * (e.length - 1))];
            high[b] = e[(int) Math.ceil(0.9 * (e.length - 1))];
        }
        return new double[][]{edges, low, high};
    }

    public static double rmse(double[] predicted, double[] truth) {
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - truth[i];
            s += d * d;
        }
        return Math.sqrt(s / predicted.length);
    }

    /** The PHM08 score: late predictions (d = predicted − true ≥ 0) cost exp(d/10) − 1, early ones exp(−d/13) − 1. */
    public static double phm08(double[] predicted, double[] truth) {
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - truth[i];
            s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
        }
        return s;
    }
}
