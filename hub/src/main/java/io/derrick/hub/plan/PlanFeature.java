package io.derrick.hub.plan;

import io.derrick.hub.alert.Mailer;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.report.ReportQuery;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The campaign planner (docs/planning.md): rigs for planning, wells, scenarios of campaigns of campaign wells, and
 * the calculation engine's runs (the forward pass through dependencies and rig availability, utilization, NPT, cost,
 * ETA, the critical path). A large scenario is calculated in the background on the persistent jobs ({@code plan-calc}).
 */
public final class PlanFeature implements Feature {
    /** A pending run whose task is missing (the hub stopped between storing it and queueing it) is queued again after this. */
    static final Duration REQUEUE_AFTER = Duration.ofMinutes(1);

    /** {@code plan} in the hub's config. */
    public record Settings(int inlineWells, long importMaxBytes, int importMaxRows, Duration mailDelay, Duration mailEvery) {
        public static Settings from(ConfigReader r) {
            return new Settings(r.integer("calc.inlineWells", 0, 1_000_000), r.integer("import.maxBytes", 1000, 200_000_000),
                    r.integer("import.maxRows", 1, 1_000_000), r.duration("mail.delay", null), r.positiveDuration("mail.every", null));
        }
    }

    private final Settings settings;
    private final Plans plans;
    private final PlanMail mail;
    private volatile Jobs.OneTime<Long> queue;

    /** {@code mail} off: subscribers are kept, and no email is sent; {@code emailOf}: a user's email address by username. */
    public PlanFeature(Settings settings, Database db, Clock clock, ReportQuery reports, io.derrick.hub.history.HistoryQuery history,
                       Mailer.Settings mail, String publicUrl, Function<String, Optional<String>> emailOf) {
        this.settings = settings;
        this.plans = new Plans(new PlanRepository(db, settings.mailDelay()), clock, reports, history);
        this.mail = mail.enabled() ? new PlanMail(db, new Mailer(mail), emailOf, publicUrl, clock) : null;
    }

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public void routes(Routes api) {
        new PlanRoutes(plans, settings, this::background).routes(api.under("/plan"));
    }

    @Override
    public void jobs(Jobs jobs) {
        queue = jobs.oneTime("plan-calc", Long.class, (instance, run) -> plans.runQueued(run));
        jobs.shared("plan-calc-requeue", REQUEUE_AFTER, now -> plans.repository().pendingRunsBefore(now.minus(REQUEUE_AFTER))
                .forEach(id -> queue.schedule("run-" + id, now, id)));
        if (mail != null) {
            jobs.shared("plan-mail", settings.mailEvery(), now -> mail.sendDue());
        }
    }

    /** Null before the jobs start (a calculation asked for then is done at once). */
    private java.util.function.LongConsumer background() {
        Jobs.OneTime<Long> q = queue;
        return q == null ? null : id -> q.schedule("run-" + id, plans.now(), id);
    }
}
