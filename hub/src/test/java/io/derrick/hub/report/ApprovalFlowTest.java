package io.derrick.hub.report;

import io.derrick.hub.platform.web.Role;
import io.derrick.hub.report.ApprovalFlow.Action;
import io.derrick.hub.report.ApprovalFlow.Caller;
import io.derrick.hub.report.ApprovalFlow.Decision;
import io.derrick.hub.report.ApprovalFlow.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval flow as a table: every caller × state × action → the next state, or the refusal and its status. */
class ApprovalFlowTest {
    /** The callers, by what they are; "acme" is the report's client. */
    static final Map<String, Caller> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("supervisor", new Caller(Set.of(Role.SUPERVISOR), true, null));
        CALLERS.put("other-supervisor", new Caller(Set.of(Role.SUPERVISOR), false, null));
        CALLERS.put("manager", new Caller(Set.of(Role.MANAGER), false, null));
        CALLERS.put("admin", new Caller(Set.of(Role.ADMIN), false, null));
        CALLERS.put("client", new Caller(Set.of(Role.CLIENT), false, "acme"));
        CALLERS.put("other-client", new Caller(Set.of(Role.CLIENT), false, "zenith"));
        CALLERS.put("viewer", new Caller(Set.of(Role.VIEWER), false, null));
        CALLERS.put("editor", new Caller(Set.of(Role.EDITOR), false, null));
    }

    /** action | who may | from which states | to (on a rig of a client; "-": as on a rig of none) */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SUBMIT         | supervisor admin   | DRAFT REJECTED              | SUBMITTED
            APPROVE        | manager admin      | SUBMITTED                   | MANAGER_APPROVED
            REJECT         | manager admin      | SUBMITTED                   | REJECTED
            CLIENT_APPROVE | client             | MANAGER_APPROVED            | APPROVED
            CLIENT_REJECT  | client             | MANAGER_APPROVED            | REJECTED
            REOPEN         | manager admin      | MANAGER_APPROVED APPROVED   | DRAFT
            """)
    void everyCallerStateAndAction(String action, String who, String from, String to) {
        Action a = Action.valueOf(action);
        Set<String> allowedCallers = Set.of(who.split(" "));
        EnumSet<Status> fromStates = EnumSet.noneOf(Status.class);
        for (String s : from.split(" ")) {
            fromStates.add(Status.valueOf(s));
        }
        for (Map.Entry<String, Caller> caller : CALLERS.entrySet()) {
            for (Status state : Status.values()) {
                Decision d = ApprovalFlow.decide(state, a, caller.getValue(), "acme", "because");
                String what = caller.getKey() + " " + a + " on a " + state + " report → " + d;
                if (!allowedCallers.contains(caller.getKey())) {
                    assertThat(d.refusal()).as(what).isEqualTo(403);
                    assertThat(d.reason()).as(what).startsWith("only ");
                } else if (!fromStates.contains(state)) {
                    assertThat(d.refusal()).as(what).isEqualTo(409);
                    assertThat(d.reason()).as(what).contains("cannot be");
                } else {
                    assertThat(d.next()).as(what).isEqualTo(Status.valueOf(to));
                }
            }
        }
    }

    @Test
    void aRigOfNoClientIsApprovedByTheManagerAlone() {
        assertThat(ApprovalFlow.decide(Status.SUBMITTED, Action.APPROVE, CALLERS.get("manager"), null, null).next()).isEqualTo(Status.APPROVED);
        assertThat(ApprovalFlow.decide(Status.APPROVED, Action.CLIENT_APPROVE, CALLERS.get("client"), null, null).refusal())
                .as("no client to approve for").isEqualTo(403);
    }

    @Test
    void aRejectionAndAReopeningSayWhy() {
        for (Action a : List.of(Action.REJECT, Action.CLIENT_REJECT, Action.REOPEN)) {
            Status from = a == Action.REJECT ? Status.SUBMITTED : Status.MANAGER_APPROVED;
            Caller c = a == Action.CLIENT_REJECT ? CALLERS.get("client") : CALLERS.get("manager");
            for (String comment : new String[] {null, "", "  "}) {
                Decision d = ApprovalFlow.decide(from, a, c, "acme", comment);
                assertThat(d.refusal()).as(a + " with comment '" + comment + "'").isEqualTo(400);
                assertThat(d.reason()).startsWith("comment: required");
            }
        }
        assertThat(ApprovalFlow.decide(Status.SUBMITTED, Action.APPROVE, CALLERS.get("manager"), "acme", null).allowed())
                .as("an approval needs no comment").isTrue();
    }

    @Test
    void onlyADraftAndARejectedReportAreEditable() {
        assertThat(EnumSet.allOf(Status.class).stream().filter(Status::editable)).containsExactlyInAnyOrder(Status.DRAFT, Status.REJECTED);
    }

    @Test
    void aManagerWhoIsAClientsUserIsNoManager() {
        Caller odd = new Caller(Set.of(Role.MANAGER, Role.CLIENT), false, "acme");
        assertThat(ApprovalFlow.decide(Status.SUBMITTED, Action.APPROVE, odd, "acme", null).refusal()).isEqualTo(403);
    }
}
