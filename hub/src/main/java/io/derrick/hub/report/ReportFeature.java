package io.derrick.hub.report;

import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.history.HistoryQuery;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Daily drilling reports (docs/reports.md): shift reports pre-filled from the rig's sensors, checked against them,
 * approved by the manager and the client, exported as CSV, PDF and Excel; core tray photos; the 24-hour view and the
 * bill of quantities.
 */
public final class ReportFeature implements Feature {
    /** {@code reports:} in the hub's configuration; the photos live under {@code <hub.dataDir>/photos}. */
    public record Settings(long photoMaxBytes, long photoMaxPixels, long photoQuotaBytes, Path photoDir) {
        public static Settings from(ConfigReader r, Path dataDir) {
            return new Settings(r.integer("photos.maxBytes", 1000, Integer.MAX_VALUE), r.integer("photos.maxMegapixels", 1, 1000) * 1_000_000L,
                    r.integer("photos.quotaMb", 1, Integer.MAX_VALUE) * 1_000_000L, dataDir.resolve("photos"));
        }
    }

    private final Reports reports;
    private final ReportQuery query;
    private final Photos photos;
    private final RigScope scope;

    /** {@code changes}: told of every report write in its transaction (the dashboard's tables, which Hub hands). */
    public ReportFeature(Settings settings, Database db, Clock clock, RigScope scope, FleetQuery fleet, HistoryQuery history,
                         ReportRepository.Changes changes) {
        this.reports = new Reports(new ReportRepository(db, changes), db, fleet, history, clock);
        this.query = new ReportQuery(db);
        this.photos = new Photos(new Photos.Limits(settings.photoMaxBytes(), settings.photoMaxPixels(), settings.photoQuotaBytes(),
                settings.photoDir()), db, clock);
        this.scope = scope;
    }

    @Override
    public String name() {
        return "report";
    }

    /** What other features may read of the reports (the planner's plan vs actual). */
    public ReportQuery query() {
        return query;
    }

    /** The reports' work without HTTP (the demo seeds its drafts with it). */
    public Reports reports() {
        return reports;
    }

    /** How often the drafts of shifts that are on read their sensors again, and for how long after a shift's end. */
    static final Duration MEASURE_EVERY = Duration.ofMinutes(30);
    static final Duration MEASURE_AFTER_END = Duration.ofHours(1);

    @Override
    public void jobs(Jobs jobs) {
        // a draft started early in its shift would keep its first minutes' figures: its sensors are read again while
        // the shift is on (and the backlog of a rig whose link was down comes in), as "Measure again" does
        jobs.shared("report-measure", MEASURE_EVERY, now -> reports.remeasureOpenDrafts(now, MEASURE_AFTER_END, Actor.job("report-measure")));
    }

    @Override
    public void routes(Routes api) {
        new ReportRoutes(reports, photos, scope).routes(api.under("/reports"));
    }
}
