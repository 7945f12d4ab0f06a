package io.derrick.hub.platform.web;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** A person who signs in to the hub, as the API shows it (never with the password hash). */
public record User(long id, String username, String displayName, String email, Set<Role> roles, String client,
                   boolean disabled, Instant createdAt, Instant lastLoginAt, Instant lockedUntil) {

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Set<Role> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }

    /** Roles from their database form, {@code {viewer,admin}}. */
    public static Set<Role> roles(String[] names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(names).forEach(n -> roles.add(Role.parse(n).orElseThrow(() -> new IllegalStateException("unknown role in the database: " + n))));
        return roles;
    }
}
