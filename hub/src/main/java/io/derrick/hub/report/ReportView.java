package io.derrick.hub.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A report as the API, the pages and the exports show it: what was typed, what is derived from it, what the sensors measured. */
final class ReportView {
    private ReportView() {
    }

    /** The totals of a report's rows, for the report, the 24-hour view and the exports. */
    record Totals(double metres, double drillingHours, double activityHours, double productiveHours, double nonProductiveHours,
                  double manHours, double standbyHours, Map<String, Double> hoursByCode) {
        static Totals of(ReportContent c, ShiftWindow w, Map<String, ActivityCode> codes) {
            double drilling = 0;
            for (ReportContent.Progress p : c.progress()) {
                drilling += w.hours(p.start(), p.end());
            }
            double activity = 0;
            double productive = 0;
            Map<String, Double> byCode = new TreeMap<>();
            for (ReportContent.Activity a : c.activities()) {
                double h = w.hours(a.start(), a.end());
                activity += h;
                ActivityCode code = codes.get(a.code());
                if (code == null || code.productive()) {
                    productive += h;
                }
                byCode.merge(a.code(), h, Double::sum);
            }
            return new Totals(r(c.metres()), r(drilling), r(activity), r(productive), r(activity - productive), r(c.manHours()),
                    r(c.standbyHours()), byCode);
        }

        Totals plus(Totals o) {
            Map<String, Double> byCode = new TreeMap<>(hoursByCode);
            o.hoursByCode.forEach((k, v) -> byCode.merge(k, v, Double::sum));
            return new Totals(r(metres + o.metres), r(drillingHours + o.drillingHours), r(activityHours + o.activityHours),
                    r(productiveHours + o.productiveHours), r(nonProductiveHours + o.nonProductiveHours), r(manHours + o.manHours),
                    r(standbyHours + o.standbyHours), byCode);
        }
    }

    static Map<String, Object> of(ReportRepository.Stored s, Map<String, ActivityCode> codes) {
        ReportRepository.Header h = s.header();
        ReportContent c = s.content();
        ShiftWindow w = h.window();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", h.id());
        out.put("rig", h.rig());
        out.put("date", h.date().toString());
        out.put("shiftType", h.type().wire());
        out.put("start", h.window().start());
        out.put("end", h.window().end());
        out.put("window", w.label());
        out.put("hours", r(w.hours()));
        out.put("timeZone", w.zone().getId());
        out.put("client", h.client());
        out.put("status", h.status().wire());
        out.put("editable", h.status().editable());
        out.put("version", h.version());
        out.put("location", c.location());
        out.put("standby", c.standby());
        out.put("standbyReason", c.standbyReason());
        out.put("standbyHours", c.standbyHours());
        out.put("remarks", c.remarks());
        out.put("crew", c.crew());
        List<Map<String, Object>> progress = new ArrayList<>();
        for (ReportContent.Progress p : c.progress()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("hole", p.hole());
            row.put("coreSize", p.coreSize());
            row.put("fromDepth", p.fromDepth());
            row.put("toDepth", p.toDepth());
            row.put("start", p.start().toString());
            row.put("end", p.end().toString());
            double hours = w.hours(p.start(), p.end());
            row.put("metres", r(p.metres()));
            row.put("hours", r(hours));
            row.put("rop", hours > 0 ? r(p.metres() / hours) : null);
            row.put("coreRecovered", p.coreRecovered());
            row.put("recoveryPct", p.recoveryPct() == null ? null : r(p.recoveryPct()));
            row.put("coreLossGain", p.coreLossGain() == null ? null : r(p.coreLossGain()));
            row.put("casingSize", p.casingSize());
            row.put("remarks", p.remarks());
            progress.add(row);
        }
        out.put("progress", progress);
        List<Map<String, Object>> activities = new ArrayList<>();
        for (ReportContent.Activity a : c.activities()) {
            ActivityCode code = codes.get(a.code());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("code", a.code());
            row.put("label", code == null ? a.code() : code.label());
            row.put("productive", code == null || code.productive());
            row.put("start", a.start().toString());
            row.put("end", a.end().toString());
            row.put("hours", r(w.hours(a.start(), a.end())));
            row.put("description", a.description());
            activities.add(row);
        }
        out.put("activities", activities);
        out.put("materials", c.materials());
        out.put("surveys", c.surveys());
        List<Map<String, Object>> casing = new ArrayList<>();
        for (ReportContent.Casing k : c.casing()) {
            casing.add(Map.of("size", k.size(), "fromDepth", k.fromDepth(), "toDepth", k.toDepth(), "length", r(k.length())));
        }
        out.put("casing", casing);
        out.put("totals", Totals.of(c, w, codes));
        out.put("measured", h.measured());
        out.put("findings", h.findings());
        out.put("qualityScore", h.score());
        out.put("history", s.history());
        out.put("createdAt", h.createdAt());
        out.put("createdBy", h.createdBy());
        out.put("updatedAt", h.updatedAt());
        out.put("updatedBy", h.updatedBy());
        return out;
    }

    static double r(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
