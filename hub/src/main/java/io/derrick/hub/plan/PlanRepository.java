package io.derrick.hub.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.db.JsonColumn;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

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
    private final java.time.Duration mailDelay;

    /** {@code mailDelay}: how long an email about a change of an approved schedule waits for more changes to join it. */
    public PlanRepository(Database db, java.time.Duration mailDelay) {
        this.db = db;
        this.mailDelay = mailDelay;
    }

    /** The approved schedule's subscribers hear of a change of a campaign well ({@code before} or {@code after} null: added, removed). */
    private void tellChange(Handle h, CampaignWellRow before, CampaignWellRow after, Actor actor, Instant now) {
        CampaignWellRow any = after != null ? after : before;
        long scenario = h.createQuery("SELECT scenario_id FROM campaign WHERE id = :c").bind("c", any.campaign()).mapTo(Long.class).one();
        String name = h.createQuery("SELECT name FROM well WHERE id = :w").bind("w", any.well()).mapTo(String.class).one() + " (#" + any.id() + ")";
        String change;
        if (before == null) {
            change = name + " added: " + describe(after);
        } else if (after == null) {
            change = name + " removed (was " + describe(before) + ")";
        } else {
            List<String> parts = new java.util.ArrayList<>();
            diff(parts, "rig", before.rig(), after.rig());
            diff(parts, "planned start", before.plannedStart(), after.plannedStart());
            diff(parts, "days", before.durationDays(), after.durationDays());
            diff(parts, "status", before.status(), after.status());
            diff(parts, "NPT days", before.nptDays(), after.nptDays());
            diff(parts, "depends on", before.dependencies().stream().map(d -> "#" + d.predecessor()).toList(),
                    after.dependencies().stream().map(d -> "#" + d.predecessor()).toList());
            diff(parts, "extras", before.extras().stream().mapToDouble(Extra::amount).sum(), after.extras().stream().mapToDouble(Extra::amount).sum());
            diff(parts, "hole", before.hole(), after.hole());
            change = name + ": " + (parts.isEmpty() ? "saved unchanged" : String.join("; ", parts));
        }
        tell(h, scenario, false, change, actor, now, mailDelay);
    }

    private static String describe(CampaignWellRow w) {
        return "rig " + (w.rig() == null ? "none" : w.rig()) + ", " + (w.plannedStart() == null ? "start by the scheduler" : "from " + w.plannedStart())
                + ", " + w.durationDays() + " days, " + w.status();
    }

    private static void diff(List<String> parts, String what, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            parts.add(what + " " + (before == null ? "none" : before) + " → " + (after == null ? "none" : after));
        }
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
        return db.inTransaction(h -> putRig(h, id, name, dayRate, currency, status, available, version, actor, now, "plan.rig."));
    }

    private static Optional<Edit<RigRow>> putRig(Handle h, String id, String name, double dayRate, String currency, String status,
                                                 List<Window> available, Integer version, Actor actor, Instant now, String action) {
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
        Audit.record(h, now, actor, action + (version == null ? "create" : "update"), "plan_rig", id, before.orElse(null), after);
        return Optional.of(new Edit.Done<>(after));
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
        return db.inTransaction(h -> createWell(h, name, field, type, depth, location, actor, now, "plan.well.create"));
    }

    private static WellRow createWell(Handle h, String name, String field, String type, Double depth, String location, Actor actor, Instant now,
                                      String action) {
        WellRow w = wellValues(h.createQuery(INSERT_WELL + " RETURNING *"), name, field, type, depth, location, actor, now)
                .map((rs, ctx) -> well(rs)).one();
        Audit.record(h, now, actor, action, "well", w.id(), null, w);
        return w;
    }

    public Optional<Edit<WellRow>> updateWell(long id, int version, String name, String field, String type, Double depth, String location,
                                              Actor actor, Instant now) {
        return db.inTransaction(h -> updateWell(h, id, version, name, field, type, depth, location, actor, now, "plan.well.update"));
    }

    private static Optional<Edit<WellRow>> updateWell(Handle h, long id, int version, String name, String field, String type, Double depth,
                                                      String location, Actor actor, Instant now, String action) {
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
        Audit.record(h, now, actor, action, "well", id, before.get(), after);
        return Optional.of(new Edit.Done<>(after));
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
                .map((rs, ctx) -> campaign(rs)).list();
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
                writeDependencies(h, wells.get(w.id()), w.dependencies().stream().map(d -> new Dependency(wells.get(d.predecessor()), d.lagDays())).toList());
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
                    tell(h, a, true, "archived: replaced by the approved scenario " + before.get().name(), actor, now, mailDelay);
                }
            }
            ScenarioRow after = h.createQuery("""
                            UPDATE scenario SET status = :to, version = version + 1, updated_at = :now, updated_by = :actor WHERE id = :id RETURNING *""")
                    .bind("to", to).bind("now", Timestamp.from(now)).bind("actor", actor.name()).bind("id", id).map((rs, ctx) -> scenario(rs)).one();
            Audit.record(h, now, actor, "plan.scenario." + (to.equals("approved") ? "approve" : "archive"), "scenario", id,
                    Map.of("status", from), Map.of("status", to));
            if (!from.equals("draft") || to.equals("approved")) {
                tell(h, id, true, to.equals("approved") ? "approved: it is now the plan of " + after.horizon() : from + " → " + to, actor, now, mailDelay);
            }
            return Optional.of(after);
        });
    }

    // ---- campaigns and campaign wells

    public Optional<CampaignRow> campaign(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM campaign WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> campaign(rs)).findOne());
    }

    /** Empty: the name is taken in the scenario. */
    public Optional<CampaignRow> createCampaign(long scenario, String name, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<CampaignRow> c = h.createQuery("""
                            INSERT INTO campaign (scenario_id, name) VALUES (:s, :name) ON CONFLICT (scenario_id, name) DO NOTHING RETURNING *""")
                    .bind("s", scenario).bind("name", name)
                    .map((rs, ctx) -> campaign(rs)).findOne();
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
            tellChange(h, null, row, actor, now);
            return row;
        });
    }

    public Optional<Edit<CampaignWellRow>> updateCampaignWell(long id, int version, CampaignWellFields f, Actor actor, Instant now) {
        return db.inTransaction(h -> updateCampaignWell(h, id, version, f, actor, now, "plan.campaign_well.update"));
    }

    private Optional<Edit<CampaignWellRow>> updateCampaignWell(Handle h, long id, int version, CampaignWellFields f, Actor actor, Instant now,
                                                               String action) {
        Optional<CampaignWellRow> before = h.createQuery("SELECT * FROM campaign_well WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> rs.getLong("id")).findOne().flatMap(x -> campaignWell(h, x));
        if (before.isEmpty()) {
            return Optional.empty();
        }
        if (before.get().version() != version) {
            return Optional.of(new Edit.Stale<>(before.get()));
        }
        campaignWellValues(h.createUpdate("""
                        UPDATE campaign_well SET campaign_id = :campaign, well_id = :well, rig_id = :rig, planned_start = :start,
                               duration_days = :days, status = :status, actual_start = :astart, actual_end = :aend, npt_days = :npt,
                               extras = CAST(:extras AS jsonb), hole = :hole, version = version + 1, updated_at = :now, updated_by = :actor
                        WHERE id = :id"""), f, actor, now)
                .bind("id", id).execute();
        h.createUpdate("DELETE FROM campaign_dependency WHERE well_id = :id").bind("id", id).execute();
        writeDependencies(h, id, f.dependencies());
        CampaignWellRow after = campaignWell(h, id).orElseThrow();
        Audit.record(h, now, actor, action, "campaign_well", id, before.get(), after);
        tellChange(h, before.get(), after, actor, now);
        return Optional.of(new Edit.Done<>(after));
    }

    /** A campaign well to another rig, from the version the planner saw. */
    public record RigMove(long campaignWell, int version, String rig) {
    }

    /** A move that found its well changed meanwhile: nothing of the set was stored. */
    public static final class StaleMove extends RuntimeException {
        private final transient CampaignWellRow current;

        StaleMove(CampaignWellRow current) {
            super("campaign well " + current.id() + " was changed meanwhile", null, false, false);
            this.current = current;
        }

        public CampaignWellRow current() {
            return current;
        }
    }

    /** The moves of a levelling suggestion, all or none, in one transaction; each audited. */
    public List<CampaignWellRow> moveToRigs(List<RigMove> moves, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            List<CampaignWellRow> out = new java.util.ArrayList<>();
            for (RigMove m : moves) {
                CampaignWellRow before = h.createQuery("SELECT id FROM campaign_well WHERE id = :id FOR UPDATE").bind("id", m.campaignWell())
                        .mapTo(Long.class).findOne().flatMap(x -> campaignWell(h, x)).orElseThrow();
                if (before.version() != m.version()) {
                    throw new StaleMove(before);
                }
                h.createUpdate("UPDATE campaign_well SET rig_id = :rig, version = version + 1, updated_at = :now, updated_by = :actor WHERE id = :id")
                        .bind("rig", m.rig()).bind("now", Timestamp.from(now)).bind("actor", actor.name()).bind("id", m.campaignWell()).execute();
                CampaignWellRow after = campaignWell(h, m.campaignWell()).orElseThrow();
                Audit.record(h, now, actor, "plan.campaign_well.level", "campaign_well", m.campaignWell(), before, after);
                tellChange(h, before, after, actor, now);
                out.add(after);
            }
            return out;
        });
    }

    public boolean deleteCampaignWell(long id, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<CampaignWellRow> before = campaignWell(h, id);
            before.ifPresent(b -> {
                tellChange(h, b, null, actor, now);
                h.createUpdate("DELETE FROM campaign_well WHERE id = :id").bind("id", id).execute();
                Audit.record(h, now, actor, "plan.campaign_well.delete", "campaign_well", id, b, null);
            });
            return before.isPresent();
        });
    }

    private static long insertCampaignWell(Handle h, CampaignWellFields f, Actor actor, Instant now) {
        return campaignWellValues(h.createQuery(INSERT_CAMPAIGN_WELL + " RETURNING id"), f, actor, now).mapTo(Long.class).one();
    }

    private static void writeDependencies(Handle h, long id, List<Dependency> deps) {
        var batch = h.prepareBatch(INSERT_DEPENDENCY);
        for (Dependency d : deps) {
            batch.bind("w", id).bind("p", d.predecessor()).bind("lag", d.lagDays()).add();
        }
        if (!deps.isEmpty()) {
            batch.execute();
        }
    }

    // ---- the statements a single write and an import share

    private static final String INSERT_WELL = """
            INSERT INTO well (name, field, type, planned_depth, location, updated_at, updated_by)
            VALUES (:name, :field, :type, :depth, :location, :now, :actor)""";

    private static <S extends SqlStatement<S>> S wellValues(S statement, String name, String field, String type, Double depth, String location,
                                                           Actor actor, Instant now) {
        return statement.bind("name", name).bind("field", field).bind("type", type).bind("depth", depth).bind("location", location)
                .bind("now", Timestamp.from(now)).bind("actor", actor.name());
    }

    private static final String INSERT_CAMPAIGN_WELL = """
            INSERT INTO campaign_well (campaign_id, well_id, rig_id, planned_start, duration_days, status, actual_start, actual_end,
                                       npt_days, extras, hole, updated_at, updated_by)
            VALUES (:campaign, :well, :rig, :start, :days, :status, :astart, :aend, :npt, CAST(:extras AS jsonb), :hole, :now, :actor)""";

    /** A campaign well's fields as the insert and the update name them. */
    private static <S extends SqlStatement<S>> S campaignWellValues(S statement, CampaignWellFields f, Actor actor, Instant now) {
        return statement.bind("campaign", f.campaign()).bind("well", f.well()).bind("rig", f.rig()).bind("start", f.plannedStart())
                .bind("days", f.durationDays()).bind("status", f.status()).bind("astart", f.actualStart()).bind("aend", f.actualEnd())
                .bind("npt", f.nptDays()).bind("extras", json(f.extras())).bind("hole", f.hole()).bind("now", Timestamp.from(now))
                .bind("actor", actor.name());
    }

    private static final String INSERT_DEPENDENCY = "INSERT INTO campaign_dependency (well_id, predecessor_id, lag_days) VALUES (:w, :p, :lag)";

    private static Optional<CampaignWellRow> campaignWell(Handle h, long id) {
        List<Dependency> deps = h.createQuery("SELECT * FROM campaign_dependency WHERE well_id = :id ORDER BY predecessor_id").bind("id", id)
                .map((rs, ctx) -> new Dependency(rs.getLong("predecessor_id"), rs.getDouble("lag_days"))).list();
        return h.createQuery("SELECT * FROM campaign_well WHERE id = :id").bind("id", id).map((rs, ctx) -> campaignWell(rs, deps)).findOne();
    }

    // ---- import

    /** A row changed meanwhile (between the check and the write): the import stored nothing. */
    public static final class StaleImport extends RuntimeException {
        StaleImport(String what) {
            super(what + " was changed meanwhile: nothing was imported; check the sheet again", null, false, false);
        }
    }

    /** An import's operations, all or none, in one transaction; each row audited as {@code plan.import.*}. */
    void applyImport(long scenario, PlanImport.Ops ops, Actor actor, Instant now) {
        db.useTransaction(h -> {
            for (PlanImport.RigOp r : ops.rigs()) {
                Optional<Edit<RigRow>> e = putRig(h, r.id(), r.name(), r.dayRate(), r.currency(), r.status(), r.available(), r.version(), actor, now,
                        "plan.import.rig.");
                if (e.isEmpty() || e.get() instanceof Edit.Stale<RigRow>) {
                    throw new StaleImport("rig " + r.id());
                }
            }
            List<PlanImport.WellOp> newWells = ops.wells().stream().filter(w -> w.id() == null).toList();
            if (!newWells.isEmpty()) {
                // thousands at once: one batch of inserts, one of audit rows
                var insert = h.prepareBatch(INSERT_WELL);
                for (PlanImport.WellOp w : newWells) {
                    wellValues(insert, w.name(), w.field(), w.type(), w.depth(), w.location(), actor, now).add();
                }
                List<WellRow> rows = insert.executePreparedBatch("*").map((rs, ctx) -> well(rs)).list();
                Audit.recordAll(h, now, actor, rows.stream().map(w -> new Audit.Entry("plan.import.well.create", "well", w.id(), null, w)).toList());
            }
            for (PlanImport.WellOp w : ops.wells()) {
                if (w.id() == null) {
                    continue;
                } else if (!(updateWell(h, w.id(), w.version(), w.name(), w.field(), w.type(), w.depth(), w.location(), actor, now,
                        "plan.import.well.update").orElseThrow(() -> new StaleImport("well " + w.name())) instanceof Edit.Done<WellRow>)) {
                    throw new StaleImport("well " + w.name());
                }
            }
            if (ops.campaignWells().isEmpty()) {
                return;
            }
            Full full = full(h, scenario(h, scenario, " FOR UPDATE").orElseThrow());
            Map<String, Long> campaigns = new HashMap<>();
            full.campaigns().forEach(c -> campaigns.put(c.name(), c.id()));
            for (String name : ops.newCampaigns()) {
                CampaignRow c = h.createQuery("INSERT INTO campaign (scenario_id, name) VALUES (:s, :name) RETURNING *").bind("s", scenario).bind("name", name)
                        .map((rs, ctx) -> campaign(rs)).one();
                Audit.record(h, now, actor, "plan.import.campaign.create", "campaign", c.id(), null, c);
                campaigns.put(name, c.id());
            }
            Map<String, Long> idOfWell = new HashMap<>();
            Map<Long, String> names = new HashMap<>();
            h.createQuery("SELECT id, name FROM well").map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).forEach(e -> names.put(e.getKey(), e.getValue()));
            full.wells().forEach(w -> idOfWell.put(names.get(w.well()), w.id()));
            // the new ones first, in one batch (their ids are what the dependencies point to)
            List<PlanImport.CampaignWellOp> fresh = ops.campaignWells().stream().filter(op -> op.id() == null).toList();
            Map<PlanImport.CampaignWellOp, Long> created = new LinkedHashMap<>();
            if (!fresh.isEmpty()) {
                var insert = h.prepareBatch(INSERT_CAMPAIGN_WELL);
                for (PlanImport.CampaignWellOp op : fresh) {
                    campaignWellValues(insert, fields(op, campaigns, List.of()), actor, now).add();
                }
                List<Long> ids = insert.executePreparedBatch("id").mapTo(Long.class).list();
                for (int i = 0; i < fresh.size(); i++) {
                    created.put(fresh.get(i), ids.get(i));
                    idOfWell.put(fresh.get(i).wellName(), ids.get(i));
                }
            }
            boolean approved = full.scenario().status().equals("approved");
            var dependencies = h.prepareBatch(INSERT_DEPENDENCY);
            int dependencyRows = 0;
            List<Audit.Entry> audits = new java.util.ArrayList<>();
            for (PlanImport.CampaignWellOp op : ops.campaignWells()) {
                List<Dependency> deps = op.after().entrySet().stream().map(e -> new Dependency(idOfWell.get(e.getKey()), e.getValue())).toList();
                if (op.id() == null) {
                    long id = created.get(op);
                    for (Dependency d : deps) {
                        dependencies.bind("w", id).bind("p", d.predecessor()).bind("lag", d.lagDays()).add();
                        dependencyRows++;
                    }
                    CampaignWellFields f = fields(op, campaigns, deps);
                    // the row as inserted (version 1), not read back
                    CampaignWellRow row = new CampaignWellRow(id, f.campaign(), f.well(), f.rig(), f.plannedStart(), f.durationDays(), f.status(),
                            f.actualStart(), f.actualEnd(), f.nptDays(), f.extras(), deps, f.hole(), 1);
                    audits.add(new Audit.Entry("plan.import.campaign_well.create", "campaign_well", id, null, row));
                    if (approved) {
                        tellChange(h, null, row, actor, now);
                    }
                } else if (!(updateCampaignWell(h, op.id(), op.version(), fields(op, campaigns, deps), actor, now, "plan.import.campaign_well.update")
                        .orElseThrow(() -> new StaleImport("campaign well " + op.id())) instanceof Edit.Done<CampaignWellRow>)) {
                    throw new StaleImport("campaign well " + op.id() + " (" + op.wellName() + ")");
                }
            }
            if (dependencyRows > 0) {
                dependencies.execute();
            }
            Audit.recordAll(h, now, actor, audits);
        });
    }

    /** An imported row's fields; what the sheet does not carry (actual dates, extras) stays as it was. */
    private static CampaignWellFields fields(PlanImport.CampaignWellOp op, Map<String, Long> campaigns, List<Dependency> deps) {
        CampaignWellRow b = op.before();
        return new CampaignWellFields(campaigns.get(op.campaign()), op.well(), op.rig(), op.plannedStart(), op.days(), op.status(),
                b == null ? null : b.actualStart(), b == null ? null : b.actualEnd(), op.nptDays(), b == null ? List.of() : b.extras(), deps, op.hole());
    }

    // ---- comments

    public record Comment(long id, long campaignWell, String author, Instant at, String body) {
    }

    public List<Comment> comments(long scenario) {
        return db.read(h -> h.createQuery("""
                        SELECT m.* FROM plan_comment m JOIN campaign_well w ON w.id = m.campaign_well_id JOIN campaign c ON c.id = w.campaign_id
                        WHERE c.scenario_id = :s ORDER BY m.campaign_well_id, m.id""").bind("s", scenario).map((rs, ctx) -> comment(rs)).list());
    }

    public Optional<Comment> comment(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM plan_comment WHERE id = :id").bind("id", id).map((rs, ctx) -> comment(rs)).findOne());
    }

    public Comment addComment(long campaignWell, String body, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Comment c = h.createQuery("""
                            INSERT INTO plan_comment (campaign_well_id, author, created_at, body) VALUES (:w, :author, :now, :body) RETURNING *""")
                    .bind("w", campaignWell).bind("author", actor.name()).bind("now", Timestamp.from(now)).bind("body", body)
                    .map((rs, ctx) -> comment(rs)).one();
            Audit.record(h, now, actor, "plan.comment.create", "plan_comment", c.id(), null, c);
            return c;
        });
    }

    public void deleteComment(Comment c, Actor actor, Instant now) {
        db.useTransaction(h -> {
            h.createUpdate("DELETE FROM plan_comment WHERE id = :id").bind("id", c.id()).execute();
            Audit.record(h, now, actor, "plan.comment.delete", "plan_comment", c.id(), c, null);
        });
    }

    private static Comment comment(ResultSet rs) throws SQLException {
        return new Comment(rs.getLong("id"), rs.getLong("campaign_well_id"), rs.getString("author"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("body"));
    }

    // ---- subscribers and the emails about changes of an approved schedule

    public List<String> subscribers(long scenario) {
        return db.read(h -> h.createQuery("SELECT username FROM scenario_subscriber WHERE scenario_id = :s ORDER BY username").bind("s", scenario)
                .mapTo(String.class).list());
    }

    public void subscribe(long scenario, String username, boolean on, Actor actor, Instant now) {
        db.useTransaction(h -> {
            int n = on ? h.createUpdate("INSERT INTO scenario_subscriber (scenario_id, username, since) VALUES (:s, :u, :now) ON CONFLICT DO NOTHING")
                    .bind("s", scenario).bind("u", username).bind("now", Timestamp.from(now)).execute()
                    : h.createUpdate("DELETE FROM scenario_subscriber WHERE scenario_id = :s AND username = :u").bind("s", scenario).bind("u", username)
                    .execute();
            if (n > 0) {
                Audit.record(h, now, actor, on ? "plan.subscribe" : "plan.unsubscribe", "scenario", scenario, null, Map.of("username", username));
            }
        });
    }

    /**
     * In the change's transaction: when {@code scenario} is approved (or {@code always}: it just was, or was just
     * replaced), every subscriber's waiting email gets {@code change}; one who has none gets a new one, due {@code delay}
     * after now (changes made meanwhile join it). True when anyone is to be told.
     */
    static boolean tell(Handle h, long scenario, boolean always, String change, Actor actor, Instant now, java.time.Duration delay) {
        if (!always && !h.createQuery("SELECT status = 'approved' FROM scenario WHERE id = :s").bind("s", scenario).mapTo(Boolean.class)
                .findOne().orElse(false)) {
            return false;
        }
        String entry = json(Map.of("at", now.toString(), "by", actor.name(), "change", change));
        int n = h.createUpdate("""
                        INSERT INTO plan_notification (scenario_id, recipient, created_at, changes, next_attempt)
                        SELECT :s, username, :now, jsonb_build_array(CAST(:entry AS jsonb)), :due FROM scenario_subscriber WHERE scenario_id = :s
                        ON CONFLICT (scenario_id, recipient) WHERE status = 'pending'
                        DO UPDATE SET changes = plan_notification.changes || EXCLUDED.changes""")
                .bind("s", scenario).bind("now", Timestamp.from(now)).bind("entry", entry).bind("due", Timestamp.from(now.plus(delay))).execute();
        return n > 0;
    }

    public record Notification(long id, long scenario, String scenarioName, String recipient, List<Map<String, Object>> changes, int attempts) {
    }

    /** The oldest email due, locked for its sending in {@code h}'s transaction (two hubs never send one twice). */
    static Optional<Notification> nextNotification(Handle h, Instant now) {
        return h.createQuery("""
                        SELECT n.id, n.scenario_id, s.name, n.recipient, n.changes, n.attempts FROM plan_notification n JOIN scenario s ON s.id = n.scenario_id
                        WHERE n.status = 'pending' AND n.next_attempt <= :now ORDER BY n.id LIMIT 1 FOR UPDATE OF n SKIP LOCKED""")
                .bind("now", Timestamp.from(now))
                .map((rs, ctx) -> new Notification(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        parse(rs.getString(5), new TypeReference<List<Map<String, Object>>>() { }), rs.getInt(6))).findOne();
    }

    static void notificationDone(Handle h, long id, String status, String error, Instant next, Instant now) {
        h.createUpdate("""
                        UPDATE plan_notification SET status = :status, attempts = attempts + 1, last_error = :error,
                               next_attempt = coalesce(CAST(:next AS timestamptz), next_attempt), sent_at = CAST(:sent AS timestamptz)
                        WHERE id = :id""")
                .bind("status", status).bind("error", error).bind("next", next == null ? null : Timestamp.from(next))
                .bind("sent", status.equals("sent") ? Timestamp.from(now) : null).bind("id", id).execute();
    }

    Database database() {
        return db;
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

    private static CampaignRow campaign(ResultSet rs) throws SQLException {
        return new CampaignRow(rs.getLong("id"), rs.getLong("scenario_id"), rs.getString("name"), rs.getInt("version"));
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
