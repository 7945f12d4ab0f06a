package io.derrick.hub.api;

import io.derrick.hub.alarm.AckCommands;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.fleet.FleetRepository;
import io.derrick.hub.history.HistoryRepository;
import io.derrick.hub.live.LiveFeed;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.HttpRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every {@code /api} route, and the one error shape they all answer with. */
public final class HubApi {
    private static final Logger log = LoggerFactory.getLogger(HubApi.class);
    private final LiveService live;
    private final FleetService fleet;
    private final HistoryService history;
    private final RejectsService rejects;

    private final AlarmService alarms;

    public HubApi(DbClient db, LiveFeed feed, AlarmRepository alarms, AckCommands commands) {
        FleetRepository fleetRepository = new FleetRepository(db);
        this.live = new LiveService(feed);
        this.fleet = new FleetService(fleetRepository, alarms, feed, db);
        this.history = new HistoryService(new HistoryRepository(db));
        this.rejects = new RejectsService(db);
        this.alarms = new AlarmService(alarms, commands, fleetRepository, feed, db);
    }

    public void register(HttpRouting.Builder routing) {
        routing.register("/api", live)
                .register("/api/rigs", fleet, history)
                .register("/api/rejects", rejects)
                .register("/api", alarms)
                .error(ApiException.class, (req, res, e) -> Jsons.error(req, res, e.status(), e.getMessage(), e.fields()))
                .error(io.helidon.http.HttpException.class, (req, res, e) ->
                        Jsons.error(req, res, e.status().code(), e.getMessage(), java.util.List.of()))
                .error(Exception.class, (req, res, e) -> {
                    log.error("{} {} failed", req.prologue().method(), req.path().path(), e);
                    Jsons.error(req, res, 500, "internal error: " + e.getClass().getSimpleName(), java.util.List.of());
                });
    }

    public void close() {
        live.close();
    }
}
