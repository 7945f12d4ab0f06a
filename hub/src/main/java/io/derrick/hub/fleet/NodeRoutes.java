package io.derrick.hub.fleet;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.platform.web.Role;
import io.derrick.protocol.Ids;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code /api/admin/nodes}: registering edge nodes and issuing, rotating and ending their MQTT credentials;
 * {@code /api/admin/broker/mosquitto.passwd} and {@code mosquitto.acl}: the same as Mosquitto's files, for a deployment
 * on Mosquitto ({@code deploy/mosquitto/sync-credentials.sh}). Admins only.
 */
final class NodeRoutes {
    private static final Access ADMIN = Access.roles(Role.ADMIN);

    private final NodeRegistry nodes;
    private final String brokerUser;
    private final String brokerPassword;

    /** @param brokerUser, brokerPassword what the hub signs in to an external broker with (broker.username, .password) */
    NodeRoutes(NodeRegistry nodes, String brokerUser, String brokerPassword) {
        this.nodes = nodes;
        this.brokerUser = brokerUser;
        this.brokerPassword = brokerPassword;
    }

    void routes(Routes admin) {
        admin.get("/nodes", ADMIN, (req, res) -> Jsons.send(res, nodes.list()))
                .post("/nodes", ADMIN, this::register)
                .post("/nodes/{rig}/{node}/credential", ADMIN, this::rotate)
                .delete("/nodes/{rig}/{node}", ADMIN, this::remove)
                .get("/broker/mosquitto.passwd", ADMIN, this::passwordFile)
                .get("/broker/mosquitto.acl", ADMIN, (req, res) -> text(res, nodes.mosquittoAcl(hubUser())));
    }

    private void register(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, Set.of("rig", "node"), false);
        String rig = id(body, "rig");
        String node = id(body, "node");
        body.check();
        if (nodes.get(rig, node).isPresent()) {
            throw new ApiException(409, rig + "/" + node + " is registered already; a new credential is POST /api/admin/nodes/"
                    + rig + "/" + node + "/credential", java.util.List.of());
        }
        res.status(Status.CREATED_201);
        Jsons.send(res, nodes.issue(rig, node, Routes.caller(req).actor()));
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of());
        String rig = p.idPath("rig");
        String node = p.idPath("node");
        p.check();
        JsonBody.read(req, Set.of(), true).check();
        if (nodes.get(rig, node).isEmpty()) {
            throw ApiException.notFound("no registered node " + rig + "/" + node);
        }
        Jsons.send(res, nodes.issue(rig, node, Routes.caller(req).actor()));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of());
        String rig = p.idPath("rig");
        String node = p.idPath("node");
        p.check();
        if (!nodes.remove(rig, node, Routes.caller(req).actor())) {
            throw ApiException.notFound("no registered node " + rig + "/" + node);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void passwordFile(ServerRequest req, ServerResponse res) {
        // the hub's own line, when the hub signs in to Mosquitto with a password of its configuration
        String hubHash = brokerPassword.isEmpty() ? null : NodeRegistry.mosquittoHash(brokerPassword);
        text(res, nodes.mosquittoPasswordFile(hubUser(), hubHash));
    }

    private String hubUser() {
        return brokerUser.isEmpty() ? "hub" : brokerUser;
    }

    private static void text(ServerResponse res, String text) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String id(JsonBody body, String field) {
        String id = body.text(field, true, 64);
        if (id != null && !Ids.isValidId(id)) {
            body.error(field, "1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
        }
        return id;
    }
}
