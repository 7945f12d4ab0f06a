package io.derrick.edge.detect.drilling;

import io.derrick.edge.detect.Baseline;
import io.derrick.edge.detect.Condition;
import io.derrick.edge.detect.Detector;
import io.derrick.edge.detect.Frame;
import io.derrick.edge.detect.TimeWindow;
import io.derrick.protocol.Event;

import java.util.List;
import java.util.Map;

/**
 * Washout (a hole in the string or a lost nozzle): standpipe pressure falls at constant flow. Pressure goes
 * with the square of the flow, so the detector follows SPP / Q^2 over a minute of steady pumping and compares
 * it with its learned level. A pump losing efficiency lowers flow and pressure together and does not trip it.
 */
public final class WashoutDetector implements Detector {
    public record Spec(String pressure, String flowIn, double minFlow, double dropPct, double steadyS, double baselineS,
                       double warmupS, double forS, double clearS, Event.Severity severity) {
    }

    private final Spec spec;
    private final Steady steady;
    private final TimeWindow pressure = new TimeWindow(60_000);
    private final TimeWindow flow = new TimeWindow(60_000);
    private final Baseline baseline;
    private boolean active;

    public WashoutDetector(Spec spec) {
        this.spec = spec;
        this.steady = new Steady(spec.steadyS(), spec.minFlow(), 0.05);
        this.baseline = new Baseline(spec.baselineS(), spec.warmupS());
    }

    @Override
    public String name() {
        return "washout";
    }

    @Override
    public double warmUpS() {
        return spec.steadyS() + spec.warmupS();
    }

    @Override
    public List<Condition> evaluate(Frame f, boolean alarmed) {
        long t = f.timeMs();
        double q = f.value(spec.flowIn());
        if (!steady.update(t, q)) {
            pressure.clear();
            flow.clear();
            baseline.pause(t);
            return active ? List.of(condition(Double.NaN, Double.NaN)) : List.of();
        }
        pressure.add(t, f.value(spec.pressure()));
        flow.add(t, q);
        if (!pressure.covers(0.9)) {
            baseline.pause(t);
            return List.of();
        }
        double ratio = pressure.mean() / (flow.mean() * flow.mean());
        double dropPct = baseline.ready() ? (1 - ratio / baseline.value()) * 100 : 0;
        active = dropPct > (active ? spec.dropPct() * 0.7 : spec.dropPct());
        if (!active) {
            baseline.learn(t, ratio);
            return List.of();
        }
        baseline.pause(t);
        return List.of(condition(dropPct, pressure.mean()));
    }

    private Condition condition(double dropPct, double spp) {
        String reason = Double.isNaN(dropPct)
                ? "washout suspected earlier; pumps not steady, cannot re-check"
                : String.format(java.util.Locale.ROOT, "standpipe pressure %.0f is %.1f %% below normal for this flow: washout? "
                        + "Check the string and surface lines.", spp, dropPct);
        return new Condition("washout", Event.Type.ALARM_RAISED, spec.severity(), List.of(spec.pressure(), spec.flowIn()),
                Double.isNaN(dropPct) ? Double.NaN : dropPct / spec.dropPct(), reason,
                Double.isNaN(dropPct) ? Map.of() : Map.of("pressureDropPct", dropPct), spec.forS(), spec.clearS());
    }
}
