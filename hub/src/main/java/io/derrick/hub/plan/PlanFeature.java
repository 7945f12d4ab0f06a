package io.derrick.hub.plan;

import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.report.ReportQuery;

import java.time.Clock;

/**
 * The campaign planner (docs/planning.md): rigs for planning, wells, scenarios of campaigns of campaign wells, and
 * the calculation engine's runs (the forward pass through dependencies and rig availability, utilization, NPT, cost,
 * ETA, the critical path).
 */
public final class PlanFeature implements Feature {
    private final Plans plans;

    public PlanFeature(Database db, Clock clock, ReportQuery reports) {
        this.plans = new Plans(new PlanRepository(db), clock, reports);
    }

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public void routes(Routes api) {
        new PlanRoutes(plans).routes(api.under("/plan"));
    }
}
