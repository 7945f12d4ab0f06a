package io.derrick.hub.platform.web;

import io.derrick.hub.platform.web.Role;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a route. Every route declares one when it is registered ({@link ApiRoutes}); there is no other way
 * to add a route to the API.
 */
public record Access(Kind kind, Set<Role> roles) {
    public enum Kind {
        /** no sign-in (only signing in itself) */
        ANYONE,
        /** any signed-in user; a client's user sees only the client's rigs */
        SIGNED_IN,
        /** any signed-in user who is the contractor's, not a client's */
        STAFF,
        /** a user holding one of {@link #roles()} */
        ROLES
    }

    public static final Access ANYONE = new Access(Kind.ANYONE, Set.of());
    public static final Access SIGNED_IN = new Access(Kind.SIGNED_IN, Set.of());
    public static final Access STAFF = new Access(Kind.STAFF, Set.of());

    public static Access roles(Role first, Role... more) {
        return new Access(Kind.ROLES, Set.copyOf(EnumSet.of(first, more)));
    }

    @Override
    public String toString() {
        return kind == Kind.ROLES ? "roles " + roles.stream().map(Role::wire).sorted().toList()
                : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
