package io.derrick.hub.platform.web;

import io.derrick.hub.platform.db.Database;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The web kit every feature's routes run on: one route table with the access of each route ({@link #api()}), the
 * security headers on every answer, health ({@code /observe/health}), the metrics endpoint for signed-in staff only, a
 * 405 for a known path asked with another method, and one error shape for everything that goes wrong (a refused
 * request, the database away, a bug).
 */
public final class WebKit {
    private static final Logger log = LoggerFactory.getLogger(WebKit.class);

    /** The API's security settings. */
    public record Settings(int requestsPerMinute, boolean secureCookies) {
    }

    private final HttpRouting.Builder routing;
    private final Routes routes;

    public WebKit(HttpRouting.Builder routing, Authenticator authenticator, Settings settings) {
        this.routing = routing;
        SecurityHeaders.addTo(routing);
        this.routes = new Routes(routing, authenticator, settings.requestsPerMinute(), settings.secureCookies());
        routing.addFilter((chain, req, res) -> {
            if (req.path().path().startsWith("/observe/metrics") && routes.authenticate(req).filter(p -> p.client() == null).isEmpty()) {
                throw new ApiException(401, "the metrics are for the contractor's signed-in staff (a bearer token for a scraper)", List.of());
            }
            chain.proceed();
        });
    }

    /** The route table under {@code /api}. */
    public Routes api() {
        return routes.under("/api");
    }

    /** The route table, with the access of every route. */
    public List<Routes.Route> table() {
        return routes.table();
    }

    /** After every feature's routes: health, the OpenAPI document, the 405s and the error handlers. */
    public void finish(List<Health.Check> checks, OpenApi openApi) {
        new Health(checks, routes).routes(routes.under("/observe"));
        openApi.routes(routes);
        routes.finish();
        routing.error(ApiException.class, (req, res, e) -> {
                    if (e.status() == 401) {
                        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"derrick\"");
                    }
                    if (e.retryAfter() != null) {
                        res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
                    }
                    Jsons.error(req, res, e.status(), e.getMessage(), e.fields());
                })
                .error(io.helidon.http.HttpException.class, (req, res, e) -> {
                    if (e.status().code() == 304) {
                        // the static files' "not modified" (a browser revalidating its cache): no body allowed
                        res.status(e.status()).send();
                    } else {
                        Jsons.error(req, res, e.status().code(), e.getMessage(), List.of());
                    }
                })
                .error(Exception.class, (req, res, e) -> {
                    if (Database.isConnectionFailure(e)) {
                        // the database is away: say so, quickly, and when to try again; its going and coming are logged once
                        res.header(HeaderNames.RETRY_AFTER, "5");
                        Jsons.error(req, res, 503, "the database is not reachable (" + Database.describe(e)
                                + "); the hub keeps trying: try again in a moment", List.of());
                        return;
                    }
                    if (e instanceof Routes.RouteFailure && e.getCause() instanceof ApiException api) {
                        Jsons.error(req, res, api.status(), api.getMessage(), api.fields());
                        return;
                    }
                    log.error("{} {} failed", req.prologue().method(), req.path().path(), e);
                    Jsons.error(req, res, 500, "internal error: " + e.getClass().getSimpleName(), List.of());
                });
    }
}
