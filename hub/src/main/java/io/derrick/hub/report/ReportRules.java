package io.derrick.hub.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of a shift report (docs/reports.md has the table): errors refuse the save with the field named; warnings
 * and notes are kept with the report, lower its quality score and are shown to the approver. Plain logic: no database.
 */
public final class ReportRules {
    /** Core recovered may exceed the metres drilled a little (core from the previous run), not more. */
    static final double MAX_RECOVERY_PCT = 105;
    /** Typed metres and the sensors' may differ by this much before the approver is told: the larger of the two. */
    static final double METRES_TOLERANCE_M = 2;
    static final double METRES_TOLERANCE_PCT = 10;
    /** Typed hours of a rig state and the measured ones: the larger of the two. */
    static final double HOURS_TOLERANCE_H = 0.5;
    static final double HOURS_TOLERANCE_PCT = 20;
    /** The sensors must have seen this share of the shift before their figures are compared with the typed ones. */
    static final double MIN_COVERAGE = 0.5;
    /** Fastest plausible penetration per core size (wireline diamond coring), m/h; open-hole bit sizes: {@link #OPEN_HOLE_MAX_ROP}. */
    static final Map<String, Double> MAX_ROP = Map.of("BQ", 30.0, "NQ", 30.0, "HQ", 25.0, "PQ", 20.0);
    static final double OPEN_HOLE_MAX_ROP = 120;

    /** Where a hole stood at the end of its last earlier shift on the rig. */
    public record LastDepth(double toDepth, LocalDate date, ShiftWindow.Type type) {
    }

    /** What the rules need besides the report: the codes, the holes' last depths, the sensors' figures (may be null). */
    public record Context(Map<String, ActivityCode> codes, Map<String, LastDepth> lastDepths, SensorProposal.Measured measured) {
    }

    public record Result(List<Finding> findings, int score) {
        public List<Finding> errors() {
            return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        }
    }

    private ReportRules() {
    }

    public static Result check(ReportContent c, ShiftWindow w, Context ctx) {
        List<Finding> out = new ArrayList<>();
        double shiftHours = w.hours();
        if (c.standby() && (c.standbyReason() == null || c.standbyReason().isBlank())) {
            out.add(Finding.error("standbyReason", "standby-reason", "required when the rig was on standby"));
        }
        if (c.standbyHours() > shiftHours) {
            out.add(Finding.error("standbyHours", "standby-hours", "at most the shift's " + h(shiftHours) + " h"));
        }
        for (int i = 0; i < c.crew().size(); i++) {
            if (c.crew().get(i).hours() > shiftHours) {
                out.add(Finding.error("crew[" + i + "].hours", "crew-hours", "at most the shift's " + h(shiftHours) + " h, got " + h(c.crew().get(i).hours())));
            }
        }
        Map<String, Double> typedMetresByHole = new LinkedHashMap<>();
        for (int i = 0; i < c.progress().size(); i++) {
            ReportContent.Progress p = c.progress().get(i);
            String f = "progress[" + i + "].";
            if (p.toDepth() <= p.fromDepth()) {
                out.add(Finding.error(f + "toDepth", "depths", "must be deeper than fromDepth (" + m(p.fromDepth()) + " m), got " + m(p.toDepth()) + " m"));
            }
            Double hours = span(out, f, p.start(), p.end(), w);
            if (p.toDepth() > p.fromDepth() && p.recoveryPct() != null && p.recoveryPct() > MAX_RECOVERY_PCT) {
                out.add(Finding.error(f + "coreRecovered", "recovery", String.format(Locale.ROOT,
                        "%.1f m of core from %.1f m drilled is %.0f %%: at most %.0f %%", p.coreRecovered(), p.metres(), p.recoveryPct(), MAX_RECOVERY_PCT)));
            }
            if (hours != null && hours > 0 && p.metres() > 0) {
                double rop = p.metres() / hours;
                double max = MAX_ROP.getOrDefault(p.coreSize().toUpperCase(Locale.ROOT), OPEN_HOLE_MAX_ROP);
                if (rop > max) {
                    out.add(Finding.warning(f + "toDepth", "rop", String.format(Locale.ROOT,
                            "%.1f m in %.2f h is %.1f m/h: faster than is plausible for %s (%.0f m/h)", p.metres(), hours, rop, p.coreSize(), max)));
                }
            }
            LastDepth last = ctx.lastDepths().get(p.hole());
            boolean firstRowOfHole = c.progress().subList(0, i).stream().noneMatch(q -> q.hole().equals(p.hole()));
            if (last != null && firstRowOfHole && Math.abs(last.toDepth() - p.fromDepth()) > 0.01) {
                out.add(Finding.warning(f + "fromDepth", "continuity", String.format(Locale.ROOT,
                        "hole %s ended at %.2f m on the %s %s shift; this starts at %.2f m", p.hole(), last.toDepth(), last.date(), last.type().wire(), p.fromDepth())));
            }
            if (p.toDepth() > p.fromDepth()) {
                typedMetresByHole.merge(p.hole(), p.metres(), Double::sum);
            }
        }
        record Span(int index, Instant start, Instant end) {
        }
        List<Span> spans = new ArrayList<>();
        Map<String, Double> typedHoursByState = new LinkedHashMap<>();
        double activityHours = 0;
        for (int i = 0; i < c.activities().size(); i++) {
            ReportContent.Activity a = c.activities().get(i);
            String f = "activities[" + i + "].";
            ActivityCode code = ctx.codes().get(a.code());
            if (code == null) {
                out.add(Finding.error(f + "code", "code", "unknown activity code '" + a.code() + "'"));
            }
            Double hours = span(out, f, a.start(), a.end(), w);
            if (hours != null) {
                spans.add(new Span(i, w.at(a.start()), w.at(a.start()).plus(Duration.ofSeconds(Math.round(hours * 3600)))));
                activityHours += hours;
                if (code != null && code.rigState() != null) {
                    typedHoursByState.merge(code.rigState(), hours, Double::sum);
                }
            }
        }
        spans.sort(Comparator.comparing(Span::start));
        for (int k = 1; k < spans.size(); k++) {
            Span prev = spans.get(k - 1);
            Span cur = spans.get(k);
            if (cur.start().isBefore(prev.end())) {
                ReportContent.Activity other = c.activities().get(prev.index());
                out.add(Finding.error("activities[" + cur.index() + "].start", "overlap",
                        "overlaps activities[" + prev.index() + "] (" + other.start() + "–" + other.end() + ")"));
            }
        }
        if (activityHours > shiftHours + 1e-9) {
            out.add(Finding.error("activities", "activity-hours", "activities add up to " + h(activityHours) + " h, more than the shift's " + h(shiftHours) + " h"));
        }
        compareWithSensors(out, c, ctx.measured(), typedHoursByState);
        completeness(out, c, activityHours, shiftHours);
        return new Result(List.copyOf(out), score(out));
    }

