package io.derrick.hub.api;

import io.derrick.hub.alarm.AckCommands;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.db.Database;
import io.derrick.hub.fleet.Clients;
import io.derrick.hub.fleet.FleetRepository;
import io.derrick.hub.history.HistoryRepository;
import io.derrick.hub.live.LiveFeed;
import io.derrick.hub.security.Credentials;
import io.derrick.hub.security.NodeRegistry;
import io.derrick.hub.security.Users;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every {@code /api} route with the access it needs, and the one error shape they all answer with. Outside the API,
 * the metrics endpoint is for signed-in staff too; the web UI's static files and health are open.
 */
public final class HubApi {
    private static final Logger log = LoggerFactory.getLogger(HubApi.class);

    /** The API's security settings. */
    public record Settings(int requestsPerMinute, int signInsPerMinute, boolean secureCookies, List<HealthService.Check> health) {
    }

    private final Database database;
    private final LiveFeed feed;
    private final AlarmRepository alarms;
    private final AckCommands commands;
    private final Users users;
    private final Credentials credentials;
    private final Settings settings;
    private final NodeRegistry nodes;
    private final io.derrick.hub.HubConfig.Broker broker;
    private LiveService live;
    private ApiRoutes routes;

    public HubApi(Database database, LiveFeed feed, AlarmRepository alarms, AckCommands commands, Users users,
                  NodeRegistry nodes, io.derrick.hub.HubConfig.Broker broker, Credentials credentials, Settings settings) {
        this.nodes = nodes;
        this.broker = broker;
        this.database = database;
        this.feed = feed;
        this.alarms = alarms;
        this.commands = commands;
        this.users = users;
        this.credentials = credentials;
        this.settings = settings;
    }

    public void register(HttpRouting.Builder routing) {
        FleetRepository fleet = new FleetRepository(database.client());
        RigScope scope = new RigScope(fleet);
        SecurityHeaders.addTo(routing);
        routes = new ApiRoutes(routing, credentials, settings.requestsPerMinute(), settings.secureCookies());
        new HealthService(settings.health(), routes).routes(routes.under("/observe"));
        ApiRoutes api = routes.under("/api");
        new SessionService(users, credentials, settings.signInsPerMinute()).routes(api);
        live = new LiveService(feed, scope);
        live.routes(api);
        new FleetService(fleet, alarms, feed, database.client(), scope).routes(api.under("/rigs"));
        new HistoryService(new HistoryRepository(database.client()), scope).routes(api.under("/rigs"));
        new AlarmService(alarms, commands, feed, database.client(), scope).routes(api);
        new RejectsService(database.client()).routes(api.under("/rejects"));
        new AuditService(database.client()).routes(api);
        new AdminService(users, credentials, new Clients(database)).routes(api.under("/admin"));
        new NodeService(nodes, broker).routes(api.under("/admin"));
        routes.finish();

        routing.addFilter((chain, req, res) -> {
            String path = req.path().path();
            try {
                if (path.startsWith("/observe/metrics") && routes.authenticate(req).filter(p -> p.client() == null).isEmpty()) {
                    throw new ApiException(401, "the metrics are for the contractor's signed-in staff (a bearer token for a scraper)", List.of());
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot check the caller: " + e.getMessage(), e);
            }
            chain.proceed();
        });
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
                    if (io.derrick.hub.db.Database.isConnectionFailure(e)) {
                        // the database is away: say so, quickly, and when to try again; its going and coming are logged once
                        res.header(HeaderNames.RETRY_AFTER, "5");
                        Jsons.error(req, res, 503, "the database is not reachable (" + io.derrick.hub.db.Database.describe(e)
                                + "); the hub keeps trying: try again in a moment", List.of());
                        return;
                    }
                    log.error("{} {} failed", req.prologue().method(), req.path().path(), e);
                    Jsons.error(req, res, 500, "internal error: " + e.getClass().getSimpleName(), List.of());
                });
    }

    /** Every API route with its access, as registered (for the route-table test and the docs). */
    public List<ApiRoutes.Route> routes() {
        return routes.table();
    }

    public void close() {
        if (live != null) {
            live.close();
        }
    }
}
