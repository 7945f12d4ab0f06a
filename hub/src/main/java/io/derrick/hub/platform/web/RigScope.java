package io.derrick.hub.platform.web;

import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.Set;

/**
 * Which rigs a caller sees: the contractor's staff every rig, a client's user the rigs drilling for that client. A rig
 * the caller may not see answers exactly like a rig that does not exist (404), so that a client does not learn another
 * client's rigs. Every feature's routes ask this before they read or write a rig's data.
 */
public final class RigScope {
    /** What the scope needs to know of the fleet (the fleet feature answers). */
    public interface Directory {
        /** The client a rig drills for (empty string: none, the contractor's own), or empty when there is no such rig. */
        Optional<String> clientOf(String rig);

        /** The ids of the rigs drilling for {@code client}. */
        Set<String> rigsOf(String client);
    }

    private final Directory fleet;

    public RigScope(Directory fleet) {
        this.fleet = fleet;
    }

    /** A 404 unless the rig exists and the caller sees it. */
    public void require(ServerRequest req, String rig) {
        Principal p = Routes.caller(req);
        String client = fleet.clientOf(rig).orElseThrow(() -> ApiException.notFound("no rig " + rig));
        if (!p.sees(client.isEmpty() ? null : client)) {
            throw ApiException.notFound("no rig " + rig);
        }
    }

    /** The rig in the path of a route with no query parameters, when the caller sees it (else 404). */
    public String rigInPath(ServerRequest req) {
        Params p = new Params(req, java.util.Set.of());
        String rig = p.rigPath();
        p.check();
        require(req, rig);
        return rig;
    }

    /** Null when the caller sees every rig, else the rigs it sees (possibly none). */
    public Set<String> visible(ServerRequest req) {
        Principal p = Routes.caller(req);
        return p.client() == null ? null : fleet.rigsOf(p.client());
    }

    public boolean sees(ServerRequest req, String rig) {
        Set<String> visible = visible(req);
        return visible == null || visible.contains(rig);
    }
}
