package io.derrick.hub.equipment.rul;

import smile.data.DataFrame;
import smile.regression.DataFrameRegression;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trained remaining-useful-life model: the operating conditions, the features, the chosen Smile regressor and
 * the uncertainty band measured on the cross-validation's held-out units (the 10th and 90th percentiles of the
 * error, in five bands of the predicted life). Stored as bytes ({@link #toBytes()}), read back with only the
 * classes of a model allowed.
 */
public final class RulModel implements Serializable {
    private static final long serialVersionUID = 1L;
    /** What a stored model's bytes may contain: the model's own classes, Smile's, and the JDK's. */
    private static final ObjectInputFilter CLASSES = ObjectInputFilter.Config.createFilter(
            "io.derrick.hub.equipment.rul.*;smile.**;java.lang.*;java.util.*;java.util.function.*;java.lang.invoke.SerializedLambda;[*;!*");

    public record Prediction(double rul, double low, double high) {
    }

    private final String algorithm;
    private final double cap;
    private final Conditions conditions;
    private final Features features;
    private final DataFrameRegression regression;
    private final double[] bandEdges;
    private final double[] bandLow;
    private final double[] bandHigh;
    private final Map<String, Double> crossValidation;

    RulModel(String algorithm, double cap, Conditions conditions, Features features, DataFrameRegression regression,
             double[] bandEdges, double[] bandLow, double[] bandHigh, Map<String, Double> crossValidation) {
        this.algorithm = algorithm;
        this.cap = cap;
        this.conditions = conditions;
        this.features = features;
        this.regression = regression;
        this.bandEdges = bandEdges;
        this.bandLow = bandLow;
        this.bandHigh = bandHigh;
        this.crossValidation = Map.copyOf(crossValidation);
    }

    public String algorithm() {
        return algorithm;
    }

    public double cap() {
        return cap;
    }

    public Features features() {
        return features;
    }

    public int conditions() {
        return conditions.count();
    }

    /** Cross-validated RMSE of each candidate algorithm on the training units. */
    public Map<String, Double> crossValidation() {
        return crossValidation;
    }

    /** The remaining life at the last step of a unit's history, with its band. */
    public Prediction predict(UnitHistory unit) {
        double[][] rows = features.rows(unit, conditions);
        double p = predictRows(new double[][]{rows[rows.length - 1]})[0];
        return withBand(p);
    }

    /** The remaining life at every step of a unit's history. */
    public double[] predictEveryStep(UnitHistory unit) {
        return predictRows(features.rows(unit, conditions));
    }

    double[] predictRows(double[][] rows) {
        return clip(regression.predict(DataFrame.of(rows, features.names().toArray(String[]::new))), cap);
    }

    Prediction withBand(double p) {
        int b = Arrays.binarySearch(bandEdges, p);
        int bin = b >= 0 ? b : -b - 1;
        bin = Math.min(bin, bandLow.length - 1);
        // the band always holds the prediction itself (a band of only positive errors still starts at it)
        return new Prediction(p, Math.max(0, Math.min(p, p + bandLow[bin])), Math.max(p, p + bandHigh[bin]));
    }

    static double[] clip(double[] p, double cap) {
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.max(0, Math.min(cap, p[i]));
        }
        return p;
    }

    public byte[] toBytes() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static RulModel fromBytes(byte[] bytes) {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(CLASSES);
            return (RulModel) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("stored model cannot be read: " + e.getMessage(), e);
        }
    }

    public List<String> featureNames() {
        return features.names();
    }
}
