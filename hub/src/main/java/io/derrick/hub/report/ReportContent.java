package io.derrick.hub.report;

import java.time.LocalTime;
import java.util.List;

/**
 * What people type on a shift report: the header fields and the rows of each section. Times are times of day in the
 * rig's zone, placed inside the shift's window ({@link ShiftWindow#at}). Derived values (metres, hours, ROP, recovery,
 * man-hours, lengths) are computed here, never typed.
 */
public record ReportContent(String location, boolean standby, String standbyReason, double standbyHours, String remarks,
                            List<Crew> crew, List<Progress> progress, List<Activity> activities, List<Material> materials,
                            List<Survey> surveys, List<Casing> casing) {

    public static final List<String> CREW_ROLES = List.of("supervisor", "driller", "helper");

    public record Crew(String role, String name, double hours) {
    }

    public record Progress(String hole, String coreSize, double fromDepth, double toDepth, LocalTime start, LocalTime end,
                           Double coreRecovered, String casingSize, String remarks) {
        public double metres() {
            return toDepth - fromDepth;
        }

        /** The recovered core against the metres drilled, %; null without a recovery figure. */
        public Double recoveryPct() {
            return coreRecovered == null || metres() <= 0 ? null : coreRecovered / metres() * 100;
        }

        /** Core gained (positive) or lost (negative), m. */
        public Double coreLossGain() {
            return coreRecovered == null ? null : coreRecovered - metres();
        }
    }

    public record Activity(String code, LocalTime start, LocalTime end, String description) {
    }

    public record Material(String name, double quantity, String unit, String remarks) {
    }

    public record Survey(double depth, double dip, double azimuth, String tool, String remarks) {
    }

    public record Casing(String size, double fromDepth, double toDepth) {
        public double length() {
            return toDepth - fromDepth;
        }
    }

    public static ReportContent empty() {
        return new ReportContent(null, false, null, 0, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public double manHours() {
        return crew.stream().mapToDouble(Crew::hours).sum();
    }

    public double metres() {
        return progress.stream().mapToDouble(Progress::metres).sum();
    }
}
