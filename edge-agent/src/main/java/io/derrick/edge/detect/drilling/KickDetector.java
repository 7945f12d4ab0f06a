package io.derrick.edge.detect.drilling;

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
 * Kick indicators while circulating at a steady rate: flow out above flow in (returns exceed what is pumped)
 * and pit gain (active pit volume rising). Both are ignored while the pumps ramp, where the annulus lag makes
 * returns overshoot (flow-back at connections) without an influx.
 */
public final class KickDetector implements Detector {
    public record Spec(String flowIn, String flowOut, String pit, double minFlow, double excessPct, double pitGain,
                       double pitWindowS, double steadyS, double forS, double clearS, Event.Severity severity) {
    }

    private final Spec spec;
    private final Steady steady;
    private final TimeWindow in = new TimeWindow(30_000);
    private final TimeWindow out = new TimeWindow(30_000);
    private final TimeWindow pit;

    public KickDetector(Spec spec) {
        this.spec = spec;
        this.steady = new Steady(spec.steadyS(), spec.minFlow(), 0.05);
        this.pit = new TimeWindow((long) (spec.pitWindowS() * 1000));
    }

    @Override
    public String name() {
        return "kick";
    }

    /** steady pumps, then most of the 30-s flow windows */
    @Override
    public double warmUpS() {
        return spec.steadyS() + 27;
    }

    @Override
    public List<Condition> evaluate(Frame f, boolean alarmed) {
        long t = f.timeMs();
        double qIn = f.value(spec.flowIn());
        if (!steady.update(t, qIn)) {
            in.clear();
            out.clear();
            pit.clear();
            return List.of();
        }
        in.add(t, qIn);
        out.add(t, f.value(spec.flowOut()));
        pit.add(t, f.value(spec.pit()));
        List<String> reasons = new ArrayList<>();
        Map<String, Double> figures = new LinkedHashMap<>();
        double score = 0;
        if (in.covers(0.9) && out.covers(0.9)) {
            double excess = (out.mean() - in.mean()) / in.mean() * 100;
            figures.put("flowExcessPct", excess);
            if (excess > spec.excessPct()) {
                reasons.add(String.format(java.util.Locale.ROOT, "flow out %.0f exceeds flow in %.0f by %.1f %%", out.mean(), in.mean(), excess));
                score = Math.max(score, excess / spec.excessPct());
            }
        }
        if (pit.covers(0.5)) {
            double gain = pit.last() - pit.min();
            figures.put("pitGain", gain);
            if (gain > spec.pitGain()) {
                reasons.add(String.format(java.util.Locale.ROOT, "pit volume gained %.2f in %.0f s at steady pumps", gain,
                        (t - pit.firstTimeMs()) / 1000));
                score = Math.max(score, gain / spec.pitGain());
            }
        }
        if (reasons.isEmpty()) {
            return List.of();
        }
        return List.of(new Condition("kick", Event.Type.ALARM_RAISED, spec.severity(),
                List.of(spec.flowIn(), spec.flowOut(), spec.pit()), score,
                "possible kick: " + String.join("; ", reasons) + ". Flow check now.", figures, spec.forS(), spec.clearS()));
    }
}
