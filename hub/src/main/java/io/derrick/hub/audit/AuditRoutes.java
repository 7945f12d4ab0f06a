package io.derrick.hub.audit;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;

/**
 * {@code GET /api/audit}: the audit trail, newest first, filtered by actor, action, entity, time; paged with
 * {@code before} (an id). Read-only: the API has no route that changes it.
 */
final class AuditRoutes {
    private final AuditRepository audit;

    AuditRoutes(AuditRepository audit) {
        this.audit = audit;
    }

    void routes(Routes api) {
        api.get("/audit", Access.roles(Role.ADMIN, Role.MANAGER), this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("actor", "action", "entity", "entityId", "from", "to", "before", "limit"));
        AuditRepository.Filter filter = new AuditRepository.Filter(text(req, "actor"), text(req, "action"), text(req, "entity"),
                text(req, "entityId"), p.instant("from", null), p.instant("to", null),
                p.integer("before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE), p.integer("limit", 100, 1, 1000));
        p.check();
        Jsons.send(res, audit.list(filter));
    }

    private static String text(ServerRequest req, String name) {
        return req.query().first(name).filter(v -> !v.isBlank()).orElse(null);
    }
}
