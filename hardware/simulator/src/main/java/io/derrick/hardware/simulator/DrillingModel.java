package io.derrick.hardware.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simple but plausible drilling rig: a state machine of drilling, connections and tripping moving a
 * block, a string and two triplex mud pumps, from which the sensor channels follow. Units are SI oilfield
 * units (kN, kPa, L/min, m, m3). Faults bend the physics (a washout lowers pressure, a kick returns more
 * than goes in) so detectors see what they would see on a real rig. Not thread-safe: one caller steps it.
 */
public final class DrillingModel {
    public enum Scenario { DRILLING, TRIPPING }

    private static final double STAND_M = 28.5;
    private static final double BLOCK_TOP_M = 31.0;
    private static final double BLOCK_BOTTOM_M = 1.5;
    private static final double BLOCK_WEIGHT_KN = 350;
    private static final double STRING_KN_PER_M = 0.26;      // buoyed 5" drill pipe with BHA averaged
    private static final double STROKE_L = 18.9;             // 6" x 12" triplex at 100 % volumetric efficiency
    private static final double HOLE_M3_PER_M = 0.0366;      // 8.5" hole
    private static final double BLOCK_SPEED_M_S = 0.6;

    private final Random random;
    private final Scenario scenario;
    private final List<Fault> faults;

    private double timeS;
    private Activity activity;
    private double phaseS;              // time spent in the current step of the activity
    private int step;                   // sub-step of a connection or trip cycle
    private double holeDepth;
    private double bitDepth;
    private double blockPos;
    private double wob;
    private double rpm;
    private double spm1;
    private double spm2;
    private double flowOut;
    private double pitVolume = 62;
    private double strokes;
    private double ropAvg;
    private int standsToTrip;
    private final Map<String, Double> stuckValues = new HashMap<>();

    public DrillingModel(long seed, Scenario scenario, double startDepthM, List<Fault> faults) {
        this.random = new Random(seed);
        this.scenario = scenario;
        this.faults = List.copyOf(faults);
        this.holeDepth = startDepthM;
        this.bitDepth = startDepthM;
        this.blockPos = BLOCK_BOTTOM_M + random.nextDouble() * (BLOCK_TOP_M - BLOCK_BOTTOM_M - 2);
        this.activity = scenario == Scenario.TRIPPING ? Activity.TRIP_OUT : Activity.DRILLING;
        this.standsToTrip = 10;
        if (activity == Activity.DRILLING) {
            spm1 = spm2 = 100;
            rpm = 120;
            wob = 100;
            flowOut = flowIn();
        }
    }

    public double timeS() {
        return timeS;
    }

    public Activity activity() {
        return activity;
    }

    public boolean faultActive(Fault.Kind kind) {
        return faults.stream().anyMatch(f -> f.kind() == kind && f.activeAt(timeS));
    }

    public List<Fault> faults() {
        return faults;
    }

    /** Advances the rig by {@code dt} simulated seconds. */
    public void step(double dt) {
        timeS += dt;
        phaseS += dt;
        switch (activity) {
            case DRILLING -> drill(dt);
            case CONNECTION -> connection(dt);
            case TRIP_OUT -> trip(dt, -1);
            case TRIP_IN -> trip(dt, +1);
            default -> circulate();
        }
        double in = flowIn();
        double target = in * (faultActive(Fault.Kind.KICK) ? 1.0 + 0.12 * rampOf(Fault.Kind.KICK, 120) : 0.985);
        flowOut += (target - flowOut) * Math.min(1, dt / 20.0);          // the annulus lags the pumps by tens of seconds
        double net = (flowOut - in) / 1000.0 / 60.0 * dt;                 // m3 returned minus pumped
        pitVolume = Math.max(5, pitVolume + net);
        strokes += (spm1 + spm2) / 60.0 * dt;
    }

