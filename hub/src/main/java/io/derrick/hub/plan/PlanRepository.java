package io.derrick.hub.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.db.JsonColumn;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The planner's tables. Every edit carries the version it started from: a stale one changes nothing. Every write is audited. */
public final class PlanRepository {
    private final Database db;

    public PlanRepository(Database db) {
        this.db = db;
    }

    public record RigRow(String id, String name, double dayRate, String currency, String status, List<Window> available, int version,
                         Instant updatedAt, String updatedBy) {
    }

    public record Window(LocalDate from, LocalDate to) {
    }

    public record WellRow(long id, String name, String field, String type, Double plannedDepth, String location, int version) {
    }

    public record ScenarioRow(long id, String name, String horizon, String status, Long clonedFrom, int version, Instant createdAt,
                              String createdBy, Instant updatedAt, String updatedBy) {
    }

    public record CampaignRow(long id, long scenario, String name, int version) {
    }

    public record Dependency(long predecessor, double lagDays) {
    }

    public record Extra(String name, double amount) {
    }

    /** {@code hole}: the hole of the daily reports the well is drilled as, on its rig (plan vs actual), or null. */
    public record CampaignWellRow(long id, long campaign, long well, String rig, LocalDate plannedStart, double durationDays, String status,
                                  LocalDate actualStart, LocalDate actualEnd, double nptDays, List<Extra> extras, List<Dependency> dependencies,
                                  String hole, int version) {
    }

    /** A campaign well's editable fields. */
    public record CampaignWellFields(long campaign, long well, String rig, LocalDate plannedStart, double durationDays, String status,
                                     LocalDate actualStart, LocalDate actualEnd, double nptDays, List<Extra> extras, List<Dependency> dependencies,
                                     String hole) {
    }

    public record Full(ScenarioRow scenario, List<CampaignRow> campaigns, List<CampaignWellRow> wells) {
    }

    /** What became of an edit: done (the row as it now is), or stale (the row as someone else left it). */
    public sealed interface Edit<T> {
        record Done<T>(T row) implements Edit<T> {
        }

        record Stale<T>(T current) implements Edit<T> {
        }
    }

    // ---- rigs

    public List<RigRow> rigs() {
        return db.read(h -> h.createQuery("SELECT * FROM plan_rig ORDER BY id").map((rs, ctx) -> rig(rs)).list());
    }

    public Optional<RigRow> rig(String id) {
        return db.read(h -> rig(h, id));
    }

    private static Optional<RigRow> rig(Handle h, String id) {
        return h.createQuery("SELECT * FROM plan_rig WHERE id = :id").bind("id", id).map((rs, ctx) -> rig(rs)).findOne();
    }

