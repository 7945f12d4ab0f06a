package io.derrick.edge.detect.rules;

import io.derrick.edge.detect.Condition;
import io.derrick.edge.detect.Detector;
import io.derrick.edge.detect.Frame;
import io.derrick.edge.detect.TimeWindow;
import io.derrick.protocol.Event;

import java.util.List;
import java.util.Map;

/** A per-channel rule from the config: limits with hysteresis, rate of change, stuck value, stale channel. */
public final class Rule implements Detector {
    private final RuleSpec spec;
    private final TimeWindow window;
    private boolean active;
    /** the first frame this rule saw: a channel never good since then has been without a value that long */
    private long firstFrameMs = Long.MIN_VALUE;

    public Rule(RuleSpec spec) {
        this.spec = spec;
        this.window = new TimeWindow((long) (spec.windowS() * 1000));
    }

    @Override
    public String name() {
        return spec.key();
    }

    public RuleSpec spec() {
        return spec;
    }

    @Override
    public double warmUpS() {
        return switch (spec.type()) {
            case HIGH, LOW -> 0;
            case RATE -> spec.windowS() * 0.5;
            case STUCK, STALE, SPIKES -> spec.windowS();
        };
    }

    /** A limit needs a value to judge; a channel that is good now is not stale; otherwise the warm-up decides. */
    @Override
    public boolean settled(Frame frame, long runningMs) {
        return switch (spec.type()) {
            case HIGH, LOW -> !Double.isNaN(frame.value(ch()));
            case STALE -> frame.sinceGoodMs(ch()) < spec.windowS() * 1000 || runningMs >= warmUpS() * 1000;
            default -> runningMs >= warmUpS() * 1000;
        };
    }

    @Override
    public List<Condition> evaluate(Frame frame, boolean alarmed) {
        if (firstFrameMs == Long.MIN_VALUE) {
            firstFrameMs = frame.timeMs();
        }
        String ch = spec.channel();
        if (!frame.has(ch)) {
            return List.of();
        }
        double v = frame.value(ch);
        return switch (spec.type()) {
            case HIGH -> limit(v, v > spec.limit(), v > spec.limit() - spec.deadband(), "above");
            case LOW -> limit(v, v < spec.limit(), v < spec.limit() + spec.deadband(), "below");
            case RATE -> rate(frame.timeMs(), v);
            case STUCK -> stuck(frame.timeMs(), v);
            case STALE -> stale(frame);
            case SPIKES -> spikes(frame.timeMs(), v);
        };
    }

    private List<Condition> limit(double v, boolean beyond, boolean stillBeyond, String word) {
        if (Double.isNaN(v)) {
            return active ? List.of(condition(Double.NaN, ch() + " has no good value; last seen " + word + " " + fmt(spec.limit()), Map.of())) : List.of();
        }
        active = active ? stillBeyond : beyond;
        if (!active) {
            return List.of();
        }
        return List.of(condition(v / spec.limit(), ch() + " " + fmt(v) + " is " + word + " its limit " + fmt(spec.limit()),
                Map.of("value", v, "limit", spec.limit())));
    }

    private List<Condition> rate(long t, double v) {
        window.add(t, v);
        if (!window.covers(0.5)) {
            return List.of();
        }
        double spanS = (t - window.firstTimeMs()) / 1000.0;
        double perS = (window.last() - window.first()) / spanS;
        if (Math.abs(perS) <= spec.limit()) {
            return List.of();
        }
        return List.of(condition(Math.abs(perS) / spec.limit(), ch() + " changes at " + fmt(perS) + "/s over " + fmt(spanS)
                + " s, the limit is " + fmt(spec.limit()) + "/s", Map.of("ratePerS", perS, "limit", spec.limit())));
    }

    private List<Condition> stuck(long t, double v) {
        if (Double.isNaN(v)) {
            window.clear();
            return List.of();
        }
        if (v <= spec.deadband()) {
            window.clear();          // at rest (top drive stopped, pumps off): a steady zero is no frozen sensor
            return List.of();
        }
        window.add(t, v);
        if (!window.covers(0.98) || window.max() - window.min() > spec.limit()) {
            return List.of();
        }
        return List.of(condition(Double.NaN, ch() + " has not changed from " + fmt(v) + " for " + fmt(spec.windowS())
                + " s: sensor or transmitter frozen?", Map.of("value", v)));
    }

    private final java.util.ArrayDeque<Long> spikeTimes = new java.util.ArrayDeque<>();
    private double beforeLast = Double.NaN;
    private double last = Double.NaN;

    private List<Condition> spikes(long t, double v) {
        if (!Double.isNaN(v) && !Double.isNaN(last) && !Double.isNaN(beforeLast)
                && Math.abs(last - beforeLast) > spec.limit() && Math.abs(v - last) > spec.limit()
                && Math.abs(v - beforeLast) < spec.limit() / 2) {
            spikeTimes.addLast(t);
        }
        beforeLast = last;
        last = v;
        while (!spikeTimes.isEmpty() && spikeTimes.peekFirst() < t - spec.windowS() * 1000) {
            spikeTimes.removeFirst();
        }
        if (spikeTimes.size() < spec.count()) {
            return List.of();
        }
        return List.of(condition(spikeTimes.size() / (double) spec.count(), ch() + " jumped by more than " + fmt(spec.limit())
                + " and straight back " + spikeTimes.size() + " times in " + fmt(spec.windowS()) + " s: failing transmitter or loose wiring?",
                Map.of("spikes", (double) spikeTimes.size())));
    }

    /** A channel never good since the agent started counts from the start, not from 1970: a device down at start alarms after the window too. */
    private List<Condition> stale(Frame frame) {
        long sinceGood = frame.sinceGoodMs(ch());
        boolean never = sinceGood == Long.MAX_VALUE;
        long since = never ? frame.timeMs() - firstFrameMs : sinceGood;
        if (since < spec.windowS() * 1000) {
            return List.of();
        }
        String age = (never ? "since the agent started " : "for ") + since / 1000 + " s" + (never ? " ago" : "");
        return List.of(condition(Double.NaN, ch() + " has had no good value " + age + " (signal lost, device down or out of range)",
                Map.of("secondsWithoutGoodValue", since / 1000.0)));
    }

    private Condition condition(double score, String reason, Map<String, Double> figures) {
        return new Condition(spec.key(), Event.Type.ALARM_RAISED, spec.severity(), List.of(ch()), score, reason, figures,
                spec.forS(), spec.clearS());
    }

    private String ch() {
        return spec.channel();
    }

    static String fmt(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%.0f", v)
                : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
