package io.derrick.hub.alert;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.Routes;
import io.helidon.metrics.api.MeterRegistry;

import java.time.Clock;
import java.time.Duration;

/**
 * Alert emails: the rules of {@code alerts} (who is emailed about which alarms and events, repeats, escalation) and the
 * SMTP server of {@code mail}. A shared job decides and delivers every {@value #EVERY_S} s, and at once when something
 * new arrives ({@link #wake}).
 */
public final class AlertFeature implements Feature {
    static final long EVERY_S = 5;
    private static final String JOB = "alerts";

    /** {@code mail} and the rules of {@code alerts}. */
    public record Settings(Mailer.Settings mail, AlertRules rules) {
        public static Settings from(ConfigReader root) {
            Mailer.Settings mail = Mailer.Settings.from(root.get("mail"));
            AlertRules rules = AlertRules.from(root.get("alerts"));
            if (!rules.rules().isEmpty() && !mail.enabled()) {
                root.get("alerts").problem("rules", rules.rules().size() + " rule(s) but mail.host is empty: alert emails could not be sent");
            }
            return new Settings(mail, rules);
        }
    }

    private final NotificationRepository notifications;
    private final AlertRun run;
    private Jobs jobs;

    public AlertFeature(Settings settings, String publicUrl, Database db, Clock clock, AlarmQuery alarms, FleetQuery fleet,
                        MeterRegistry metrics) {
        this.notifications = new NotificationRepository(db);
        AlertDecider decider = new AlertDecider(settings.rules(), publicUrl);
        AlertDelivery delivery = settings.mail().enabled()
                ? new AlertDelivery(db, notifications, decider, new Mailer(settings.mail()), clock, publicUrl, metrics) : null;
        this.run = new AlertRun(db, alarms, fleet, notifications, decider, settings.rules(), delivery);
    }

    @Override
    public String name() {
        return "alert";
    }

    @Override
    public void routes(Routes api) {
        new AlertRoutes(notifications).routes(api);
    }

    @Override
    public void jobs(Jobs jobs) {
        this.jobs = jobs;
        jobs.shared(JOB, Duration.ofSeconds(EVERY_S), run::run);
    }

    /** Something new was stored (an event, an alarm the hub raised): decide now rather than at the next run. */
    public void wake() {
        if (jobs != null) {
            jobs.runSoon(JOB);
        }
    }
}
