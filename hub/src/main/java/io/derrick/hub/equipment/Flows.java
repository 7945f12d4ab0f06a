package io.derrick.hub.equipment;

import io.derrick.hub.platform.web.Role;

import java.util.List;
import java.util.Set;

/** The work order and incident state machines, as tables (plain logic). */
public final class Flows {
    /** One allowed step: an action from some states to one, by some roles; whether it needs a note. */
    public record Step(String action, Set<String> from, String to, Set<Role> roles, boolean needsNote) {
    }

    /** The next state, or the refusal's status (403 who, 409 state, 400 action or note), its field and its reason. */
    public record Decision(String to, int refusal, String field, String reason) {
        public boolean allowed() {
            return refusal == 0;
        }
    }

    private static final Set<Role> MAINTENANCE = Set.of(Role.MAINTENANCE, Role.ADMIN);
    private static final Set<Role> INVESTIGATORS = Set.of(Role.SUPERVISOR, Role.MANAGER, Role.MAINTENANCE, Role.ADMIN);
    private static final Set<Role> MANAGERS = Set.of(Role.MANAGER, Role.ADMIN);

    /** scheduled → in progress → completed / cancelled; an order in progress may go back to scheduled. */
    public static final List<Step> WORK_ORDER = List.of(
            new Step("start", Set.of("scheduled"), "in_progress", MAINTENANCE, false),
            new Step("complete", Set.of("in_progress"), "completed", MAINTENANCE, false),
            new Step("cancel", Set.of("scheduled", "in_progress"), "cancelled", MAINTENANCE, true),
            new Step("reschedule", Set.of("in_progress"), "scheduled", MAINTENANCE, true));

    /** reported → investigating → resolved → closed; managers close and reopen. */
    public static final List<Step> INCIDENT = List.of(
            new Step("investigate", Set.of("reported"), "investigating", INVESTIGATORS, false),
            new Step("resolve", Set.of("investigating"), "resolved", INVESTIGATORS, true),
            new Step("close", Set.of("resolved"), "closed", MANAGERS, false),
            new Step("reopen", Set.of("resolved", "closed"), "investigating", MANAGERS, true));

    private Flows() {
    }

    public static Set<String> actions(List<Step> table) {
        return table.stream().map(Step::action).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    public static Decision decide(List<Step> table, String state, String action, Set<Role> caller, String note) {
        Step step = table.stream().filter(s -> s.action().equals(action)).findFirst().orElse(null);
        if (step == null) {
            return new Decision(null, 400, "action", "no action '" + action + "': " + String.join(", ", actions(table)));
        }
        if (caller.stream().noneMatch(step.roles()::contains)) {
            return new Decision(null, 403, "status", "only " + String.join(", ", step.roles().stream().map(Role::wire).sorted().toList())
                    + " may " + action);
        }
        if (!step.from().contains(state)) {
            return new Decision(null, 409, "status", "cannot " + action + " when " + state.replace('_', ' ') + " (only when "
                    + String.join(" or ", step.from().stream().sorted().map(s -> s.replace('_', ' ')).toList()) + ")");
        }
        if (step.needsNote() && (note == null || note.isBlank())) {
            return new Decision(null, 400, "note", action + " needs a note saying why");
        }
        return new Decision(step.to(), 0, null, null);
    }
}
