package io.derrick.edge.detect.drilling;

import io.derrick.edge.detect.Baseline;
import io.derrick.edge.detect.Condition;
import io.derrick.edge.detect.Detector;
import io.derrick.edge.detect.Frame;
import io.derrick.edge.detect.TimeWindow;
import io.derrick.protocol.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mud pump trouble (worn valves, seats, liners; a failing pulsation dampener): the standpipe pressure ripple
 * (coefficient of variation over a minute) grows, and the pump's vibration rises, against their learned levels
 * at steady strokes.
 */
public final class PumpDetector implements Detector {
    public record Spec(String pressure, String strokes, String vibration, double minStrokes, double rippleFactor,
                       double vibrationRise, double baselineS, double warmupS, double forS, double clearS,
                       Event.Severity severity) {
    }

    private final Spec spec;
    private final Steady steady;
    private final TimeWindow pressure = new TimeWindow(60_000);
    private final TimeWindow vibration = new TimeWindow(60_000);
    private final Baseline ripple;
    private final Baseline vib;
    private boolean active;

    public PumpDetector(Spec spec) {
        this.spec = spec;
        this.steady = new Steady(60, spec.minStrokes(), 0.05);
        this.ripple = new Baseline(spec.baselineS(), spec.warmupS());
        this.vib = new Baseline(spec.baselineS(), spec.warmupS());
    }

    @Override
    public String name() {
        return "pump";
    }

    /** a minute of steady strokes, then the baselines' warm-up */
    @Override
    public double warmUpS() {
        return 60 + spec.warmupS();
    }

    @Override
    public List<Condition> evaluate(Frame f, boolean alarmed) {
        long t = f.timeMs();
        if (!steady.update(t, f.value(spec.strokes()))) {
            pressure.clear();
            vibration.clear();
            ripple.pause(t);
            vib.pause(t);
            return List.of();
        }
        pressure.add(t, f.value(spec.pressure()));
        vibration.add(t, f.value(spec.vibration()));
        if (!pressure.covers(0.9)) {
            return List.of();
        }
        double cv = pressure.sd() / pressure.mean();
        double v = vibration.size() > 0 ? vibration.mean() : Double.NaN;
        List<String> reasons = new ArrayList<>();
        Map<String, Double> figures = new LinkedHashMap<>();
        double score = 0;
        double relax = active ? 0.8 : 1.0;
        if (ripple.ready()) {
            double factor = cv / ripple.value();
            figures.put("rippleFactor", factor);
            if (factor > spec.rippleFactor() * relax) {
                reasons.add(String.format(java.util.Locale.ROOT, "pressure ripple %.1fx its normal level", factor));
                score = Math.max(score, factor / spec.rippleFactor());
            }
        }
        if (vib.ready() && !Double.isNaN(v)) {
            double rise = v - vib.value();
            figures.put("vibrationRise", rise);
            if (rise > spec.vibrationRise() * relax) {
                reasons.add(String.format(java.util.Locale.ROOT, "vibration %.1f, %.1f above normal", v, rise));
                score = Math.max(score, rise / spec.vibrationRise());
            }
        }
        active = !reasons.isEmpty();
        if (!active) {
            ripple.learn(t, cv);
            vib.learn(t, v);
            return List.of();
        }
        ripple.pause(t);
        vib.pause(t);
        return List.of(new Condition("pump", Event.Type.ALARM_RAISED, spec.severity(),
                List.of(spec.pressure(), spec.strokes(), spec.vibration()), score,
                "mud pump trouble: " + String.join("; ", reasons) + ". Inspect valves, seats, liners and the dampener.",
                figures, spec.forS(), spec.clearS()));
    }
}