    private void drill(double dt) {
        spm1 = approach(spm1, 100, 20 * dt);
        spm2 = approach(spm2, 100, 20 * dt);
        rpm = approach(rpm, 120 + 5 * Math.sin(timeS / 300), 30 * dt);
        wob = approach(wob, 100 + 15 * Math.sin(timeS / 170), 40 * dt);
        double formation = 0.75 + 0.25 * Math.sin(holeDepth / 37.0);       // harder and softer layers
        double ropMH = 0.0016 * wob * rpm * formation;                      // ~ 20 m/h at 100 kN, 120 rpm
        double advance = ropMH / 3600.0 * dt;
        holeDepth += advance;
        bitDepth = holeDepth;
        blockPos -= advance;
        ropAvg += (ropMH - ropAvg) * Math.min(1, dt / 60.0);
        pitVolume -= advance * HOLE_M3_PER_M;
        if (blockPos <= BLOCK_BOTTOM_M) {
            enter(Activity.CONNECTION);
        }
    }

    /** Pick up off bottom, pumps off, slips, block up, make up a stand, slips out, back to bottom. */
    private void connection(double dt) {
        wob = approach(wob, 0, 100 * dt);
        switch (step) {
            case 0 -> { // pick up 3 m off bottom, stop rotating, pumps down
                rpm = approach(rpm, 0, 40 * dt);
                blockPos += BLOCK_SPEED_M_S * 0.5 * dt;
                bitDepth -= BLOCK_SPEED_M_S * 0.5 * dt;
                spm1 = approach(spm1, 0, 10 * dt);
                spm2 = approach(spm2, 0, 10 * dt);
                next(holeDepth - bitDepth >= 3);
            }
            case 1 -> next(phaseS > 25);                                // set slips, break out
            case 2 -> {                                                  // block up empty to pick up the stand
                blockPos += BLOCK_SPEED_M_S * dt;
                next(blockPos >= BLOCK_TOP_M);
            }
            case 3 -> next(phaseS > 60);                                 // stab and make up the new stand
            case 4 -> {                                                  // pumps up, slips out, ream down
                spm1 = approach(spm1, 100, 10 * dt);
                spm2 = approach(spm2, 100, 10 * dt);
                rpm = approach(rpm, 60, 30 * dt);
                double move = BLOCK_SPEED_M_S * 0.5 * dt;
                blockPos -= move;
                bitDepth = Math.min(holeDepth, bitDepth + move);
                if (bitDepth >= holeDepth) {
                    blockPos = BLOCK_TOP_M - 3;                          // tagged bottom: the stand is in the hole
                    enter(scenario == Scenario.DRILLING && random.nextDouble() < 0.02 ? Activity.CIRCULATING : Activity.DRILLING);
                }
            }
            default -> enter(Activity.DRILLING);
        }
    }

    /** direction -1 pulls stands out of the hole, +1 runs them back in. */
    private void trip(double dt, int direction) {
        spm1 = approach(spm1, 0, 10 * dt);
        spm2 = approach(spm2, 0, 10 * dt);
        rpm = approach(rpm, 0, 30 * dt);
        wob = 0;
        switch (step) {
            case 0 -> { // the string hangs on the block and moves with it
                double move = BLOCK_SPEED_M_S * dt;
                blockPos -= direction * move;
                bitDepth += direction * move;
                next(direction < 0 ? blockPos >= BLOCK_TOP_M : blockPos <= BLOCK_BOTTOM_M);
            }
            case 1 -> next(phaseS > 40);                                 // slips, rack back or pick up a stand
            case 2 -> {                                                  // the empty block returns
                blockPos += direction * BLOCK_SPEED_M_S * 1.5 * dt;
                if (direction < 0 ? blockPos <= BLOCK_BOTTOM_M : blockPos >= BLOCK_TOP_M) {
                    standsToTrip--;
                    step = 0;
                    phaseS = 0;
                    if (standsToTrip <= 0 || (direction > 0 && bitDepth >= holeDepth - STAND_M)) {
                        standsToTrip = 10;
                        enter(direction < 0 ? Activity.TRIP_IN : Activity.TRIP_OUT);
                    }
                }
            }
            default -> step = 0;
        }
        bitDepth = Math.max(0, Math.min(holeDepth, bitDepth));
        pitVolume += -direction * 0.0042 * BLOCK_SPEED_M_S * dt * (step == 0 ? 1 : 0); // steel displacement
    }

