package io.derrick.hardware.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Run-to-failure histories of mud pumps, from the drilling model's own pump (its {@code pump-degradation} fault):
 * per operating hour, the hour's averages of the channels a rig's hub keeps for a pump, from new until the wear
 * reaches 1 (failure). Each pump has its own life (400–1,200 h), wear curve ({@code (h / life)^k}, k 1.5–3),
 * sensor noise and hole depths, and runs each hour at one of the stroke rates a driller picks (70–115 spm), so the
 * histories have operating conditions as C-MAPSS FD002 does.
 */
public final class PumpWear {
    /** The channels of each hour, as the hub names them. */
    public static final List<String> CHANNELS = List.of("VIB1", "MP1_PWR", "MP1_CUR", "MP1_TMP", "SPPA");
    /** The operating setting of each hour. */
    public static final List<String> SETTINGS = List.of("SPM1");
    private static final double[] STROKE_RATES = {70, 85, 100, 115};

    /** One pump's history: per hour its running hours, stroke rate and channel averages; it fails after the last. */
    public record Unit(String id, double lifeHours, double[] hours, double[][] settings, double[][] channels) {
    }

    private PumpWear() {
    }

    public static List<Unit> runToFailure(int units, long seed) {
        Random rng = new Random(seed);
        List<Unit> out = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            double life = 400 + 800 * rng.nextDouble();
            double shape = 1.5 + 1.5 * rng.nextDouble();
            double noise = 0.6 + 0.9 * rng.nextDouble();
            double depth = 500 + 3000 * rng.nextDouble();
            int n = (int) Math.floor(life);
            double[] hours = new double[n];
            double[][] settings = new double[n][];
            double[][] channels = new double[n][];
            double spm = STROKE_RATES[rng.nextInt(STROKE_RATES.length)];
            for (int h = 0; h < n; h++) {
                if (rng.nextDouble() < 0.1) { // the driller changes the rate now and then
                    spm = STROKE_RATES[rng.nextInt(STROKE_RATES.length)];
                }
                depth = Math.min(6000, depth + 8 * rng.nextDouble());
                double wear = Math.pow((h + 1) / life, shape);
                hours[h] = h + 1;
                settings[h] = new double[]{spm + rng.nextGaussian() * 0.5};
                channels[h] = hour(spm, wear, depth, noise, rng);
            }
            out.add(new Unit("pump " + (u + 1), life, hours, settings, channels));
        }
        return out;
    }

    /** One operating hour's averages at a stroke rate and wear (both pumps at the same rate). */
    static double[] hour(double spm, double wear, double depth, double noise, Random rng) {
        double flow = (spm * DrillingModel.pumpEfficiency(wear) + spm * 0.95) * DrillingModel.strokeLitres();
        double spp = DrillingModel.standpipe(flow, depth);
        double hydraulicKw = spp * (spm * DrillingModel.pumpEfficiency(wear) * DrillingModel.strokeLitres() / 60000.0);
        double kw = DrillingModel.pumpMotorKw(hydraulicKw, wear);
        // an hour's average of a noisy sensor keeps some of its noise, and the day's conditions add their own
        return new double[]{
                DrillingModel.pumpVibration(spm, wear) + noise * 0.25 * rng.nextGaussian(),
                kw + noise * 3 * rng.nextGaussian(),
                DrillingModel.pumpCurrent(kw) + noise * 4 * rng.nextGaussian(),
                38 + kw / 1000 * 25 + noise * 2 * rng.nextGaussian(),
                spp + noise * 60 * rng.nextGaussian()};
    }
}
