package io.derrick.hub.auth;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.platform.web.RateLimiter;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.User;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signing in and out ({@code /api/session}), one's own password, and one's own API tokens ({@code /api/tokens}).
 * Sign-in attempts are limited per address besides the per-account lockout of {@link Users}.
 */
final class SessionRoutes {
    private static final int TOKEN_DAYS_DEFAULT = 90;
    private static final int TOKEN_DAYS_MAX = 365;

    private final Users users;
    private final Credentials credentials;
    private final RateLimiter signInsPerAddress;
    private final java.time.Clock clock;
    private Routes api;

    SessionRoutes(Users users, Credentials credentials, int signInsPerMinute, java.time.Clock clock) {
        this.users = users;
        this.credentials = credentials;
        this.signInsPerAddress = new RateLimiter(signInsPerMinute);
        this.clock = clock;
    }

    void routes(Routes api) {
        this.api = api;
        api.post("/session", Access.ANYONE, this::signIn)
                .get("/session", Access.SIGNED_IN, this::me)
                .delete("/session", Access.SIGNED_IN, this::signOut)
                .post("/session/password", Access.SIGNED_IN, this::changePassword)
                .get("/tokens", Access.SIGNED_IN, this::tokens)
                .post("/tokens", Access.SIGNED_IN, this::issueToken)
                .delete("/tokens/{id}", Access.SIGNED_IN, this::revokeToken);
    }

    private void signIn(ServerRequest req, ServerResponse res) {
        String address = Routes.address(req);
        Duration wait = signInsPerAddress.take(address);
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests("too many sign-in attempts from " + address + "; retry in "
                    + Math.max(1, wait.toSeconds()) + " s", wait);
        }
        JsonBody body = JsonBody.read(req, Set.of("username", "password"), false);
        String username = body.text("username", true, 64);
        String password = body.secret("password");
        body.check();
        switch (users.signIn(username, password, address)) {
            case Users.SignIn.Wrong w -> throw new ApiException(401, "wrong username or password", List.of());
            case Users.SignIn.Locked l -> {
                Duration left = Duration.between(clock.instant(), l.until());
                throw ApiException.tooManyRequests("too many failed sign-ins: " + Users.normalize(username)
                        + " is locked until " + l.until().truncatedTo(ChronoUnit.SECONDS), left);
            }
            case Users.SignIn.Disabled d -> throw ApiException.forbidden("this account is disabled; ask an admin");
            case Users.SignIn.Ok ok -> {
                Credentials.Issued session = credentials.startSession(ok.user(), address);
                setCookie(req, res, session.secret(), Duration.between(clock.instant(), session.expiresAt()));
                res.status(Status.CREATED_201);
                Jsons.send(res, me(ok.user(), "session", session.csrf(), session.expiresAt()));
            }
        }
    }

    private void me(ServerRequest req, ServerResponse res) {
        Principal p = Routes.caller(req);
        Jsons.send(res, me(p.user(), p.via(), p.csrf(), null));
    }

    private void signOut(ServerRequest req, ServerResponse res) {
        Principal p = Routes.caller(req);
        if (!"session".equals(p.via())) {
            throw ApiException.badField("session", "an API token has no session: revoke it with DELETE /api/tokens/{id}");
        }
        credentials.endSession(p);
        setCookie(req, res, "", Duration.ZERO);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void changePassword(ServerRequest req, ServerResponse res) {
        Principal p = Routes.caller(req);
        JsonBody body = JsonBody.read(req, Set.of("current", "password"), false);
        String current = body.secret("current");
        String password = body.secret("password");
        body.check();
        if (!users.passwordMatches(p.user().id(), current)) {
            throw ApiException.badField("current", "not your current password");
        }
        List<String> problems = Passwords.problems(password, p.user().username());
        if (!problems.isEmpty()) {
            throw ApiException.badField("password", String.join("; ", problems));
        }
        users.setPassword(p.user().id(), password, p.actor(), "user.changePassword");
        // every session and token of the user ended with the change; this browser gets a new session
        if ("session".equals(p.via())) {
            Credentials.Issued session = credentials.startSession(p.user(), p.address());
            setCookie(req, res, session.secret(), Duration.between(clock.instant(), session.expiresAt()));
            Jsons.send(res, me(p.user(), "session", session.csrf(), session.expiresAt()));
        } else {
            res.status(Status.NO_CONTENT_204).send();
        }
    }

    private void tokens(ServerRequest req, ServerResponse res) {
        Jsons.send(res, credentials.tokens(Routes.caller(req).user().id()));
    }

    private void issueToken(ServerRequest req, ServerResponse res) {
        Principal p = Routes.caller(req);
        JsonBody body = JsonBody.read(req, Set.of("name", "days"), false);
        String name = body.text("name", true, 80);
        Integer days = body.integer("days", 1, TOKEN_DAYS_MAX);
        body.check();
        Credentials.Issued token = credentials.issueToken(p, name,
                clock.instant().plus(Duration.ofDays(days == null ? TOKEN_DAYS_DEFAULT : days)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", token.id());
        out.put("name", name);
        out.put("token", token.secret());
        out.put("expiresAt", token.expiresAt());
        out.put("note", "shown once: the hub keeps only a hash of it");
        res.status(Status.CREATED_201);
        Jsons.send(res, out);
    }

    private void revokeToken(ServerRequest req, ServerResponse res) {
        long id = Params.positiveId(req, "id", "token");
        if (!credentials.revokeToken(Routes.caller(req), id)) {
            throw ApiException.notFound("you have no live token " + id);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void setCookie(ServerRequest req, ServerResponse res, String value, Duration maxAge) {
        api.sessionCookie(req, res, value, maxAge);
    }

    private static Map<String, Object> me(User user, String via, String csrf, Instant expiresAt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("via", via);
        if (csrf != null) {
            out.put("csrf", csrf);
        }
        if (expiresAt != null) {
            out.put("expiresAt", expiresAt);
        }
        return out;
    }
}
