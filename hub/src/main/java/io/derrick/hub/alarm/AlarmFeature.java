package io.derrick.hub.alarm;

import io.derrick.hub.history.LiveFeed;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;
import io.derrick.protocol.Event;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Alarms: the rigs' alarms as the ingest builds them from their events, the hub's own alarm for a node gone offline or
 * silent, acknowledgement in the hub carried to the rig (and sent again until the rig confirms), the rigs' events.
 * {@code alerts.offlineAfter} and {@code alerts.offlineSeverity} in the hub's configuration.
 */
public final class AlarmFeature implements Feature {
    /** An acknowledgement the rig has not confirmed goes again this often (and at once when the node births). */
    static final Duration RESEND_EVERY = Duration.ofMinutes(1);

    /** {@code alerts.offlineAfter}: a node offline (its last will) or silent this long raises the hub's alarm. */
    public record Settings(Duration offlineAfter, Event.Severity offlineSeverity) {
        public static Settings from(ConfigReader alerts) {
            return new Settings(alerts.positiveDuration("offlineAfter", Duration.ofMinutes(5)),
                    alerts.enumValue("offlineSeverity", Event.Severity.class, Event.Severity.WARNING));
        }
    }

    private final Settings settings;
    private final Database db;
    private final Clock clock;
    private final RigScope scope;
    private final LiveFeed live;
    private final AlarmRepository alarms;
    private final AckCommands commands;
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

    /** @param channel the broker, for the acknowledgements sent to the rigs */
    public AlarmFeature(Settings settings, Database db, Clock clock, RigScope scope, LiveFeed live, AckCommands.Channel channel) {
        this.settings = settings;
        this.db = db;
        this.clock = clock;
        this.scope = scope;
        this.live = live;
        this.alarms = new AlarmRepository(db, clock);
        this.commands = new AckCommands(alarms, channel, clock);
    }

    @Override
    public String name() {
        return "alarm";
    }

    /** What other features may read of the alarms. */
    public AlarmQuery query() {
        return new AlarmQuery(db);
    }

    /** Calls {@code listener} with the rig whose alarms the hub itself raised or cleared (the alert emails look then). */
    /** Hub alarms of other features (equipment health): raised and cleared in their transactions, heard by the live feed and the alerts. */
    public HubAlarms hubAlarms() {
        return new HubAlarms(rig -> {
            live.alarmsChanged(rig);
            changeListeners.forEach(l -> l.accept(rig));
        });
    }

    public void onHubAlarm(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    /** A node announced itself: what it has not confirmed goes to it again. */
    public void nodeBorn(String rig, String node) {
        Thread.startVirtualThread(() -> commands.resend(rig, node));
    }

    @Override
    public void routes(Routes api) {
        new AlarmRoutes(alarms, commands, live, scope).routes(api);
    }

    @Override
    public void jobs(Jobs jobs) {
        OfflineWatch offline = new OfflineWatch(db, settings.offlineAfter(), settings.offlineSeverity().name(), clock.instant());
        // often enough that the alarm comes within a tenth of offlineAfter (and at least every 10 s)
        Duration every = Duration.ofMillis(Math.clamp(settings.offlineAfter().toMillis() / 10, 200, 10_000));
        jobs.shared("offline-watch", every, now -> offline.check(now).forEach(rig -> {
            live.alarmsChanged(rig);
            changeListeners.forEach(l -> l.accept(rig));
        }));
        jobs.shared("resend-acknowledgements", RESEND_EVERY, commands::resendOverdue);
    }
}
