package io.derrick.hub.equipment;

import io.derrick.hub.alert.AlertRules;
import io.derrick.hub.alert.Mailer;
import io.derrick.hub.history.HistoryQuery;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Equipment health and maintenance (docs/equipment.md): the equipment of each rig with its running hours, RUL
 * models trained and scored on the persistent jobs ({@code rul-job}), the RUL alarm, maintenance schedules that
 * open work orders when due, work orders and incidents.
 */
public final class EquipmentFeature implements Feature {
    static final Duration REQUEUE_AFTER = Duration.ofMinutes(1);

    /** {@code equipment} in the hub's config. */
    public record Settings(Map<String, Double> thresholds, Duration scoreEvery, Duration trainEvery, Duration hoursEvery,
                           Duration dueEvery, boolean autoWorkOrders, Duration incidentMailEvery, boolean autoTrain, int trees) {
        public static Settings from(ConfigReader r) {
            Map<String, Double> thresholds = new LinkedHashMap<>();
            ConfigReader t = r.get("rul").get("thresholds");
            for (String kind : t.keys("")) {
                String text = t.string(kind);
                try {
                    double v = Double.parseDouble(text);
                    if (!(v > 0)) {
                        throw new NumberFormatException();
                    }
                    thresholds.put(kind, v);
                } catch (NumberFormatException e) {
                    t.problem(kind, "hours above 0, got '" + text + "'");
                }
            }
            return new Settings(thresholds, r.positiveDuration("rul.scoreEvery", null), r.positiveDuration("rul.trainEvery", null),
                    r.positiveDuration("hoursEvery", null), r.positiveDuration("dueEvery", null), r.bool("autoWorkOrders", true),
                    r.positiveDuration("incidentMailEvery", null), r.bool("rul.autoTrain", true),
                    r.integer("rul.trees", 150, 10, 2000));
        }
    }

    private final Settings settings;
    private final EquipmentHealth health;
    private final RigScope scope;
    private final IncidentMail mail;
    private volatile Jobs.OneTime<Long> queue;

    public EquipmentFeature(Settings settings, Database db, Clock clock, RigScope scope, io.derrick.hub.fleet.FleetQuery fleet,
                            HistoryQuery history, io.derrick.hub.alarm.HubAlarms alarms, Mailer.Settings mail, AlertRules rules, String publicUrl) {
        this.scope = scope;
        this.health = new EquipmentHealth(new EquipmentRepository(db, fleet), new MaintenanceRepository(db), history, clock, settings, alarms);
        this.mail = mail.enabled() ? new IncidentMail(db, new Mailer(mail), rules, publicUrl, clock) : null;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "equipment";
    }

    @Override
    public void routes(Routes api) {
        new EquipmentRoutes(health, scope, this::queue).routes(api);
    }

    @Override
    public void jobs(Jobs jobs) {
        queue = jobs.oneTime("rul-job", Long.class, (instance, job) -> health.run(job));
        jobs.shared("rul-requeue", REQUEUE_AFTER, now -> health.repository().pendingJobsBefore(now.minus(REQUEUE_AFTER))
                .forEach(id -> queue.schedule("job-" + id, now, id)));
        jobs.shared("rul-score", settings.scoreEvery(), now -> {
            if (health.repository().anyScorable()) {
                queue(health.repository().queueJob("score", null, Actor.job("rul-score"), now).id());
            }
        });
        if (settings.autoTrain()) {
            // a kind with no model, or one older than trainEvery, is trained (once: not while a training is open)
            jobs.shared("rul-train", Duration.ofMinutes(10), now -> EquipmentHealth.KINDS.keySet().stream()
                    .filter(kind -> health.repository().trainingDue(kind, now.minus(settings.trainEvery())))
                    .forEach(kind -> queue(health.repository().queueJob("train", kind, Actor.job("rul-train"), now).id())));
        }
        jobs.shared("equipment-hours", settings.hoursEvery(), now -> health.countHours());
        jobs.shared("maintenance-due", settings.dueEvery(), now -> health.openDue());
        if (mail != null) {
            jobs.shared("incident-mail", settings.incidentMailEvery(), now -> mail.sendDue());
        }
    }

    /** Queues a stored job on the persistent queue (before the jobs start, the requeue job picks it up). */
    private void queue(long job) {
        Jobs.OneTime<Long> q = queue;
        if (q != null) {
            q.schedule("job-" + job, health.now(), job);
        }
    }
}
