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
 * Stuck-pipe indicators: torque on bottom rising well above its learned level, and overpull (hookload when
 * picking up above the string's free weight, learned while the block moves down off bottom).
 */
public final class StuckPipeDetector implements Detector {
    public record Spec(String torque, String hookload, String rpm, String wob, String blockPosition, String bitDepth,
                       String holeDepth, double torqueRisePct, double overpull, double baselineS, double warmupS,
                       double forS, double clearS, Event.Severity severity) {
    }

    private final Spec spec;
    private final TimeWindow torque = new TimeWindow(120_000);
    private final TimeWindow block = new TimeWindow(5_000);
    private final Baseline torqueBase;
    private final Baseline freeWeight;
    private double lastOverpull = Double.NaN;
    private long lastOverpullMs;
    private boolean torqueHigh;

    public StuckPipeDetector(Spec spec) {
        this.spec = spec;
        this.torqueBase = new Baseline(spec.baselineS(), spec.warmupS());
        this.freeWeight = new Baseline(spec.baselineS(), 60);
    }

    @Override
    public String name() {
        return "stuck-pipe";
    }

    @Override
    public double warmUpS() {
        return spec.warmupS();
    }

    @Override
    public List<Condition> evaluate(Frame f, boolean alarmed) {
        long t = f.timeMs();
        List<String> reasons = new ArrayList<>();
        Map<String, Double> figures = new LinkedHashMap<>();
        double score = 0;

        boolean onBottomRotating = f.value(spec.rpm()) > 20 && f.value(spec.wob()) > 10;
        if (onBottomRotating) {
            torque.add(t, f.value(spec.torque()));
        } else {
            torque.clear();
            torqueBase.pause(t);
        }
        if (onBottomRotating && torque.covers(0.9)) {
            double risePct = torqueBase.ready() ? (torque.mean() / torqueBase.value() - 1) * 100 : 0;
            torqueHigh = risePct > (torqueHigh ? spec.torqueRisePct() * 0.7 : spec.torqueRisePct());
            if (torqueHigh) {
                figures.put("torqueRisePct", risePct);
                reasons.add(String.format(java.util.Locale.ROOT, "torque %.1f is %.0f %% above normal on bottom", torque.mean(), risePct));
                score = Math.max(score, risePct / spec.torqueRisePct());
                torqueBase.pause(t);
            } else {
                torqueBase.learn(t, torque.mean());
            }
        }

        double pos = f.value(spec.blockPosition());
        block.add(t, pos);
        double offBottom = f.value(spec.holeDepth()) - f.value(spec.bitDepth());
        double hookload = f.value(spec.hookload());
        if (block.covers(0.8) && offBottom > 0.5 && f.value(spec.wob()) < 5) {
            double speed = (block.last() - block.first()) / ((t - block.firstTimeMs()) / 1000.0);
            boolean hanging = freeWeight.ready() ? hookload > 0.7 * freeWeight.value() : hookload > 0;
            if (speed < -0.05 && hanging) {
                freeWeight.learn(t, hookload);
            } else if (speed > 0.05 && hanging && freeWeight.ready()) {
                lastOverpull = hookload - freeWeight.value();
                lastOverpullMs = t;
            }
        }
        if (t - lastOverpullMs < 120_000 && lastOverpull > spec.overpull()) {
            figures.put("overpull", lastOverpull);
            reasons.add(String.format(java.util.Locale.ROOT, "overpull %.0f over the free weight %.0f when picking up", lastOverpull, freeWeight.value()));
            score = Math.max(score, lastOverpull / spec.overpull());
        }
        if (reasons.isEmpty()) {
            return List.of();
        }
        return List.of(new Condition("stuck-pipe", Event.Type.ALARM_RAISED, spec.severity(),
                List.of(spec.torque(), spec.hookload()), score,
                "stuck-pipe risk: " + String.join("; ", reasons) + ". Work the pipe, check hole cleaning.", figures,
                spec.forS(), spec.clearS()));
    }
}
