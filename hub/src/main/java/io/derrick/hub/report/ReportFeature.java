package io.derrick.hub.report;

import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.history.HistoryQuery;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;

import java.time.Clock;

/**
 * Daily drilling reports (docs/reports.md): shift reports pre-filled from the rig's sensors, checked against them,
 * approved by the manager and the client, exported as CSV and PDF; the 24-hour view and the bill of quantities.
 */
public final class ReportFeature implements Feature {
    private final Reports reports;
    private final RigScope scope;

    public ReportFeature(Database db, Clock clock, RigScope scope, FleetQuery fleet, HistoryQuery history) {
        this.reports = new Reports(new ReportRepository(db), db, fleet, history, clock);
        this.scope = scope;
    }

    @Override
    public String name() {
        return "report";
    }

    /** The reports' work without HTTP (the demo seeds its drafts with it). */
    public Reports reports() {
        return reports;
    }

    @Override
    public void routes(Routes api) {
        new ReportRoutes(reports, scope).routes(api.under("/reports"));
    }
}
