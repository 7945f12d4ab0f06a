package io.derrick.hub.platform.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hub's route table, shared by every feature. A route is added only with the {@link Access} it needs, and its
 * handler runs only after the caller passed: signed in (a session cookie or a bearer token, 401 otherwise), holding a
 * role the route names (403), the session's CSRF token on writes from a browser (403), and within the per-credential
 * rate (429). The table is kept so that a test can walk every route.
 */
public final class Routes {
    public static final String SESSION_COOKIE = "derrick_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<Method> SAFE = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

    /** One route: method, full path pattern, who may call it. */
    public record Route(Method method, String path, Access access) {
        public boolean writes() {
            return !SAFE.contains(method);
        }
    }

    /** A handler that may throw anything: the web kit's error handlers answer in the API's error shape. */
    @FunctionalInterface
    public interface RouteHandler {
        void handle(ServerRequest req, ServerResponse res) throws Exception;
    }

    private final HttpRouting.Builder routing;
    private final Authenticator authenticator;
    private final RateLimiter rate;
    private final List<Route> table;
    private final String prefix;
    private final boolean secureCookies;

    Routes(HttpRouting.Builder routing, Authenticator authenticator, int requestsPerMinute, boolean secureCookies) {
        this(routing, authenticator, new RateLimiter(requestsPerMinute), new ArrayList<>(), "", secureCookies);
    }

    private Routes(HttpRouting.Builder routing, Authenticator authenticator, RateLimiter rate, List<Route> table, String prefix,
                   boolean secureCookies) {
        this.routing = routing;
        this.authenticator = authenticator;
        this.rate = rate;
        this.table = table;
        this.prefix = prefix;
        this.secureCookies = secureCookies;
    }

    /** The same table, for paths under {@code path}. */
    public Routes under(String path) {
        return new Routes(routing, authenticator, rate, table, prefix + path, secureCookies);
    }

    public Routes get(String path, Access access, RouteHandler handler) {
        return add(Method.GET, path, access, handler);
    }

    public Routes post(String path, Access access, RouteHandler handler) {
        return add(Method.POST, path, access, handler);
    }

    public Routes put(String path, Access access, RouteHandler handler) {
        return add(Method.PUT, path, access, handler);
    }

    public Routes patch(String path, Access access, RouteHandler handler) {
        return add(Method.PATCH, path, access, handler);
    }

    public Routes delete(String path, Access access, RouteHandler handler) {
        return add(Method.DELETE, path, access, handler);
    }

    public List<Route> table() {
        return Collections.unmodifiableList(table);
    }

    private Routes add(Method method, String path, Access access, RouteHandler handler) {
        String full = prefix + (path.equals("/") && !prefix.isEmpty() ? "" : path);
        table.add(new Route(method, full, access));
        Handler guarded = (req, res) -> {
            if (access.kind() != Access.Kind.ANYONE) {
                Principal p = authenticate(req).orElseThrow(() -> new ApiException(401,
                        "sign in first: a session from POST /api/session, or an API token as 'Authorization: Bearer drk_…'", List.of()));
                check(access, p, method, req);
                req.context().register(p);
                if (p.renewedUntil() != null) {
                    // the session slid on: so does its cookie (it never outlives the session)
                    sessionCookie(req, res, req.headers().cookies().first(SESSION_COOKIE).get(),
                            Duration.between(Instant.now(), p.renewedUntil()));
                }
            }
            try {
                handler.handle(req, res);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new RouteFailure(e);
            }
        };
        routing.route(method, full, guarded);
        return this;
    }

    /** A checked exception out of a handler, carried to the error handlers (which look at its cause). */
    static final class RouteFailure extends RuntimeException {
        RouteFailure(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * After the last route: a known path asked with another method answers 405 with {@code Allow} (OPTIONS: 204 with
     * {@code Allow}), in the API's error shape, instead of the 404 of a path that does not exist.
     */
    void finish() {
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        for (Route r : table) {
            methods.computeIfAbsent(r.path(), p -> new TreeSet<>()).add(r.method().text());
        }
        methods.forEach((path, allowed) -> {
            allowed.add("OPTIONS");
            String allow = String.join(", ", allowed);
            routing.any(path, (req, res) -> {
                res.header(HeaderNames.ALLOW, allow);
                if (req.prologue().method() == Method.OPTIONS) {
                    res.status(Status.NO_CONTENT_204).send();
                    return;
                }
                throw new ApiException(405, req.prologue().method().text() + " is not allowed on " + path + "; allowed: " + allow, List.of());
            });
        });
    }

    /** Sets the session cookie to live exactly as long as the session does (0: remove it). */
    public void sessionCookie(ServerRequest req, ServerResponse res, String value, Duration maxAge) {
        res.headers().addCookie(SetCookie.builder(SESSION_COOKIE, value)
                .path("/")
                .httpOnly(true)
                .sameSite(SetCookie.SameSite.STRICT)
                .secure(secureCookies || req.isSecure())
                .maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge)
                .build());
    }

    /** The caller of a route that is not open to anyone. */
    public static Principal caller(ServerRequest req) {
        return req.context().get(Principal.class).orElseThrow(() -> new IllegalStateException("no principal on a guarded route"));
    }

    /** The signed-in caller, if any (also outside the API: the metrics endpoint, health's details). */
    public Optional<Principal> authenticate(ServerRequest req) {
        String address = address(req);
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (auth.isPresent()) {
            String value = auth.get();
            if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ApiException(401, "the Authorization header takes 'Bearer <token>'", List.of());
            }
            return authenticator.authenticate(value.substring(7).strip(), true, address);
        }
        Optional<String> cookie = req.headers().cookies().first(SESSION_COOKIE).asOptional();
        if (cookie.isPresent()) {
            return authenticator.authenticate(cookie.get(), false, address);
        }
        return Optional.empty();
    }

    private void check(Access access, Principal p, Method method, ServerRequest req) {
        switch (access.kind()) {
            case STAFF -> {
                if (p.client() != null) {
                    throw new ApiException(403, "the contractor's staff only; " + p.user().username() + " is a user of client "
                            + p.client(), List.of());
                }
            }
            case ROLES -> {
                if (!p.hasAny(access.roles())) {
                    throw new ApiException(403, "needs one of the roles " + access.roles().stream().map(Role::wire).sorted().toList()
                            + "; " + p.user().username() + " has " + p.user().roles().stream().map(Role::wire).sorted().toList(), List.of());
                }
            }
            default -> {
            }
        }
        if ("session".equals(p.via()) && !SAFE.contains(method)) {
            String sent = req.headers().first(HeaderNames.create(CSRF_HEADER)).orElse("");
            if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), p.csrf().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header (the csrf value of GET /api/session)", List.of());
            }
        }
        Duration wait = rate.take(p.credentialId());
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests("more requests than this hub allows per credential; retry in "
                    + Math.max(1, wait.toSeconds()) + " s", wait);
        }
    }

    public static String address(ServerRequest req) {
        return req.remotePeer().host();
    }
}
