package io.derrick.hub.ingest;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;

/** {@code /api/rejects}: MQTT messages the ingest refused, newest first, with the reason and the payload as received. */
final class RejectsRoutes {
    private final RejectRepository rejects;

    RejectsRoutes(RejectRepository rejects) {
        this.rejects = rejects;
    }

    void routes(Routes api) {
        api.get("/rejects", Access.roles(Role.ADMIN), this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("limit"));
        int limit = p.integer("limit", 100, 1, 1000);
        p.check();
        Jsons.send(res, rejects.list(limit));
    }
}
