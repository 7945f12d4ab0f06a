package io.derrick.hub.fleet;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.history.LiveFeed;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;

import java.time.Clock;

/**
 * The fleet: clients, rigs (created by an admin, or on first telemetry of a registered node), their edge nodes and
 * channels, the nodes' broker credentials. It answers the rig scope every feature asks ({@link #scope}).
 */
public final class FleetFeature implements Feature {
    /**
     * {@code registeredOnly}: only registered nodes may connect and send ({@code security.nodes: registered});
     * {@code brokerUser}, {@code brokerPassword}: the hub's own credential on an external broker (its Mosquitto files).
     */
    public record Settings(boolean registeredOnly, String brokerUser, String brokerPassword) {
    }

    private final Settings settings;
    private final FleetRepository fleet;
    private final Clients clients;
    private final Rigs rigs;
    private final NodeRegistry nodes;
    private final RigScope scope;
    private final LiveFeed live;
    private final AlarmQuery alarms;

    public FleetFeature(Settings settings, Database db, Clock clock, LiveFeed live, AlarmQuery alarms) {
        this.settings = settings;
        this.fleet = new FleetRepository(db);
        this.clients = new Clients(db, clock);
        this.rigs = new Rigs(db, clock);
        this.nodes = new NodeRegistry(db, clock);
        this.scope = new RigScope(fleet);
        this.live = live;
        this.alarms = alarms;
    }

    @Override
    public String name() {
        return "fleet";
    }

    /** Which rigs a caller sees. */
    public RigScope scope() {
        return scope;
    }

    /** The registered edge nodes and their credentials (the embedded broker and the ingest ask it). */
    public NodeRegistry nodes() {
        return nodes;
    }

    public Clients clients() {
        return clients;
    }

    /** Rigs as an admin keeps them (the demo enters its rigs with it). */
    public Rigs rigs() {
        return rigs;
    }

    public java.util.Optional<FleetRepository.Rig> rig(String id) {
        return fleet.rig(id);
    }

    public FleetQuery query() {
        return new FleetQuery();
    }

    @Override
    public void routes(Routes api) {
        new FleetRoutes(fleet, alarms, live, scope).routes(api.under("/rigs"));
        new FleetAdminRoutes(clients, rigs).routes(api.under("/admin"));
        new NodeRoutes(nodes, settings.brokerUser(), settings.brokerPassword()).routes(api.under("/admin"));
    }

    @Override
    public void jobs(Jobs jobs) {
        if (settings.registeredOnly()) {
            // registrations another hub made or removed on the same database
            jobs.everyHub("node-credentials", NodeRegistry.RELOAD, now -> nodes.reload());
        }
    }
}
