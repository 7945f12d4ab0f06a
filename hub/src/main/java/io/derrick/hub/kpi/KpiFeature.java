package io.derrick.hub.kpi;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.alert.Mailer;
import io.derrick.hub.equipment.EquipmentQuery;
import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.plan.PlanQuery;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.report.ReportQuery;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operations dashboard (docs/kpis.md): figures per rig, client, field and period from the reports, the plan, the
 * alarms and the work orders, answered from pre-aggregated daily tables that the reports' writes mark stale and the
 * job {@code kpi-refresh} keeps current; the managers' daily digest (job {@code kpi-digest}).
 */
public final class KpiFeature implements Feature {
    /** {@code kpi} in the hub's config. */
    public record Settings(Duration refreshEvery, boolean digest, LocalTime digestAt, ZoneId digestZone, Duration digestEvery) {
        public static Settings from(ConfigReader r) {
            LocalTime at = LocalTime.of(6, 0);
            try {
                at = LocalTime.parse(r.string("digest.at"));
            } catch (DateTimeParseException e) {
                r.problem("digest.at", "expected a time of day such as 06:00, got '" + r.string("digest.at") + "'");
            }
            ZoneId zone = java.time.ZoneOffset.UTC;
            try {
                zone = ZoneId.of(r.string("digest.zone"));
            } catch (DateTimeException e) {
                r.problem("digest.zone", "expected a time zone such as UTC or Australia/Perth, got '" + r.string("digest.zone") + "'");
            }
            return new Settings(r.positiveDuration("refreshEvery", null), r.bool("digest.enabled", true), at, zone,
                    r.positiveDuration("digest.every", null));
        }
    }

    private final Settings settings;
    private final Kpis kpis;
    private final KpiRefresh refresh;
    private final KpiDigest digest;
    private final KpiLedger ledger;
    private final RigScope scope;
    private final Database db;

    public KpiFeature(Settings settings, Database db, Clock clock, RigScope scope, FleetQuery fleet, ReportQuery reports, PlanQuery plan,
                      AlarmQuery alarms, EquipmentQuery equipment, KpiLedger ledger, Mailer.Settings mail, String publicUrl,
                      Supplier<List<KpiDigest.Recipient>> managers) {
        this.settings = settings;
        this.db = db;
        this.scope = scope;
        this.ledger = ledger;
        KpiRepository repo = new KpiRepository(db);
        this.refresh = new KpiRefresh(db, reports, plan, alarms, equipment, fleet);
        this.kpis = new Kpis(repo, refresh, db, fleet, plan, clock);
        this.digest = settings.digest() && mail.enabled()
                ? new KpiDigest(db, repo, reports, alarms, new Mailer(mail), managers, kpis::rigs, publicUrl, clock, settings.digestAt(),
                settings.digestZone())
                : null;
    }

    @Override
    public String name() {
        return "kpi";
    }

    @Override
    public void routes(Routes api) {
        new KpiRoutes(kpis, scope, db).routes(api);
    }

    @Override
    public void jobs(Jobs jobs) {
        jobs.shared("kpi-refresh", settings.refreshEvery(), refresh::refresh);
        ledger.onChange(() -> jobs.runSoon("kpi-refresh"));
        if (digest != null) {
            jobs.shared("kpi-digest", settings.digestEvery(), now -> {
                digest.due(now).ifPresent(day -> {
                    refresh.refresh(now);
                    digest.write(day);
                });
                digest.sendDue();
            });
        }
    }
}
