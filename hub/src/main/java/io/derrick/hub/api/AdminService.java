package io.derrick.hub.api;

import io.derrick.hub.fleet.Clients;
import io.derrick.hub.security.Credentials;
import io.derrick.hub.security.Passwords;
import io.derrick.hub.security.Principal;
import io.derrick.hub.security.Role;
import io.derrick.hub.security.User;
import io.derrick.hub.security.Users;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/admin}: users and their roles, clients, and which client a rig drills for. Admins only. */
final class AdminService {
    private static final Access ADMIN = Access.roles(Role.ADMIN);
    private static final String CLIENT_ID = "[a-z0-9][a-z0-9-]{0,62}";

    private final Users users;
    private final Credentials credentials;
    private final Clients clients;

    AdminService(Users users, Credentials credentials, Clients clients) {
        this.users = users;
        this.credentials = credentials;
        this.clients = clients;
    }

    void routes(ApiRoutes api) {
        api.get("/users", ADMIN, this::listUsers)
                .post("/users", ADMIN, this::createUser)
                .get("/users/{id}", ADMIN, this::getUser)
                .patch("/users/{id}", ADMIN, this::updateUser)
                .post("/users/{id}/password", ADMIN, this::resetPassword)
                .post("/users/{id}/sign-out", ADMIN, this::signOutEverywhere)
                .get("/clients", ADMIN, (req, res) -> Jsons.send(res, clients.list()))
                .post("/clients", ADMIN, this::createClient)
                .put("/rigs/{rig}/client", ADMIN, this::assignRig);
    }

    private void listUsers(ServerRequest req, ServerResponse res) throws SQLException {
        new Params(req, Set.of()).check();
        Jsons.send(res, users.list());
    }

    private void getUser(ServerRequest req, ServerResponse res) throws SQLException {
        long id = PathIds.positive(req, "id", "user");
        Jsons.send(res, users.get(id).orElseThrow(() -> ApiException.notFound("no user " + id)));
    }

    private void createUser(ServerRequest req, ServerResponse res) throws SQLException {
        JsonBody body = JsonBody.read(req, Set.of("username", "displayName", "email", "roles", "client", "password"), false);
        String username = username(body);
        String displayName = body.text("displayName", false, 80);
        String email = email(body);
        Set<Role> roles = body.roles("roles", true);
        String client = clientId(body, "client");
        String password = body.secret("password");
        if (password != null) {
            List<String> problems = Passwords.problems(password, username);
            if (!problems.isEmpty()) {
                body.error("password", String.join("; ", problems));
            }
        }
        body.check();
        User user = refusals(() -> users.create(new Users.NewUser(username, displayName == null ? username : displayName, email, roles,
                client, password), ApiRoutes.caller(req).actor()));
        res.status(Status.CREATED_201);
        Jsons.send(res, user);
    }

    private void updateUser(ServerRequest req, ServerResponse res) throws SQLException {
        long id = PathIds.positive(req, "id", "user");
        JsonBody body = JsonBody.read(req, Set.of("displayName", "email", "roles", "client", "disabled"), false);
        String displayName = body.text("displayName", false, 80);
        String email = body.isNull("email") ? "" : email(body);
        Set<Role> roles = body.roles("roles", false);
        boolean clearClient = body.isNull("client");
        String client = clearClient ? null : clientId(body, "client");
        Boolean disabled = body.bool("disabled");
        body.check();
        Principal p = ApiRoutes.caller(req);
        User user = refusals(() -> users.update(id, new Users.Change(displayName, email, roles, client, clearClient, disabled), p.actor())
                .orElseThrow(() -> ApiException.notFound("no user " + id)));
        Jsons.send(res, user);
    }

    private void resetPassword(ServerRequest req, ServerResponse res) throws SQLException {
        long id = PathIds.positive(req, "id", "user");
        JsonBody body = JsonBody.read(req, Set.of("password"), false);
        String password = body.secret("password");
        body.check();
        User user = users.get(id).orElseThrow(() -> ApiException.notFound("no user " + id));
        List<String> problems = Passwords.problems(password, user.username());
        if (!problems.isEmpty()) {
            throw ApiException.badField("password", String.join("; ", problems));
        }
        users.setPassword(id, password, ApiRoutes.caller(req).actor(), "user.resetPassword");
        res.status(Status.NO_CONTENT_204).send();
    }

    private void signOutEverywhere(ServerRequest req, ServerResponse res) throws SQLException {
        long id = PathIds.positive(req, "id", "user");
        users.get(id).orElseThrow(() -> ApiException.notFound("no user " + id));
        int revoked = credentials.revokeAll(id, ApiRoutes.caller(req).actor());
        Jsons.send(res, Map.of("revoked", revoked));
    }

    private void createClient(ServerRequest req, ServerResponse res) throws SQLException {
        JsonBody body = JsonBody.read(req, Set.of("id", "name"), false);
        String id = body.text("id", true, 63);
        if (id != null && !id.matches(CLIENT_ID)) {
            body.error("id", "lower-case letters, digits and '-', starting with a letter or digit, e.g. acme-mining");
        }
        String name = body.text("name", true, 120);
        body.check();
        Clients.Client client = refusals(() -> clients.create(id, name, ApiRoutes.caller(req).actor()));
        res.status(Status.CREATED_201);
        Jsons.send(res, client);
    }

    private void assignRig(ServerRequest req, ServerResponse res) throws SQLException {
        Params p = new Params(req, Set.of());
        String rig = p.rigPath();
        p.check();
        JsonBody body = JsonBody.read(req, Set.of("client"), false);
        if (!body.has("client")) {
            body.error("client", "required: a client id, or null for none");
        }
        String client = clientId(body, "client");
        body.check();
        String before = refusals(() -> clients.assign(rig, client, ApiRoutes.caller(req).actor())).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rig", rig);
        out.put("client", client);
        out.put("before", before);
        Jsons.send(res, out);
    }

    private static String username(JsonBody body) {
        String username = body.text("username", true, 64);
        if (username == null) {
            return null;
        }
        String normal = Users.normalize(username);
        if (!normal.matches("[a-z0-9][a-z0-9._@-]{1,63}")) {
            body.error("username", "2-64 letters, digits, '.', '_', '@' or '-' (kept in lower case), starting with a letter or digit");
        }
        return normal;
    }

    private static String email(JsonBody body) {
        String email = body.text("email", false, 254);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            body.error("email", "not an email address: " + email);
        }
        return email;
    }

    private static String clientId(JsonBody body, String field) {
        if (body.isNull(field)) {
            return null;
        }
        String id = body.text(field, false, 63);
        if (id != null && !id.matches(CLIENT_ID)) {
            body.error(field, "not a client id: " + id);
        }
        return id;
    }

    @FunctionalInterface
    private interface Write<T> {
        T run() throws SQLException;
    }

    /** A refused write as the API's answer: 400 naming the field, or 404. */
    private static <T> T refusals(Write<T> write) throws SQLException {
        try {
            return write.run();
        } catch (Users.Refused e) {
            throw e.field().equals("username") ? new ApiException(409, e.getMessage(), List.of(new ApiException.FieldError(e.field(), e.getMessage())))
                    : ApiException.badField(e.field(), e.getMessage());
        } catch (Clients.Refused e) {
            if (e.notFound()) {
                throw ApiException.notFound(e.getMessage());
            }
            throw e.field().equals("id") ? new ApiException(409, e.getMessage(), List.of(new ApiException.FieldError(e.field(), e.getMessage())))
                    : ApiException.badField(e.field(), e.getMessage());
        }
    }
}