    private void circulate() {
        spm1 = approach(spm1, 100, 10);
        spm2 = approach(spm2, 100, 10);
        rpm = approach(rpm, 40, 10);
        wob = 0;
        if (phaseS > 300) {
            enter(Activity.DRILLING);
        }
    }

    private void enter(Activity next) {
        activity = next;
        step = 0;
        phaseS = 0;
    }

    private void next(boolean done) {
        if (done) {
            step++;
            phaseS = 0;
        }
    }

    private double flowIn() {
        return (spm1 * pump1Efficiency() + spm2 * 0.95) * STROKE_L;
    }

    private double pump1Efficiency() {
        return pumpEfficiency(rampOf(Fault.Kind.PUMP_DEGRADATION, 0));
    }

    /** A mud pump's volumetric efficiency at a wear of 0 (new) to 1 (failed: worn valves and liners). */
    static double pumpEfficiency(double wear) {
        return 0.95 - 0.25 * wear;
    }

    /** Its motor's electrical power for the hydraulic power it delivers: a worn pump wastes more in friction. */
    static double pumpMotorKw(double hydraulicKw, double wear) {
        return hydraulicKw / 0.88 * (1 + 0.1 * wear);
    }

    /** Its vibration (mm/s RMS) at a stroke rate: rises with speed and with wear. */
    static double pumpVibration(double spm, double wear) {
        return 2.2 + spm / 100 * 1.5 + 12 * wear;
    }

    /** Its motor current (A) at an electrical power. */
    static double pumpCurrent(double motorKw) {
        return motorKw > 1 ? 60 + motorKw * 1000 / (1.732 * 690 * 0.86) : 25;
    }

    /** Standpipe pressure (kPa) for a flow (L/min) at a hole depth. */
    static double standpipe(double flowLpm, double holeDepthM) {
        double depthFactor = 0.6 + 0.4 * Math.min(1, holeDepthM / 4000.0);
        return 0.00155 * flowLpm * flowLpm * depthFactor;
    }

    static double strokeLitres() {
        return STROKE_L;
    }

    /** 0..1 severity of an active fault: over its duration, or over {@code rampS} seconds when given. */
    private double rampOf(Fault.Kind kind, double rampS) {
        double worst = 0;
        for (Fault f : faults) {
            if (f.kind() == kind && f.activeAt(timeS)) {
                double p = rampS > 0 ? Math.min(1, (timeS - f.startS()) / rampS) : f.progressAt(timeS);
                worst = Math.max(worst, p);
            }
        }
        return worst;
    }

