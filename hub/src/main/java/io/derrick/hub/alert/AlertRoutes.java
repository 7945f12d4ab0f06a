package io.derrick.hub.alert;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;

/** {@code /api/alerts}: the alert emails, newest first, sent or not and why. The contractor's staff only. */
final class AlertRoutes {
    private final NotificationRepository notifications;

    AlertRoutes(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    void routes(Routes api) {
        api.get("/alerts", Access.STAFF, this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("limit", "status"));
        int limit = p.integer("limit", 100, 1, 1000);
        String status = p.choice("status", "any", Set.of("any", "PENDING", "SENT", "SUPPRESSED", "FAILED"));
        p.check();
        Jsons.send(res, notifications.list(status.equals("any") ? null : status, limit));
    }
}
