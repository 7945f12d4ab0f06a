package io.derrick.hub.platform.web;

import io.derrick.hub.platform.audit.Actor;

import java.time.Instant;
import java.util.Set;

/**
 * Who is calling: a user, through which credential (a browser session, with its CSRF token, or an API token),
 * from which address. {@code renewedUntil}: the session's new end when this request slid it on, else null.
 */
public record Principal(User user, long credentialId, String via, String csrf, String address, Instant renewedUntil) {

    public boolean hasAny(Set<Role> roles) {
        return user.hasAny(roles);
    }

    /** The client this caller is limited to, or null for the contractor's own staff (every rig). */
    public String client() {
        return user.client();
    }

    /** True when the caller may see a rig that drills for {@code rigClient} (null: the contractor's own). */
    public boolean sees(String rigClient) {
        return user.client() == null || user.client().equals(rigClient);
    }

    public Actor actor() {
        return new Actor(user.id(), user.username(), via, address);
    }
}
