package io.derrick.hub.history;

import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * Channel history and live data: downsampled history (raw or from the rollups), CSV, the live feed of what the
 * ingest committed, and the raw-readings retention. {@code retention} in the hub's configuration.
 */
public final class HistoryFeature implements Feature {
    /** {@code retention.rawDays}: raw readings are kept this many days; rollups for good. */
    public record Settings(int rawDays) {
        public static Settings from(ConfigReader retention) {
            return new Settings(retention.integer("rawDays", 1, 36_500));
        }
    }

    private final Settings settings;
    private final Database db;
    private final Clock clock;
    private final RigScope scope;
    private final LiveFeed live;
    private LiveRoutes liveRoutes;

    public HistoryFeature(Settings settings, Database db, Clock clock, RigScope scope, LiveFeed live) {
        this.settings = settings;
        this.live = live;
        this.db = db;
        this.clock = clock;
        this.scope = scope;
    }

    @Override
    public String name() {
        return "history";
    }

    /** What other features may read of the history. */
    public HistoryQuery query() {
        return new HistoryQuery(db);
    }

    @Override
    public void routes(Routes api) {
        liveRoutes = new LiveRoutes(live, scope);
        liveRoutes.routes(api);
        new HistoryRoutes(new HistoryRepository(db), scope, clock).routes(api.under("/rigs"));
    }

    @Override
    public void jobs(Jobs jobs) {
        Retention retention = new Retention(db, settings.rawDays());
        jobs.shared("retention", Duration.ofHours(1), now -> retention.run(now.atZone(ZoneOffset.UTC).toLocalDate()));
    }

    @Override
    public void close() {
        if (liveRoutes != null) {
            liveRoutes.close();
        }
    }
}
