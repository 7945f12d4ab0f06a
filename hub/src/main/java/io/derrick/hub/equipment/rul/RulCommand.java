package io.derrick.hub.equipment.rul;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code derrick-hub rul evaluate --train F --test F --truth F [--features windowed|raw] [--algorithm auto|gbm|rf]
 * [--trees N]}: trains the pipeline on a C-MAPSS training file, predicts the last cycle of each test unit and
 * prints RMSE, the PHM08 score and the time taken. Any subset FD001–FD004 works, with no per-subset settings.
 */
public final class RulCommand {
    private RulCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.getFirst().equals("evaluate")) {
            err.println("usage: rul evaluate --train FILE --test FILE --truth FILE [--features windowed|raw] "
                    + "[--algorithm auto|gbm|rf] [--trees N] [--stride N]");
            return 2;
        }
        Path train = null;
        Path test = null;
        Path truth = null;
        RulTrainer.Options o = RulTrainer.Options.defaults();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String v = i + 1 < args.size() ? args.get(++i) : null;
            if (v == null) {
                err.println("rul: " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "--train" -> train = Path.of(v);
                case "--test" -> test = Path.of(v);
                case "--truth" -> truth = Path.of(v);
                case "--features" -> {
                    try {
                        o = o.withFeatures(Features.Kind.valueOf(v.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        err.println("rul: --features is windowed or raw, not '" + v + "'");
                        return 2;
                    }
                }
                case "--algorithm" -> {
                    switch (v) {
                        case "auto" -> o = o.withCandidates(List.of(RulTrainer.Algorithm.values()));
                        case "gbm" -> o = o.withCandidates(List.of(RulTrainer.Algorithm.GRADIENT_BOOSTING));
                        case "rf" -> o = o.withCandidates(List.of(RulTrainer.Algorithm.RANDOM_FOREST));
                        default -> {
                            err.println("rul: --algorithm is auto, gbm or rf, not '" + v + "'");
                            return 2;
                        }
                    }
                }
                case "--trees", "--stride" -> {
                    int n = positive(v);
                    if (n < 1) {
                        err.println("rul: " + a + " is a positive whole number, not '" + v + "'");
                        return 2;
                    }
                    o = a.equals("--trees") ? o.withTrees(n) : o.withStride(n);
                }
                default -> {
                    err.println("rul: unknown option " + a);
                    return 2;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (var e : List.of(new Object[]{"--train", train}, new Object[]{"--test", test}, new Object[]{"--truth", truth})) {
            if (e[1] == null) {
                missing.add((String) e[0]);
            } else if (!Files.isReadable((Path) e[1])) {
                err.println("rul: " + e[0] + " " + e[1] + " cannot be read");
                return 2;
            }
        }
        if (!missing.isEmpty()) {
            err.println("rul: missing " + String.join(", ", missing));
            return 2;
        }
        try {
            Evaluation r = evaluate(train, test, truth, o, out::println);
            out.println(r.summary());
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("rul: " + e.getMessage());
            return 1;
        }
    }

    /** A positive whole number, or 0 when the text is not one. */
    private static int positive(String v) {
        try {
            return Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public record Evaluation(String algorithm, int conditions, int features, int testUnits, double rmse, double score,
                             double rmseCappedTruth, double trainSeconds, double predictSeconds,
                             java.util.Map<String, Double> crossValidation, double bandCoverage, double bandCoverageCapped) {
        public String summary() {
            return String.format(Locale.ROOT, """
                    algorithm %s (cross-validated RMSE %s), %d operating condition(s), %d features
                    test units %d: RMSE %.2f, PHM08 score %.1f (RMSE against the truth capped at the target's cap: %.2f)
                    80 %% band holds the true RUL of %.0f %% of the test units (%.0f %% of them capped at the target's cap)
                    time: training (with cross-validation) %.1f s, predicting %.2f s""",
                    algorithm, crossValidation.entrySet().stream()
                            .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.2f", e.getValue())).toList(),
                    conditions, features, testUnits, rmse, score, rmseCappedTruth, 100 * bandCoverage, 100 * bandCoverageCapped, trainSeconds,
                    predictSeconds);
        }
    }

    public static Evaluation evaluate(Path train, Path test, Path truth, RulTrainer.Options o,
                                      java.util.function.Consumer<String> progress) throws IOException {
        List<UnitHistory> trainUnits = Cmapss.read(train);
        List<UnitHistory> testUnits = Cmapss.read(test);
        double[] rul = Cmapss.truth(truth);
        if (rul.length != testUnits.size()) {
            throw new IllegalArgumentException(truth + " has " + rul.length + " lines, " + test + " has "
                    + testUnits.size() + " units");
        }
        int channels = trainUnits.getFirst().channels()[0].length;
        if (testUnits.getFirst().channels()[0].length != channels) {
            throw new IllegalArgumentException(test + " has a different number of sensor columns from " + train);
        }
        long t0 = System.nanoTime();
        RulModel model = RulTrainer.train(trainUnits, Cmapss.channelNames(channels), o, progress);
        long t1 = System.nanoTime();
        double[] predicted = new double[rul.length];
        int inBand = 0;
        int inBandCapped = 0;
        for (int i = 0; i < predicted.length; i++) {
            RulModel.Prediction p = model.predict(testUnits.get(i));
            predicted[i] = p.rul();
            if (rul[i] >= p.low() && rul[i] <= p.high()) {
                inBand++;
            }
            double capped = Math.min(o.cap(), rul[i]);
            if (capped >= p.low() && capped <= p.high()) {
                inBandCapped++;
            }
        }
        long t2 = System.nanoTime();
        double[] capped = new double[rul.length];
        for (int i = 0; i < capped.length; i++) {
            capped[i] = Math.min(o.cap(), rul[i]);
        }
        return new Evaluation(model.algorithm(), model.conditions(), model.featureNames().size(), rul.length,
                RulTrainer.rmse(predicted, rul), RulTrainer.phm08(predicted, rul), RulTrainer.rmse(predicted, capped),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, model.crossValidation(), (double) inBand / rul.length, (double) inBandCapped / rul.length);
    }
}
