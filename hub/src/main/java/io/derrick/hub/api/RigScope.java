package io.derrick.hub.api;

import io.derrick.hub.fleet.FleetRepository;
import io.derrick.hub.security.Principal;
import io.helidon.webserver.http.ServerRequest;

import java.util.Set;

/**
 * Which rigs a caller sees: the contractor's staff every rig, a client's user the rigs drilling for that client.
 * A rig the caller may not see answers exactly like a rig that does not exist (404), so that a client does not learn
 * another client's rigs.
 */
final class RigScope {
    private final FleetRepository fleet;

    RigScope(FleetRepository fleet) {
        this.fleet = fleet;
    }

    /** The rig, when it exists and the caller sees it; else a 404. */
    FleetRepository.Rig require(ServerRequest req, String rig) {
        Principal p = ApiRoutes.caller(req);
        return fleet.rig(rig).filter(r -> p.sees(r.client())).orElseThrow(() -> ApiException.notFound("no rig " + rig));
    }

    /** Null when the caller sees every rig, else the rigs it sees (possibly none). */
    Set<String> visible(ServerRequest req) {
        Principal p = ApiRoutes.caller(req);
        if (p.client() == null) {
            return null;
        }
        return fleet.rigsOf(p.client());
    }

    boolean sees(ServerRequest req, String rig) {
        Set<String> visible = visible(req);
        return visible == null || visible.contains(rig);
    }
}