    /** The hours of a row from its start and end, both inside the window; null (and an error) when not. */
    private static Double span(List<Finding> out, String f, LocalTime start, LocalTime end, ShiftWindow w) {
        Instant s = w.at(start);
        if (!w.contains(s)) {
            out.add(Finding.error(f + "start", "window", start + " is outside the shift (" + w.label() + ")"));
            return null;
        }
        Instant e = w.at(end);
        if (!e.isAfter(s) || e.isAfter(w.end())) {
            // 05:00 typed as the end of a row starting at 07:00 on a day shift is the next morning: past the shift's end
            out.add(Finding.error(f + "end", "window", end + " is not after " + start + " inside the shift (" + w.label() + ")"));
            return null;
        }
        return Duration.between(s, e).toSeconds() / 3600.0;
    }

    private static void compareWithSensors(List<Finding> out, ReportContent c, SensorProposal.Measured measured, Map<String, Double> typedHoursByState) {
        if (measured == null || measured.coverage() < MIN_COVERAGE) {
            if (measured != null && !c.progress().isEmpty()) {
                out.add(Finding.info("progress", "sensors", String.format(Locale.ROOT,
                        "the sensors saw %.0f %% of the shift: typed figures not compared", measured.coverage() * 100)));
            }
            return;
        }
        double typed = c.metres();
        double sensed = measured.metres();
        if (Math.abs(typed - sensed) > Math.max(METRES_TOLERANCE_M, sensed * METRES_TOLERANCE_PCT / 100)) {
            out.add(Finding.warning("progress", "metres-vs-sensors", String.format(Locale.ROOT,
                    "typed %.1f m drilled, the sensors measured %.1f m", typed, sensed)));
        }
        if (c.activities().isEmpty()) {
            return;
        }
        for (Map.Entry<String, Double> e : measured.hoursByState().entrySet()) {
            if (e.getKey().equals("idle")) {
                continue; // idle on the sensors is repair, waiting, safety, standby … on the report: the supervisor's to classify
            }
            double typedHours = typedHoursByState.getOrDefault(e.getKey(), 0.0);
            if (Math.abs(typedHours - e.getValue()) > Math.max(HOURS_TOLERANCE_H, e.getValue() * HOURS_TOLERANCE_PCT / 100)) {
                out.add(Finding.warning("activities", "hours-vs-sensors", String.format(Locale.ROOT,
                        "typed %.1f h of %s, the sensors measured %.1f h", typedHours, e.getKey(), e.getValue())));
            }
        }
    }

    private static void completeness(List<Finding> out, ReportContent c, double activityHours, double shiftHours) {
        if (c.crew().stream().noneMatch(m -> m.role().equals("supervisor"))) {
            out.add(Finding.info("crew", "complete", "no supervisor named"));
        }
        if (c.crew().stream().noneMatch(m -> m.role().equals("driller"))) {
            out.add(Finding.info("crew", "complete", "no driller named"));
        }
        if (c.progress().isEmpty() && !c.standby()) {
            out.add(Finding.info("progress", "complete", "no drilling progress and no standby"));
        }
        if (activityHours + c.standbyHours() < shiftHours * 0.9) {
            out.add(Finding.info("activities", "complete", String.format(Locale.ROOT,
                    "activities and standby account for %.1f of the shift's %.1f h", activityHours + c.standbyHours(), shiftHours)));
        }
        if (c.location() == null || c.location().isBlank()) {
            out.add(Finding.info("location", "complete", "no site or location"));
        }
    }

    /** 100, less 15 a warning and 5 a note (incompleteness, figures not compared); an error-free report scores at least 0. */
    static int score(List<Finding> findings) {
        int score = 100;
        for (Finding f : findings) {
            score -= switch (f.severity()) {
                case ERROR -> 30;
                case WARNING -> 15;
                case INFO -> 5;
            };
        }
        return Math.max(0, score);
    }

    private static String h(double hours) {
        return String.format(Locale.ROOT, "%.1f", hours);
    }

    private static String m(double metres) {
        return String.format(Locale.ROOT, "%.2f", metres);
    }
}