    /** Creates the rig's planning data ({@code version} null) or changes it from {@code version}. */
    public Optional<Edit<RigRow>> putRig(String id, String name, double dayRate, String currency, String status, List<Window> available,
                                         Integer version, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<RigRow> before = rig(h, id);
            if (version == null && before.isPresent() || version != null && before.isEmpty()) {
                return before.<Edit<RigRow>>map(Edit.Stale::new).or(Optional::empty);
            }
            int n = h.createUpdate(version == null ? """
                            INSERT INTO plan_rig (id, name, day_rate, currency, status, available, updated_at, updated_by)
                            VALUES (:id, :name, :rate, :currency, :status, CAST(:available AS jsonb), :now, :actor)""" : """
                            UPDATE plan_rig SET name = :name, day_rate = :rate, currency = :currency, status = :status,
                                   available = CAST(:available AS jsonb), version = version + 1, updated_at = :now, updated_by = :actor
                            WHERE id = :id AND version = :version""")
                    .bind("id", id).bind("name", name).bind("rate", dayRate).bind("currency", currency).bind("status", status)
                    .bind("available", json(available)).bind("now", Timestamp.from(now)).bind("actor", actor.name()).bind("version", version)
                    .execute();
            RigRow after = rig(h, id).orElseThrow();
            if (n == 0) {
                return Optional.of(new Edit.Stale<>(after));
            }
            Audit.record(h, now, actor, version == null ? "plan.rig.create" : "plan.rig.update", "plan_rig", id, before.orElse(null), after);
            return Optional.of(new Edit.Done<>(after));
        });
    }

    // ---- wells

    public List<WellRow> wells() {
        return db.read(h -> h.createQuery("SELECT * FROM well ORDER BY name").map((rs, ctx) -> well(rs)).list());
    }

    public Optional<WellRow> well(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM well WHERE id = :id").bind("id", id).map((rs, ctx) -> well(rs)).findOne());
    }

    public boolean wellNameTaken(String name, Long except) {
        return db.read(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM well WHERE name = :name AND id <> :except)")
                .bind("name", name).bind("except", except == null ? -1 : except).mapTo(Boolean.class).one());
    }

    public WellRow createWell(String name, String field, String type, Double depth, String location, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            WellRow w = h.createQuery("""
                            INSERT INTO well (name, field, type, planned_depth, location, updated_at, updated_by)
                            VALUES (:name, :field, :type, :depth, :location, :now, :actor) RETURNING *""")
                    .bind("name", name).bind("field", field).bind("type", type).bind("depth", depth).bind("location", location)
                    .bind("now", Timestamp.from(now)).bind("actor", actor.name()).map((rs, ctx) -> well(rs)).one();
            Audit.record(h, now, actor, "plan.well.create", "well", w.id(), null, w);
            return w;
        });
    }

    public Optional<Edit<WellRow>> updateWell(long id, int version, String name, String field, String type, Double depth, String location,
                                              Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<WellRow> before = h.createQuery("SELECT * FROM well WHERE id = :id FOR UPDATE").bind("id", id).map((rs, ctx) -> well(rs)).findOne();
            if (before.isEmpty()) {
                return Optional.empty();
            }
            if (before.get().version() != version) {
                return Optional.of(new Edit.Stale<>(before.get()));
            }
            WellRow after = h.createQuery("""
                            UPDATE well SET name = :name, field = :field, type = :type, planned_depth = :depth, location = :location,
                                   version = version + 1, updated_at = :now, updated_by = :actor WHERE id = :id RETURNING *""")
                    .bind("name", name).bind("field", field).bind("type", type).bind("depth", depth).bind("location", location)
                    .bind("now", Timestamp.from(now)).bind("actor", actor.name()).bind("id", id).map((rs, ctx) -> well(rs)).one();
            Audit.record(h, now, actor, "plan.well.update", "well", id, before.get(), after);
            return Optional.of(new Edit.Done<>(after));
        });
    }

    // ---- scenarios

    public List<ScenarioRow> scenarios() {
        return db.read(h -> h.createQuery("SELECT * FROM scenario ORDER BY horizon, name").map((rs, ctx) -> scenario(rs)).list());
    }

    public Optional<ScenarioRow> scenario(long id) {
        return db.read(h -> scenario(h, id, ""));
    }

    private static Optional<ScenarioRow> scenario(Handle h, long id, String lock) {
        return h.createQuery("SELECT * FROM scenario WHERE id = :id" + lock).bind("id", id).map((rs, ctx) -> scenario(rs)).findOne();
    }

    public boolean scenarioNameTaken(String name) {
        return db.read(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM scenario WHERE name = :name)").bind("name", name).mapTo(Boolean.class).one());
    }

    public ScenarioRow createScenario(String name, String horizon, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            ScenarioRow s = h.createQuery("""
                            INSERT INTO scenario (name, horizon, created_at, created_by, updated_at, updated_by)
                            VALUES (:name, :horizon, :now, :actor, :now, :actor) RETURNING *""")
                    .bind("name", name).bind("horizon", horizon).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                    .map((rs, ctx) -> scenario(rs)).one();
            Audit.record(h, now, actor, "plan.scenario.create", "scenario", s.id(), null, s);
            return s;
        });
    }

    public Optional<Full> full(long id) {
        return db.read(h -> scenario(h, id, "").map(s -> full(h, s)));
    }

    private static Full full(Handle h, ScenarioRow s) {
        List<CampaignRow> campaigns = h.createQuery("SELECT * FROM campaign WHERE scenario_id = :id ORDER BY id").bind("id", s.id())
                .map((rs, ctx) -> new CampaignRow(rs.getLong("id"), rs.getLong("scenario_id"), rs.getString("name"), rs.getInt("version"))).list();
        Map<Long, List<Dependency>> deps = new HashMap<>();
        h.createQuery("""
                        SELECT d.* FROM campaign_dependency d JOIN campaign_well w ON w.id = d.well_id JOIN campaign c ON c.id = w.campaign_id
                        WHERE c.scenario_id = :id ORDER BY d.well_id, d.predecessor_id""").bind("id", s.id())
                .map((rs, ctx) -> Map.entry(rs.getLong("well_id"), new Dependency(rs.getLong("predecessor_id"), rs.getDouble("lag_days"))))
                .forEach(e -> deps.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
        List<CampaignWellRow> wells = h.createQuery("""
                        SELECT w.* FROM campaign_well w JOIN campaign c ON c.id = w.campaign_id WHERE c.scenario_id = :id ORDER BY w.id""")
                .bind("id", s.id()).map((rs, ctx) -> campaignWell(rs, deps.getOrDefault(rs.getLong("id"), List.of()))).list();
        return new Full(s, campaigns, wells);
    }

    /** The deep copy: the scenario, its campaigns and campaign wells and their dependencies, in one transaction. */
    public ScenarioRow cloneScenario(long id, String name, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            ScenarioRow source = scenario(h, id, " FOR SHARE").orElseThrow();
            ScenarioRow copy = h.createQuery("""
                            INSERT INTO scenario (name, horizon, cloned_from, created_at, created_by, updated_at, updated_by)
                            VALUES (:name, :horizon, :from, :now, :actor, :now, :actor) RETURNING *""")
                    .bind("name", name).bind("horizon", source.horizon()).bind("from", id).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                    .map((rs, ctx) -> scenario(rs)).one();
            Full f = full(h, source);
            Map<Long, Long> campaigns = new HashMap<>();
            for (CampaignRow c : f.campaigns()) {
                campaigns.put(c.id(), h.createQuery("INSERT INTO campaign (scenario_id, name) VALUES (:s, :name) RETURNING id")
                        .bind("s", copy.id()).bind("name", c.name()).mapTo(Long.class).one());
            }
            Map<Long, Long> wells = new HashMap<>();
            for (CampaignWellRow w : f.wells()) {
                CampaignWellFields fields = new CampaignWellFields(campaigns.get(w.campaign()), w.well(), w.rig(), w.plannedStart(), w.durationDays(),
                        w.status(), w.actualStart(), w.actualEnd(), w.nptDays(), w.extras(), List.of(), w.hole());
                wells.put(w.id(), insertCampaignWell(h, fields, actor, now));
            }
            for (CampaignWellRow w : f.wells()) {
                for (Dependency d : w.dependencies()) {
                    h.createUpdate("INSERT INTO campaign_dependency (well_id, predecessor_id, lag_days) VALUES (:w, :p, :lag)")
                            .bind("w", wells.get(w.id())).bind("p", wells.get(d.predecessor())).bind("lag", d.lagDays()).execute();
                }
            }
            Audit.record(h, now, actor, "plan.scenario.clone", "scenario", copy.id(), null,
                    Map.of("from", id, "name", name, "campaigns", campaigns.size(), "wells", wells.size()));
            return copy;
        });
    }

    /**
     * Moves a scenario from {@code from} to {@code to} at {@code version}; approving archives the horizon's approved
     * scenario in the same transaction. Empty: stale (or not in {@code from}).
     */
    public Optional<ScenarioRow> setStatus(long id, int version, String from, String to, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<ScenarioRow> before = scenario(h, id, " FOR UPDATE");
            if (before.isEmpty() || before.get().version() != version || !before.get().status().equals(from)) {
                return Optional.empty();
            }
            if (to.equals("approved")) {
                List<Long> archived = h.createQuery("""
                                UPDATE scenario SET status = 'archived', version = version + 1, updated_at = :now, updated_by = :actor
                                WHERE horizon = :horizon AND status = 'approved' RETURNING id""")
                        .bind("horizon", before.get().horizon()).bind("now", Timestamp.from(now)).bind("actor", actor.name()).mapTo(Long.class).list();
                for (long a : archived) {
                    Audit.record(h, now, actor, "plan.scenario.archive", "scenario", a, Map.of("status", "approved"),
                            Map.of("status", "archived", "replacedBy", id));
                }
            }
            ScenarioRow after = h.createQuery("""
                            UPDATE scenario SET status = :to, version = version + 1, updated_at = :now, updated_by = :actor WHERE id = :id RETURNING *""")
                    .bind("to", to).bind("now", Timestamp.from(now)).bind("actor", actor.name()).bind("id", id).map((rs, ctx) -> scenario(rs)).one();
            Audit.record(h, now, actor, "plan.scenario." + (to.equals("approved") ? "approve" : "archive"), "scenario", id,
                    Map.of("status", from), Map.of("status", to));
            return Optional.of(after);
        });
    }

    // ---- campaigns and campaign wells

    public Optional<CampaignRow> campaign(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM campaign WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new CampaignRow(rs.getLong("id"), rs.getLong("scenario_id"), rs.getString("name"), rs.getInt("version"))).findOne());
    }

    /** Empty: the name is taken in the scenario. */
    public Optional<CampaignRow> createCampaign(long scenario, String name, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<CampaignRow> c = h.createQuery("""
                            INSERT INTO campaign (scenario_id, name) VALUES (:s, :name) ON CONFLICT (scenario_id, name) DO NOTHING RETURNING *""")
                    .bind("s", scenario).bind("name", name)
                    .map((rs, ctx) -> new CampaignRow(rs.getLong("id"), rs.getLong("scenario_id"), rs.getString("name"), rs.getInt("version"))).findOne();
            c.ifPresent(x -> Audit.record(h, now, actor, "plan.campaign.create", "campaign", x.id(), null, x));
            return c;
        });
    }

    /** The scenario a campaign well belongs to. */
    public Optional<Long> scenarioOfCampaignWell(long id) {
        return db.read(h -> h.createQuery("SELECT c.scenario_id FROM campaign_well w JOIN campaign c ON c.id = w.campaign_id WHERE w.id = :id")
                .bind("id", id).mapTo(Long.class).findOne());
    }

    public CampaignWellRow createCampaignWell(CampaignWellFields f, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            long id = insertCampaignWell(h, f, actor, now);
            writeDependencies(h, id, f.dependencies());
            CampaignWellRow row = campaignWell(h, id).orElseThrow();
            Audit.record(h, now, actor, "plan.campaign_well.create", "campaign_well", id, null, row);
            return row;
        });
    }

    public Optional<Edit<CampaignWellRow>> updateCampaignWell(long id, int version, CampaignWellFields f, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<CampaignWellRow> before = h.createQuery("SELECT * FROM campaign_well WHERE id = :id FOR UPDATE").bind("id", id)
                    .map((rs, ctx) -> rs.getLong("id")).findOne().flatMap(x -> campaignWell(h, x));
            if (before.isEmpty()) {
                return Optional.empty();
            }
            if (before.get().version() != version) {
                return Optional.of(new Edit.Stale<>(before.get()));
            }
            h.createUpdate("""
                            UPDATE campaign_well SET campaign_id = :campaign, well_id = :well, rig_id = :rig, planned_start = :start,
                                   duration_days = :days, status = :status, actual_start = :astart, actual_end = :aend, npt_days = :npt,
                                   extras = CAST(:extras AS jsonb), hole = :hole, version = version + 1, updated_at = :now, updated_by = :actor
                            WHERE id = :id""")
                    .bind("hole", f.hole())
                    .bind("campaign", f.campaign()).bind("well", f.well()).bind("rig", f.rig()).bind("start", f.plannedStart())
                    .bind("days", f.durationDays()).bind("status", f.status()).bind("astart", f.actualStart()).bind("aend", f.actualEnd())
                    .bind("npt", f.nptDays()).bind("extras", json(f.extras())).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                    .bind("id", id).execute();
            h.createUpdate("DELETE FROM campaign_dependency WHERE well_id = :id").bind("id", id).execute();
            writeDependencies(h, id, f.dependencies());
            CampaignWellRow after = campaignWell(h, id).orElseThrow();
            Audit.record(h, now, actor, "plan.campaign_well.update", "campaign_well", id, before.get(), after);
            return Optional.of(new Edit.Done<>(after));
        });
    }

    public boolean deleteCampaignWell(long id, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<CampaignWellRow> before = campaignWell(h, id);
            before.ifPresent(b -> {
                h.createUpdate("DELETE FROM campaign_well WHERE id = :id").bind("id", id).execute();
                Audit.record(h, now, actor, "plan.campaign_well.delete", "campaign_well", id, b, null);
            });
            return before.isPresent();
        });
    }

    private static long insertCampaignWell(Handle h, CampaignWellFields f, Actor actor, Instant now) {
        return h.createQuery("""
                        INSERT INTO campaign_well (campaign_id, well_id, rig_id, planned_start, duration_days, status, actual_start, actual_end,
                                                   npt_days, extras, hole, updated_at, updated_by)
                        VALUES (:campaign, :well, :rig, :start, :days, :status, :astart, :aend, :npt, CAST(:extras AS jsonb), :hole, :now, :actor)
                        RETURNING id""")
                .bind("hole", f.hole())
                .bind("campaign", f.campaign()).bind("well", f.well()).bind("rig", f.rig()).bind("start", f.plannedStart())
                .bind("days", f.durationDays()).bind("status", f.status()).bind("astart", f.actualStart()).bind("aend", f.actualEnd())
                .bind("npt", f.nptDays()).bind("extras", json(f.extras())).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                .mapTo(Long.class).one();
    }

    private static void writeDependencies(Handle h, long id, List<Dependency> deps) {
        var batch = h.prepareBatch("INSERT INTO campaign_dependency (well_id, predecessor_id, lag_days) VALUES (:w, :p, :lag)");
        for (Dependency d : deps) {
            batch.bind("w", id).bind("p", d.predecessor()).bind("lag", d.lagDays()).add();
        }
        if (!deps.isEmpty()) {
            batch.execute();
        }
    }

    private static Optional<CampaignWellRow> campaignWell(Handle h, long id) {
        List<Dependency> deps = h.createQuery("SELECT * FROM campaign_dependency WHERE well_id = :id ORDER BY predecessor_id").bind("id", id)
                .map((rs, ctx) -> new Dependency(rs.getLong("predecessor_id"), rs.getDouble("lag_days"))).list();
        return h.createQuery("SELECT * FROM campaign_well WHERE id = :id").bind("id", id).map((rs, ctx) -> campaignWell(rs, deps)).findOne();
    }

    // ---- calculation runs

    /** {@code stage}: queued, reading, actuals, scheduling, figures, done; {@code progress} from 0 to 1. */
    public record Run(long id, long scenario, String status, double progress, String stage, Object params, Object results, String error,
                      Instant requestedAt, String requestedBy, Instant startedAt, Instant finishedAt) {
    }

    /** What a calculation reads, in one transaction that sees one state of the scenario (an edit meanwhile waits for it). */
    public record Snapshot(Full full, List<WellRow> wells, List<RigRow> rigs) {
    }

    public Optional<Snapshot> snapshot(long scenario) {
        return db.inTransaction(h -> {
            h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            return scenario(h, scenario, " FOR SHARE").map(s -> new Snapshot(full(h, s),
                    h.createQuery("SELECT * FROM well ORDER BY name").map((rs, ctx) -> well(rs)).list(),
                    h.createQuery("SELECT * FROM plan_rig ORDER BY id").map((rs, ctx) -> rig(rs)).list()));
        });
    }

    public int campaignWellCount(long scenario) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM campaign_well w JOIN campaign c ON c.id = w.campaign_id WHERE c.scenario_id = :s")
                .bind("s", scenario).mapTo(Integer.class).one());
    }

    /** A run done at once: stored finished, audited. */
    public Run storeRun(long scenario, Object params, String status, Object results, String error, Actor actor, Instant requested, Instant finished) {
        return db.inTransaction(h -> {
            Run r = h.createQuery("""
                            INSERT INTO calc_run (scenario_id, params, status, progress, stage, results, error, requested_at, requested_by,
                                                  started_at, finished_at)
                            VALUES (:s, CAST(:params AS jsonb), :status, 1, 'done', CAST(:results AS jsonb), :error, :at, :by, :at, :done)
                            RETURNING *""")
                    .bind("s", scenario).bind("params", json(params)).bind("status", status).bind("results", json(results)).bind("error", error)
                    .bind("at", Timestamp.from(requested)).bind("by", actor.name()).bind("done", Timestamp.from(finished))
                    .map((rs, ctx) -> run(rs)).one();
            Audit.record(h, finished, actor, "plan.calc", "scenario", scenario, null, Map.of("run", r.id(), "status", status));
            return r;
        });
    }

    /** A run for the background: pending until a hub's job takes it. */
    public Run queueRun(long scenario, Object params, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Run r = h.createQuery("""
                            INSERT INTO calc_run (scenario_id, params, status, stage, requested_at, requested_by)
                            VALUES (:s, CAST(:params AS jsonb), 'pending', 'queued', :at, :by) RETURNING *""")
                    .bind("s", scenario).bind("params", json(params)).bind("at", Timestamp.from(now)).bind("by", actor.name())
                    .map((rs, ctx) -> run(rs)).one();
            Audit.record(h, now, actor, "plan.calc.queue", "scenario", scenario, null, Map.of("run", r.id()));
            return r;
        });
    }

    /** Marks a pending run (or one a hub died running) as running; empty: it has finished already, or is gone. */
    public Optional<Run> startRun(long id, Instant now) {
        return db.inTransaction(h -> h.createQuery("""
                        UPDATE calc_run SET status = 'running', progress = 0, stage = 'reading', started_at = :now
                        WHERE id = :id AND status IN ('pending', 'running') RETURNING *""")
                .bind("id", id).bind("now", Timestamp.from(now)).map((rs, ctx) -> run(rs)).findOne());
    }

    public void progress(long id, double progress, String stage) {
        db.useTransaction(h -> h.createUpdate("UPDATE calc_run SET progress = :p, stage = :stage WHERE id = :id AND status = 'running'")
                .bind("p", Math.max(0, Math.min(1, progress))).bind("stage", stage).bind("id", id).execute());
    }

    /** Stores a background run's outcome once (a run finished by another hub, or before, stays as it was); audited. */
    public boolean finishRun(long id, String status, Object results, String error, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<Long> scenario = h.createQuery("""
                            UPDATE calc_run SET status = :status, progress = 1, stage = 'done', results = CAST(:results AS jsonb), error = :error,
                                   finished_at = :now
                            WHERE id = :id AND status IN ('pending', 'running') RETURNING scenario_id""")
                    .bind("id", id).bind("status", status).bind("results", json(results)).bind("error", error).bind("now", Timestamp.from(now))
                    .mapTo(Long.class).findOne();
            scenario.ifPresent(s -> Audit.record(h, now, actor, "plan.calc", "scenario", s, null, Map.of("run", id, "status", status)));
            return scenario.isPresent();
        });
    }

    /** Runs still pending a while after they were asked for (their task was never put in: the hub stopped in between). */
    public List<Long> pendingRunsBefore(Instant before) {
        return db.read(h -> h.createQuery("SELECT id FROM calc_run WHERE status = 'pending' AND requested_at < :before ORDER BY id")
                .bind("before", Timestamp.from(before)).mapTo(Long.class).list());
    }

    public Optional<Run> run(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM calc_run WHERE id = :id").bind("id", id).map((rs, ctx) -> run(rs)).findOne());
    }

    public Optional<Run> run(long scenario, long id) {
        return db.read(h -> h.createQuery("SELECT * FROM calc_run WHERE scenario_id = :s AND id = :id").bind("s", scenario).bind("id", id)
                .map((rs, ctx) -> run(rs)).findOne());
    }

    public List<Run> runs(long scenario) {
        return db.read(h -> h.createQuery("""
                        SELECT id, scenario_id, status, progress, stage, params, NULL AS results, error, requested_at, requested_by, started_at,
                               finished_at
                        FROM calc_run WHERE scenario_id = :s ORDER BY id DESC LIMIT 50""").bind("s", scenario).map((rs, ctx) -> run(rs)).list());
    }

    // ---- rows

    private static RigRow rig(ResultSet rs) throws SQLException {
        return new RigRow(rs.getString("id"), rs.getString("name"), rs.getDouble("day_rate"), rs.getString("currency"), rs.getString("status"),
                parse(rs.getString("available"), new TypeReference<List<Window>>() { }), rs.getInt("version"),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
    }

    private static WellRow well(ResultSet rs) throws SQLException {
        return new WellRow(rs.getLong("id"), rs.getString("name"), rs.getString("field"), rs.getString("type"), (Double) rs.getObject("planned_depth"),
                rs.getString("location"), rs.getInt("version"));
    }

    private static ScenarioRow scenario(ResultSet rs) throws SQLException {
        return new ScenarioRow(rs.getLong("id"), rs.getString("name"), rs.getString("horizon"), rs.getString("status"),
                (Long) rs.getObject("cloned_from"), rs.getInt("version"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
    }

    private static CampaignWellRow campaignWell(ResultSet rs, List<Dependency> deps) throws SQLException {
        return new CampaignWellRow(rs.getLong("id"), rs.getLong("campaign_id"), rs.getLong("well_id"), rs.getString("rig_id"),
                rs.getObject("planned_start", LocalDate.class), rs.getDouble("duration_days"), rs.getString("status"),
                rs.getObject("actual_start", LocalDate.class), rs.getObject("actual_end", LocalDate.class), rs.getDouble("npt_days"),
                parse(rs.getString("extras"), new TypeReference<List<Extra>>() { }), deps, rs.getString("hole"), rs.getInt("version"));
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getLong("id"), rs.getLong("scenario_id"), rs.getString("status"), rs.getDouble("progress"), rs.getString("stage"),
                parse(rs.getString("params"), new TypeReference<Object>() { }), parse(rs.getString("results"), new TypeReference<Object>() { }),
                rs.getString("error"), rs.getTimestamp("requested_at").toInstant(), rs.getString("requested_by"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        return JsonColumn.read(json, type, "a stored plan's JSON column");
    }

    static String json(Object value) {
        return JsonColumn.write(value);
    }
}
