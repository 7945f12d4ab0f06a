package io.derrick.hub.report;

/**
 * A time code of the activity log: the IADC codes (seeded) and those a contractor adds. {@code rigState} names the
 * measured rig state it corresponds to (drilling, connection, trip, circulating, idle), or is null for work the
 * sensors cannot tell apart (repair, safety, waiting).
 */
public record ActivityCode(String code, String label, boolean productive, String rigState, boolean builtin) {
}
