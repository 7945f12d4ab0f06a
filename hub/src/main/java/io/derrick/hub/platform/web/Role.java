package io.derrick.hub.platform.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person may do in the hub. A user holds one or more; routes name the roles they need. */
public enum Role {
    /** reads dashboards, history, alarms */
    VIEWER,
    /** edits reports and plans (drafts) */
    EDITOR,
    /** the rig supervisor: submits shift reports, acknowledges alarms */
    SUPERVISOR,
    /** operations manager: approves reports, plans campaigns, reads the audit trail */
    MANAGER,
    /** a client's (operator's) user: reads and approves only the client's own rigs, shifts and reports */
    CLIENT,
    /** maintenance: alarms, alert emails, equipment health */
    MAINTENANCE,
    /** users, roles, clients, rigs, edge nodes and their credentials */
    ADMIN;

    /** The name on the wire and in the database: lower case. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(text)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Role::wire).toList());
    }
}
