package io.derrick.hub.auth;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.User;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/admin/users}: users and their roles, passwords, signing them out. Admins only. */
final class UserAdminRoutes {
    private static final Access ADMIN = Access.roles(Role.ADMIN);

    private final Users users;
    private final Credentials credentials;
    UserAdminRoutes(Users users, Credentials credentials) {
        this.users = users;
        this.credentials = credentials;
    }

    void routes(Routes api) {
        api.get("/users", ADMIN, this::listUsers)
                .post("/users", ADMIN, this::createUser)
                .get("/users/{id}", ADMIN, this::getUser)
                .patch("/users/{id}", ADMIN, this::updateUser)
                .post("/users/{id}/password", ADMIN, this::resetPassword)
                .post("/users/{id}/sign-out", ADMIN, this::signOutEverywhere);
    }

    private void listUsers(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        Jsons.send(res, users.list());
    }

    private void getUser(ServerRequest req, ServerResponse res) {
        long id = Params.positiveId(req, "id", "user");
        Jsons.send(res, users.get(id).orElseThrow(() -> ApiException.notFound("no user " + id)));
    }

    private void createUser(ServerRequest req, ServerResponse res) {
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
                client, password), Routes.caller(req).actor()));
        res.status(Status.CREATED_201);
        Jsons.send(res, user);
    }

    private void updateUser(ServerRequest req, ServerResponse res) {
        long id = Params.positiveId(req, "id", "user");
        JsonBody body = JsonBody.read(req, Set.of("displayName", "email", "roles", "client", "disabled"), false);
        String displayName = body.text("displayName", false, 80);
        String email = body.isNull("email") ? "" : email(body);
        Set<Role> roles = body.roles("roles", false);
        boolean clearClient = body.isNull("client");
        String client = clearClient ? null : clientId(body, "client");
        Boolean disabled = body.bool("disabled");
        body.check();
        Principal p = Routes.caller(req);
        User user = refusals(() -> users.update(id, new Users.Change(displayName, email, roles, client, clearClient, disabled), p.actor())
                .orElseThrow(() -> ApiException.notFound("no user " + id)));
        Jsons.send(res, user);
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        long id = Params.positiveId(req, "id", "user");
        JsonBody body = JsonBody.read(req, Set.of("password"), false);
        String password = body.secret("password");
        body.check();
        User user = users.get(id).orElseThrow(() -> ApiException.notFound("no user " + id));
        List<String> problems = Passwords.problems(password, user.username());
        if (!problems.isEmpty()) {
            throw ApiException.badField("password", String.join("; ", problems));
        }
        users.setPassword(id, password, Routes.caller(req).actor(), "user.resetPassword");
        res.status(Status.NO_CONTENT_204).send();
    }

    private void signOutEverywhere(ServerRequest req, ServerResponse res) {
        long id = Params.positiveId(req, "id", "user");
        users.get(id).orElseThrow(() -> ApiException.notFound("no user " + id));
        int revoked = credentials.revokeAll(id, Routes.caller(req).actor());
        Jsons.send(res, Map.of("revoked", revoked));
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
        if (id != null && !io.derrick.protocol.Ids.isValidId(id)) {
            body.error(field, "not a client id: " + id);
        }
        return id;
    }

    /** A refused write as the API's answer: 409 for a taken username, else 400 naming the field. */
    private static <T> T refusals(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (Users.Refused e) {
            throw e.field().equals("username") ? new ApiException(409, e.getMessage(), List.of(new ApiException.FieldError(e.field(), e.getMessage())))
                    : ApiException.badField(e.field(), e.getMessage());
        }
    }
}
