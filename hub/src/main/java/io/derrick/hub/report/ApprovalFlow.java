package io.derrick.hub.report;

import io.derrick.hub.platform.web.Role;

import java.util.Locale;
import java.util.Set;

/**
 * The approval flow of a shift report, as a table (docs/reports.md):
 * draft → submitted (the rig's supervisor) → approved or rejected with a comment (a manager) → for a rig with a
 * client, approved or rejected by the client's users. A rejection unlocks the report for the supervisor and a new
 * submission starts the flow again; an approved report is locked until a manager reopens it, with a reason.
 * Plain logic: who may do what from which state, and what the state becomes.
 */
public final class ApprovalFlow {
    public enum Status {
        DRAFT, SUBMITTED, MANAGER_APPROVED, APPROVED, REJECTED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }

        /** Whether the supervisor may edit the report in this state. */
        public boolean editable() {
            return this == DRAFT || this == REJECTED;
        }

        /**
         * Whether the client's users see the report: from the manager's approval on (theirs to review) and approved. A
         * draft, a report before the manager, or one being reworked after a rejection is the contractor's.
         */
        public boolean clientSees() {
            return this == MANAGER_APPROVED || this == APPROVED;
        }

        /** The statuses {@link #clientSees()} holds for, as stored. */
        public static final java.util.List<String> CLIENT_SEES = java.util.Arrays.stream(values()).filter(Status::clientSees).map(Status::wire).toList();
    }

    public enum Action {
        SUBMIT, APPROVE, REJECT, CLIENT_APPROVE, CLIENT_REJECT, REOPEN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String history() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Action parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** A rejection and a reopening say why. */
        public boolean needsComment() {
            return this == REJECT || this == CLIENT_REJECT || this == REOPEN;
        }
    }

    /** Who acts: their roles, whether they are assigned to the report's rig, and their client (null for the contractor's staff). */
    public record Caller(Set<Role> roles, boolean assignedToRig, String client) {
    }

    /** The answer: the new status, or why not (403: not theirs to do; 409: not in this state; 400: a comment is missing). */
    public record Decision(Status next, int refusal, String reason) {
        public boolean allowed() {
            return next != null;
        }

        static Decision to(Status next) {
            return new Decision(next, 0, null);
        }

        static Decision refuse(int status, String reason) {
            return new Decision(null, status, reason);
        }
    }

    private ApprovalFlow() {
    }

    /**
     * What {@code action} by {@code caller} does to a report in {@code status} whose shift belongs to {@code reportClient}
     * (null: a rig of no client, approved by the manager alone).
     */
    public static Decision decide(Status status, Action action, Caller caller, String reportClient, String comment) {
        String who = mayAct(action, caller, reportClient);
        if (who != null) {
            return Decision.refuse(403, who);
        }
        Status next = switch (action) {
            case SUBMIT -> status.editable() ? Status.SUBMITTED : null;
            case APPROVE -> status == Status.SUBMITTED ? (reportClient == null ? Status.APPROVED : Status.MANAGER_APPROVED) : null;
            case REJECT -> status == Status.SUBMITTED ? Status.REJECTED : null;
            case CLIENT_APPROVE -> status == Status.MANAGER_APPROVED ? Status.APPROVED : null;
            case CLIENT_REJECT -> status == Status.MANAGER_APPROVED ? Status.REJECTED : null;
            case REOPEN -> status == Status.MANAGER_APPROVED || status == Status.APPROVED ? Status.DRAFT : null;
        };
        if (next == null) {
            return Decision.refuse(409, "a " + status.wire().replace('_', ' ') + " report cannot be " + past(action) + expected(action));
        }
        if (action.needsComment() && (comment == null || comment.isBlank())) {
            return Decision.refuse(400, "comment: required to " + action.wire().replace('-', ' ') + " a report: say why");
        }
        return Decision.to(next);
    }

    /** Null when the caller may take the action at all; else why not. */
    private static String mayAct(Action action, Caller caller, String reportClient) {
        boolean admin = caller.roles().contains(Role.ADMIN);
        return switch (action) {
            case SUBMIT -> admin || caller.roles().contains(Role.SUPERVISOR) && caller.assignedToRig() && caller.client() == null ? null
                    : "only a supervisor assigned to the rig submits its reports";
            case APPROVE, REJECT, REOPEN -> admin || caller.roles().contains(Role.MANAGER) && caller.client() == null ? null
                    : "only a manager " + (action == Action.REOPEN ? "reopens" : "approves or rejects") + " a report";
            case CLIENT_APPROVE, CLIENT_REJECT -> caller.roles().contains(Role.CLIENT) && reportClient != null && reportClient.equals(caller.client())
                    ? null : "only the users of the rig's client approve or reject for the client";
        };
    }

    private static String past(Action a) {
        return switch (a) {
            case SUBMIT -> "submitted";
            case APPROVE, CLIENT_APPROVE -> "approved";
            case REJECT, CLIENT_REJECT -> "rejected";
            case REOPEN -> "reopened";
        };
    }

    private static String expected(Action a) {
        return switch (a) {
            case SUBMIT -> ": only a draft or a rejected one is";
            case APPROVE, REJECT -> " by a manager: only a submitted one is";
            case CLIENT_APPROVE, CLIENT_REJECT -> " by the client: only one a manager approved is";
            case REOPEN -> ": only an approved one is";
        };
    }
}
