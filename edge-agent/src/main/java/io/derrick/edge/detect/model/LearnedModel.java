package io.derrick.edge.detect.model;

import io.derrick.edge.detect.Condition;
import io.derrick.edge.detect.Detector;
import io.derrick.edge.detect.Frame;
import io.derrick.protocol.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.anomaly.IsolationForest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learned detection: per operating mode (drilling, circulating, still), an isolation forest (Smile) trained on
 * a rolling window of what this rig looked like when nothing was alarmed, scoring every evaluation. Features
 * are scaled robustly (median, MAD) per mode. The score is smoothed over a few evaluations so one odd sample
 * does not alarm; the alarm says which features are furthest from normal.
 */
public final class LearnedModel implements Detector {
    private static final Logger log = LoggerFactory.getLogger(LearnedModel.class);

    public record Spec(List<String> features, String flowIn, String rpm, String wob, double minFlow, double threshold,
                       int windowSamples, int minSamples, double sampleEveryS, double refitS, double settleS,
                       int smoothing, int trees, double forS, double clearS, Event.Severity severity) {
    }

    private final Spec spec;
    private final ModelStore store;
    private final Map<String, Mode> modes = new LinkedHashMap<>();
    private String mode = "";
    private long modeSinceMs;
    private long lastSaveMs;
    private boolean active;

    private final class Mode {
        final String name;
        final ArrayDeque<double[]> samples = new ArrayDeque<>();
        final ArrayDeque<Double> recent = new ArrayDeque<>();
        IsolationForest forest;
        double[] median;
        double[] scale;
        long lastSampleMs;
        long lastFitMs;
        int fitAtSize;

        Mode(String name) {
            this.name = name;
        }

        void fit(long t) {
            double[][] raw = samples.toArray(new double[0][]);
            int d = spec.features().size();
            median = new double[d];
            scale = new double[d];
            for (int j = 0; j < d; j++) {
                double[] col = new double[raw.length];
                for (int i = 0; i < raw.length; i++) {
                    col[i] = raw[i][j];
                }
                median[j] = median(col);
                double[] dev = new double[col.length];
                for (int i = 0; i < col.length; i++) {
                    dev[i] = Math.abs(col[i] - median[j]);
                }
                scale[j] = 1.4826 * median(dev) + 1e-6 + 0.01 * Math.abs(median[j]);
            }
            double[][] z = new double[raw.length][];
            for (int i = 0; i < raw.length; i++) {
                z[i] = scaled(raw[i]);
            }
            int depth = (int) Math.ceil(Math.log(Math.min(256, raw.length)) / Math.log(2));
            forest = IsolationForest.fit(z, new IsolationForest.Options(spec.trees(), depth, Math.min(0.9, 256.0 / raw.length), 0));
            lastFitMs = t;
            fitAtSize = raw.length;
        }

        double[] scaled(double[] x) {
            double[] z = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                z[j] = (x[j] - median[j]) / scale[j];
            }
            return z;
        }
    }

    public LearnedModel(Spec spec, ModelStore store) {
        this.spec = spec;
        this.store = store;
        Map<String, List<double[]>> saved = store == null ? Map.of() : store.load(spec.features());
        saved.forEach((name, samples) -> {
            Mode m = new Mode(name);
            samples.stream().skip(Math.max(0, samples.size() - spec.windowSamples())).forEach(m.samples::addLast);
            if (m.samples.size() >= spec.minSamples()) {
                m.fit(0);
            }
            modes.put(name, m);
        });
        if (!saved.isEmpty()) {
            log.info("learned model restored from {}: {}", store.file(), describe());
        }
    }

    @Override
    public String name() {
        return "model";
    }

    /** the mode settles, then the score is smoothed over a few evaluations (about a second each) */
    @Override
    public double warmUpS() {
        return spec.settleS() + spec.smoothing();
    }

    /** Samples per mode and whether its forest is trained, for logs and the status page. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        modes.values().forEach(m -> parts.add(m.name + " " + m.samples.size() + (m.forest == null ? " samples (learning)" : " samples")));
        return parts.isEmpty() ? "nothing learned yet" : String.join(", ", parts);
    }

    @Override
    public List<Condition> evaluate(Frame f, boolean alarmed) {
        long t = f.timeMs();
        String now = modeOf(f);
        if (!now.equals(mode)) {
            mode = now;
            modeSinceMs = t;
            modes.values().forEach(m -> m.recent.clear());
        }
        if (t - modeSinceMs < spec.settleS() * 1000) {
            return List.of();
        }
        double[] x = new double[spec.features().size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = f.value(spec.features().get(j));
            if (Double.isNaN(x[j])) {
                return List.of();             // a feature without a good value: the rules report that, not the model
            }
        }
        Mode m = modes.computeIfAbsent(mode, Mode::new);
        double smoothed = Double.NaN;
        if (m.forest != null) {
            m.recent.addLast(m.forest.score(m.scaled(x)));
            if (m.recent.size() > spec.smoothing()) {
                m.recent.removeFirst();
            }
            smoothed = m.recent.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            active = m.recent.size() == spec.smoothing() && smoothed > (active ? spec.threshold() - 0.03 : spec.threshold());
        } else {
            active = false;
        }
        if (!active && !alarmed && t - m.lastSampleMs >= spec.sampleEveryS() * 1000) {
            m.lastSampleMs = t;
            m.samples.addLast(x);
            if (m.samples.size() > spec.windowSamples()) {
                m.samples.removeFirst();
            }
            boolean due = m.forest == null ? m.samples.size() >= spec.minSamples() : t - m.lastFitMs >= spec.refitS() * 1000;
            if (due) {
                m.fit(t);
                if (store != null && t - lastSaveMs >= spec.refitS() * 1000) {
                    lastSaveMs = t;
                    Map<String, List<double[]>> snapshot = new LinkedHashMap<>();
                    modes.forEach((name, mm) -> snapshot.put(name, List.copyOf(mm.samples)));
                    store.save(spec.features(), snapshot);
                }
            }
        }
        if (!active) {
            return List.of();
        }
        return List.of(condition(m, x, smoothed));
    }

    private Condition condition(Mode m, double[] x, double score) {
        double[] z = m.scaled(x);
        Integer[] order = new Integer[z.length];
        for (int j = 0; j < z.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(z[b]), Math.abs(z[a])));
        List<String> channels = new ArrayList<>();
        List<String> words = new ArrayList<>();
        Map<String, Double> figures = new LinkedHashMap<>();
        for (int k = 0; k < Math.min(3, order.length); k++) {
            int j = order[k];
            String ch = spec.features().get(j);
            channels.add(ch);
            figures.put(ch, x[j]);
            words.add(String.format(java.util.Locale.ROOT, "%s %.1f (normal %.1f)", ch, x[j], m.median[j]));
        }
        return new Condition("model." + m.name, Event.Type.ANOMALY, spec.severity(), channels, score,
                String.format(java.util.Locale.ROOT, "unusual for this rig while %s (score %.2f): %s", m.name, score, String.join(", ", words)),
                figures, spec.forS(), spec.clearS());
    }

    private String modeOf(Frame f) {
        boolean pumping = f.value(spec.flowIn()) > spec.minFlow();
        boolean drilling = pumping && f.value(spec.rpm()) > 20 && f.value(spec.wob()) > 10;
        return drilling ? "drilling" : pumping ? "circulating" : "still";
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