    /**
     * The true values of every channel now (before sensor faults), by mnemonic. Noise is the sensor's,
     * added here so that the same reading goes to every device serving the channel.
     */
    public Map<String, Double> channels() {
        Map<String, Double> v = new HashMap<>();
        double stringWeight = STRING_KN_PER_M * bitDepth;
        boolean inSlips = (activity == Activity.CONNECTION && (step == 1 || step == 2 || step == 3))
                || ((activity == Activity.TRIP_OUT || activity == Activity.TRIP_IN) && step != 0);
        double hookload = BLOCK_WEIGHT_KN + (inSlips ? 0 : stringWeight - wob);
        if (activity == Activity.TRIP_OUT && step == 0) {
            hookload += 0.08 * stringWeight;                            // drag pulling out
        }
        boolean pickingUp = (activity == Activity.CONNECTION || activity == Activity.TRIP_OUT) && step == 0;
        if (pickingUp && !inSlips) {
            hookload += 250 * rampOf(Fault.Kind.STUCK_PIPE, 600);     // overpull: the string drags when picked up
        }
        double in = flowIn();
        double spp = standpipe(in, holeDepth);
        if (faultActive(Fault.Kind.WASHOUT)) {
            spp *= 1 - 0.30 * rampOf(Fault.Kind.WASHOUT, 900);
        }
        double ripple = faultActive(Fault.Kind.PUMP_DEGRADATION) ? 0.08 * rampOf(Fault.Kind.PUMP_DEGRADATION, 0) : 0.01;
        spp *= 1 + ripple * Math.sin(timeS * 2 * Math.PI * Math.max(spm1, 1) / 60 * 3);   // three plungers per stroke
        double onBottom = activity == Activity.DRILLING ? 1 : 0;
        double torque = rpm > 1 ? 4 + onBottom * (0.09 * wob + 1.5 * Math.sin(timeS / 7)) : 0;
        torque *= 1 + onBottom * rampOf(Fault.Kind.STUCK_PIPE, 600);
        double pump1HydraulicKw = spp * (spm1 * pump1Efficiency() * STROKE_L / 60000.0);
        double wear = rampOf(Fault.Kind.PUMP_DEGRADATION, 0);
        double pump1Kw = pumpMotorKw(pump1HydraulicKw, wear);
        double motorRpm = spm1 * 8.6;
        double current = pumpCurrent(pump1Kw);
        double vibration = pumpVibration(spm1, wear);

        v.put("HKLD", hookload + noise(4));
        v.put("WOB", Math.max(0, wob + noise(1.5) * onBottom));
        v.put("RPM", Math.max(0, rpm + noise(0.8) * (rpm > 1 ? 1 : 0)));
        v.put("TQA", Math.max(0, torque + noise(0.3) * (rpm > 1 ? 1 : 0)));
        v.put("SPPA", Math.max(0, spp + noise(120) * (in > 10 ? 1 : 0.05)));
        v.put("MFIA", in);
        v.put("MFOA", Math.max(0, flowOut + noise(35) * (flowOut > 10 ? 1 : 0.1)));
        v.put("TVA", pitVolume + noise(0.04));
        v.put("BDEP", bitDepth);
        v.put("DEPT", holeDepth);
        v.put("BPOS", blockPos);
        v.put("ROPA", activity == Activity.DRILLING ? ropAvg : 0);
        v.put("SPM1", spm1);
        v.put("SPM2", spm2);
        v.put("STKC", Math.floor(strokes));
        v.put("RIGACT", (double) activity.code());
        v.put("VIB1", vibration + noise(0.25));
        v.put("MP1_SPD", motorRpm + noise(1.5) * (motorRpm > 1 ? 1 : 0));
        v.put("MP1_TRQ", pump1Kw / 1000 * 100 / Math.max(0.3, motorRpm / 1500) * 0.6 + noise(0.5));
        v.put("MP1_CUR", current + noise(4));
        v.put("MP1_DCV", 975 + noise(3));
        v.put("MP1_PWR", pump1Kw + noise(3));
        v.put("MP1_TMP", 38 + pump1Kw / 1000 * 25 + 4 * Math.sin(timeS / 3600));
        applySensorFaults(v);
        return v;
    }

    private void applySensorFaults(Map<String, Double> v) {
        for (Fault f : faults) {
            if (!f.activeAt(timeS) || !v.containsKey(f.target())) {
                if (f.kind() == Fault.Kind.STUCK && !f.activeAt(timeS)) {
                    stuckValues.remove(f.target());
                }
                continue;
            }
            String ch = f.target();
            switch (f.kind()) {
                case DROPOUT -> v.put(ch, Double.NaN);
                case STUCK -> v.put(ch, stuckValues.computeIfAbsent(ch, k -> v.get(k)));
                case SPIKES -> {
                    if (random.nextDouble() < 0.03) {
                        v.put(ch, v.get(ch) * (random.nextBoolean() ? 1.6 : 0.4) + 50);
                    }
                }
                default -> { }
            }
        }
    }

    private double noise(double sd) {
        return random.nextGaussian() * sd;
    }

    private static double approach(double value, double target, double maxStep) {
        return value < target ? Math.min(target, value + maxStep) : Math.max(target, value - maxStep);
    }
}
