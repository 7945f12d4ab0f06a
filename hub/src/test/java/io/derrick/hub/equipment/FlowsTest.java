package io.derrick.hub.equipment;

import io.derrick.hub.platform.web.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The work order and incident state machines as tables: every role × state × action → next state or refusal. */
class FlowsTest {
    static final Map<String, Set<Role>> CALLERS = Map.of(
            "maintenance", Set.of(Role.MAINTENANCE), "admin", Set.of(Role.ADMIN), "manager", Set.of(Role.MANAGER),
            "supervisor", Set.of(Role.SUPERVISOR), "viewer", Set.of(Role.VIEWER), "client", Set.of(Role.CLIENT),
            "editor", Set.of(Role.EDITOR));

    @ParameterizedTest(name = "work order {0}")
    @CsvSource(delimiter = '|', textBlock = """
            start      | maintenance admin | scheduled               | in_progress | false
            complete   | maintenance admin | in_progress             | completed   | false
            cancel     | maintenance admin | scheduled in_progress   | cancelled   | true
            reschedule | maintenance admin | in_progress             | scheduled   | true
            """)
    void workOrders(String action, String who, String from, String to, boolean note) {
        table(Flows.WORK_ORDER, List.of("scheduled", "in_progress", "completed", "cancelled"), action, who, from, to, note);
    }

    @ParameterizedTest(name = "incident {0}")
    @CsvSource(delimiter = '|', textBlock = """
            investigate | supervisor manager maintenance admin | reported             | investigating | false
            resolve     | supervisor manager maintenance admin | investigating        | resolved      | true
            close       | manager admin                        | resolved             | closed        | false
            reopen      | manager admin                        | resolved closed      | investigating | true
            """)
    void incidents(String action, String who, String from, String to, boolean note) {
        table(Flows.INCIDENT, List.of("reported", "investigating", "resolved", "closed"), action, who, from, to, note);
    }

    private static void table(List<Flows.Step> flow, List<String> states, String action, String who, String from, String to, boolean note) {
        Set<String> allowed = Set.of(who.split(" "));
        Set<String> fromStates = Set.of(from.split(" "));
        for (var caller : CALLERS.entrySet()) {
            for (String state : states) {
                Flows.Decision d = Flows.decide(flow, state, action, caller.getValue(), "because");
                String what = caller.getKey() + " " + action + " when " + state + " → " + d;
                if (!allowed.contains(caller.getKey())) {
                    assertThat(d.refusal()).as(what).isEqualTo(403);
                } else if (!fromStates.contains(state)) {
                    assertThat(d.refusal()).as(what).isEqualTo(409);
                    assertThat(d.reason()).as(what).startsWith("cannot " + action);
                } else {
                    assertThat(d.to()).as(what).isEqualTo(to);
                    Flows.Decision without = Flows.decide(flow, state, action, caller.getValue(), " ");
                    assertThat(without.allowed()).as(what + " without a note").isEqualTo(!note);
                }
            }
        }
        assertThat(Flows.decide(flow, states.getFirst(), "explode", Set.of(Role.ADMIN), null).refusal()).isEqualTo(400);
    }
}
