package io.derrick.hub.fleet;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.derrick.protocol.Ids;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/admin}: clients, rigs created before they send anything (name, time zone, shift pattern, client), and
 * which client a rig drills for. Admins only.
 */
final class FleetAdminRoutes {
    private static final Access ADMIN = Access.roles(Role.ADMIN);
    private static final Set<String> RIG_FIELDS = Set.of("id", "name", "timeZone", "dayShiftStart", "nightShiftStart", "client");

    private final Clients clients;
    private final Rigs rigs;

    FleetAdminRoutes(Clients clients, Rigs rigs) {
        this.clients = clients;
        this.rigs = rigs;
    }

    void routes(Routes admin) {
        admin.get("/clients", ADMIN, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, clients.list());
                })
                .post("/clients", ADMIN, this::createClient)
                .post("/rigs", ADMIN, this::createRig)
                .patch("/rigs/{rig}", ADMIN, this::updateRig)
                .put("/rigs/{rig}/client", ADMIN, this::assignRig);
    }

    private void createClient(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, Set.of("id", "name"), false);
        String id = body.text("id", true, 63);
        if (id != null && !id.matches(Clients.ID)) {
            body.error("id", "lower-case letters, digits and '-', starting with a letter or digit, e.g. acme-mining");
        }
        String name = body.text("name", true, 120);
        body.check();
        Clients.Client client = refusals(() -> clients.create(id, name, Routes.caller(req).actor()));
        res.status(Status.CREATED_201);
        Jsons.send(res, client);
    }

    private void createRig(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, RIG_FIELDS, false);
        String id = body.text("id", true, 64);
        if (id != null && !Ids.isValidId(id)) {
            body.error("id", "1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit: the id its edge nodes use, e.g. rig-07");
        }
        Rigs.Fields fields = fields(body);
        String client = clientId(body);
        body.check();
        FleetRepository.Rig rig = refusals(() -> rigs.create(id, fields, client, Routes.caller(req).actor()));
        res.status(Status.CREATED_201);
        Jsons.send(res, rig);
    }

    private void updateRig(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of());
        String id = p.rigPath();
        p.check();
        JsonBody body = JsonBody.read(req, Set.of("name", "timeZone", "dayShiftStart", "nightShiftStart"), false);
        Rigs.Fields change = fields(body);
        body.check();
        Jsons.send(res, refusals(() -> rigs.update(id, change, Routes.caller(req).actor()))
                .orElseThrow(() -> ApiException.notFound("no rig " + id)));
    }

    private void assignRig(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of());
        String rig = p.rigPath();
        p.check();
        JsonBody body = JsonBody.read(req, Set.of("client"), false);
        if (!body.has("client")) {
            body.error("client", "required: a client id, or null for none");
        }
        String client = clientId(body);
        body.check();
        String before = refusals(() -> rigs.assign(rig, client, Routes.caller(req).actor())).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rig", rig);
        out.put("client", client);
        out.put("before", before);
        Jsons.send(res, out);
    }

    private static Rigs.Fields fields(JsonBody body) {
        String name = body.text("name", false, 80);
        if (name != null && name.isBlank()) {
            body.error("name", "must not be blank");
        }
        return new Rigs.Fields(name == null ? null : name.strip(), body.zone("timeZone", false), body.time("dayShiftStart", false),
                body.time("nightShiftStart", false));
    }

    private static String clientId(JsonBody body) {
        if (body.isNull("client")) {
            return null;
        }
        String id = body.text("client", false, 63);
        if (id != null && !id.matches(Clients.ID)) {
            body.error("client", "not a client id: " + id);
        }
        return id;
    }

    /** A refused write as the API's answer: 404 for a missing rig, 409 for an id taken, else 400 naming the field. */
    private static <T> T refusals(Supplier<T> write) {
        try {
            return write.get();
        } catch (Clients.Refused e) {
            if (e.notFound()) {
                throw ApiException.notFound(e.getMessage());
            }
            throw e.field().equals("id") ? new ApiException(409, e.getMessage(), List.of(new ApiException.FieldError(e.field(), e.getMessage())))
                    : ApiException.badField(e.field(), e.getMessage());
        }
    }
}
