package io.derrick.hub.plan;

import java.time.LocalDate;
import java.util.List;

/**
 * A scenario as the calculation engine sees it: plain values, no database (docs/planning.md). Days are whole or
 * fractional; a well occupies its rig from its start for its duration, and its duration includes its non-productive
 * time (NPT): productive days = duration − NPT.
 */
public final class Plan {
    private Plan() {
    }

    /** A rig's availability: from {@code from} (inclusive) to {@code to} (exclusive); null {@code to}: open-ended. */
    public record Window(LocalDate from, LocalDate to) {
        boolean contains(double start, double end) {
            return start >= from.toEpochDay() && (to == null || end <= to.toEpochDay());
        }
    }

    public enum RigStatus { ACTIVE, STANDBY, MAINTENANCE }

    /** A rig for planning; no windows: available at any time. */
    public record Rig(String id, double dayRate, String currency, RigStatus status, List<Window> available) {
        public Rig {
            available = available == null ? List.of() : List.copyOf(available);
        }
    }

    /** Finish-to-start: the well starts no earlier than {@code lagDays} after its predecessor ends (a negative lag overlaps). */
    public record Dependency(long predecessor, double lagDays) {
    }

    /** A named cost beyond the day rate (mobilisation, cementing, a fishing job). */
    public record Extra(String name, double amount) {
    }

    public enum Status { PLANNED, IN_PROGRESS, COMPLETE, CANCELLED }

    /**
     * A campaign well: a well drilled by a rig in a campaign. {@code plannedStart} null: as early as its dependencies
     * and its rig allow from the scenario's start. A complete well keeps its actual dates; one in progress its actual
     * start.
     */
    public record Well(long id, String name, long campaign, String rig, LocalDate plannedStart, double durationDays, Status status,
                       LocalDate actualStart, LocalDate actualEnd, double nptDays, List<Extra> extras, List<Dependency> dependencies) {
        public Well {
            extras = extras == null ? List.of() : List.copyOf(extras);
            dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        }

        double extrasTotal() {
            return extras.stream().mapToDouble(Extra::amount).sum();
        }
    }
}
