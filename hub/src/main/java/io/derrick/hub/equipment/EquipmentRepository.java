package io.derrick.hub.equipment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Equipment, running hours, RUL models, jobs and predictions, schedules, work orders and incidents in PostgreSQL. */
public final class EquipmentRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final io.derrick.hub.fleet.FleetQuery fleet;

    EquipmentRepository(Database db, io.derrick.hub.fleet.FleetQuery fleet) {
        this.db = db;
        this.fleet = fleet;
    }

    Database db() {
        return db;
    }

    // ---- equipment

    public record Prediction(Instant at, double ageHours, double rulHours, double lowHours, double highHours, int modelVersion) {
    }

    public record Equipment(long id, String rig, String kind, String name, String make, String model, String serial,
                            LocalDate installedOn, double hoursAtInstall, String node, List<String> devices, String runChannel,
                            double runAbove, List<String> channels, boolean shareable, int version, double runningHours,
                            double hoursPerDay, Prediction rul) {
    }

    /** The fields an edit sets. */
    public record EquipmentFields(String rig, String kind, String name, String make, String model, String serial,
                                  LocalDate installedOn, double hoursAtInstall, String node, List<String> devices,
                                  String runChannel, double runAbove, List<String> channels, boolean shareable) {
    }

    private static final String EQUIPMENT = """
            SELECT e.*, e.hours_at_install + coalesce(hh.total, 0) AS running_hours, coalesce(hh.recent, 0) / 14.0 AS hours_per_day,
                   p.at AS p_at, p.age_hours, p.rul_hours, p.low_hours, p.high_hours, m.version AS model_version
            FROM equipment e
            LEFT JOIN LATERAL (SELECT sum(hours) AS total,
                                      sum(hours) FILTER (WHERE day > current_date - 14) AS recent
                               FROM equipment_hours WHERE equipment_id = e.id) hh ON true
            LEFT JOIN LATERAL (SELECT * FROM rul_prediction WHERE equipment_id = e.id ORDER BY at DESC LIMIT 1) p ON true
            LEFT JOIN rul_model m ON m.id = p.model_id
            """;

    public List<Equipment> equipment(Collection<String> rigs) {
        return db.read(h -> h.createQuery(EQUIPMENT + " WHERE e.rig_id = ANY (:rigs) ORDER BY e.rig_id, e.kind, e.name")
                .bindArray("rigs", String.class, List.copyOf(rigs)).map((rs, ctx) -> equipment(rs)).list());
    }

    public List<Equipment> allEquipment() {
        return db.read(h -> h.createQuery(EQUIPMENT + " ORDER BY e.rig_id, e.kind, e.name").map((rs, ctx) -> equipment(rs)).list());
    }

    public Optional<Equipment> equipment(long id) {
        return db.read(h -> equipment(h, id));
    }

    static Optional<Equipment> equipment(Handle h, long id) {
        return h.createQuery(EQUIPMENT + " WHERE e.id = :id").bind("id", id).map((rs, ctx) -> equipment(rs)).findOne();
    }

    public boolean nameTaken(String rig, String name, Long except) {
        return db.read(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM equipment WHERE rig_id = :rig AND name = :name AND id <> :except)")
                .bind("rig", rig).bind("name", name).bind("except", except == null ? -1 : except).mapTo(Boolean.class).one());
    }

    public boolean nodeExists(String rig, String node) {
        return db.read(h -> fleet.nodeExists(h, rig, node));
    }

    public List<String> allRigs() {
        return db.read(fleet::rigIds);
    }

    public boolean rigExists(String rig) {
        return db.read(h -> fleet.rig(h, rig).isPresent());
    }

    public Equipment createEquipment(EquipmentFields f, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            long id = h.createQuery("""
                            INSERT INTO equipment (rig_id, kind, name, make, model, serial, installed_on, hours_at_install, node_id,
                                                   devices, run_channel, run_above, channels, shareable, created_at, created_by)
                            VALUES (:rig, :kind, :name, :make, :model, :serial, :installedOn, :hoursAtInstall, :node, :devices,
                                    :runChannel, :runAbove, :channels, :shareable, :now, :actor) RETURNING id""")
                    .bindMethods(f).bindArray("devices", String.class, f.devices()).bindArray("channels", String.class, f.channels())
                    .bind("now", Timestamp.from(now)).bind("actor", actor.name()).mapTo(Long.class).one();
            Equipment e = equipment(h, id).orElseThrow();
            Audit.record(h, now, actor, "equipment.create", "equipment", id, null, e);
            return e;
        });
    }

    /** Empty: no such equipment; a stale version: the current row, unchanged. */
    public Optional<Edit<Equipment>> updateEquipment(long id, int version, EquipmentFields f, Actor actor, Instant now) {
        return edit(db, h -> h.createQuery(EQUIPMENT + " WHERE e.id = :id FOR UPDATE OF e").bind("id", id)
                .map((rs, ctx) -> equipment(rs)).findOne(), Equipment::version, version, (h, before) -> {
            h.createUpdate("""
                            UPDATE equipment SET kind = :kind, name = :name, make = :make, model = :model, serial = :serial,
                                   installed_on = :installedOn, hours_at_install = :hoursAtInstall, node_id = :node, devices = :devices,
                                   run_channel = :runChannel, run_above = :runAbove, channels = :channels, shareable = :shareable,
                                   version = version + 1
                            WHERE id = :id""")
                    .bindMethods(f).bindArray("devices", String.class, f.devices()).bindArray("channels", String.class, f.channels())
                    .bind("id", id).execute();
            Equipment after = equipment(h, id).orElseThrow();
            Audit.record(h, now, actor, "equipment.update", "equipment", id, before, after);
            return after;
        });
    }

    /** An edit's outcome: the row now, and whether the edit was refused as stale. */
    public record Edit<T>(T row, boolean stale) {
    }

    /** What a versioned edit does to its locked row: the change (audited), and the row after it. */
    interface Change<T> {
        T apply(Handle h, T before);
    }

    /**
     * A versioned edit in one transaction: the row read and locked; empty when there is none; the row unchanged, as
     * stale, when its version is not the one the edit started from; else the change's row.
     */
    static <T> Optional<Edit<T>> edit(Database db, java.util.function.Function<Handle, Optional<T>> locked,
                                      java.util.function.ToIntFunction<T> versionOf, int version, Change<T> change) {
        return db.inTransaction(h -> {
            Optional<T> before = locked.apply(h);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            if (versionOf.applyAsInt(before.get()) != version) {
                return Optional.of(new Edit<>(before.get(), true));
            }
            return Optional.of(new Edit<>(change.apply(h, before.get()), false));
        });
    }

    static Equipment equipment(ResultSet rs) throws SQLException {
        Timestamp pAt = rs.getTimestamp("p_at");
        Prediction p = pAt == null ? null : new Prediction(pAt.toInstant(), rs.getDouble("age_hours"), rs.getDouble("rul_hours"),
                rs.getDouble("low_hours"), rs.getDouble("high_hours"), rs.getInt("model_version"));
        java.sql.Date installed = rs.getDate("installed_on");
        return new Equipment(rs.getLong("id"), rs.getString("rig_id"), rs.getString("kind"), rs.getString("name"), rs.getString("make"),
                rs.getString("model"), rs.getString("serial"), installed == null ? null : installed.toLocalDate(),
                rs.getDouble("hours_at_install"), rs.getString("node_id"), texts(rs.getArray("devices")), rs.getString("run_channel"),
                rs.getDouble("run_above"), texts(rs.getArray("channels")), rs.getBoolean("shareable"), rs.getInt("version"),
                rs.getDouble("running_hours"), rs.getDouble("hours_per_day"), p);
    }

    static List<String> texts(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    // ---- running hours

    public void putHours(long equipment, LocalDate day, double hours) {
        db.useTransaction(h -> h.createUpdate("""
                        INSERT INTO equipment_hours (equipment_id, day, hours) VALUES (:e, :day, :hours)
                        ON CONFLICT (equipment_id, day) DO UPDATE SET hours = excluded.hours""")
                .bind("e", equipment).bind("day", day).bind("hours", Math.min(24, Math.max(0, hours))).execute());
    }

    public record DayHours(LocalDate day, double hours) {
    }

    public List<DayHours> hours(long equipment, int days) {
        return db.read(h -> h.createQuery("SELECT day, hours FROM equipment_hours WHERE equipment_id = :e AND day > current_date - :days ORDER BY day")
                .bind("e", equipment).bind("days", days).map((rs, ctx) -> new DayHours(rs.getDate("day").toLocalDate(), rs.getDouble("hours"))).list());
    }

    // ---- models, jobs, predictions

    public record ModelRow(long id, String kind, int version, String algorithm, List<String> features, List<String> channels,
                           String training, int units, Map<String, Object> metrics, double capHours, Instant trainedAt,
                           String trainedBy, boolean active) {
    }

    private static ModelRow model(ResultSet rs) throws SQLException {
        return new ModelRow(rs.getLong("id"), rs.getString("kind"), rs.getInt("version"), rs.getString("algorithm"),
                texts(rs.getArray("features")), texts(rs.getArray("channels")), rs.getString("training"), rs.getInt("units"),
                json(rs.getString("metrics")), rs.getDouble("cap_hours"), rs.getTimestamp("trained_at").toInstant(),
                rs.getString("trained_by"), rs.getBoolean("active"));
    }

    private static final String MODEL_COLUMNS = "id, kind, version, algorithm, features, channels, training, units, metrics, cap_hours, trained_at, trained_by, active";

    public List<ModelRow> models() {
        return db.read(h -> h.createQuery("SELECT " + MODEL_COLUMNS + " FROM rul_model ORDER BY kind, version DESC").map((rs, ctx) -> model(rs)).list());
    }

    /** The active model of a kind, with its bytes. */
    public Optional<Map.Entry<ModelRow, byte[]>> activeModel(String kind) {
        return db.read(h -> h.createQuery("SELECT " + MODEL_COLUMNS + ", model FROM rul_model WHERE kind = :kind AND active")
                .bind("kind", kind).map((rs, ctx) -> Map.entry(model(rs), rs.getBytes("model"))).findOne());
    }

    /** Whether some equipment has a node and an active model of its kind to score with. */
    public boolean anyScorable() {
        return db.read(h -> h.createQuery("""
                SELECT EXISTS (SELECT 1 FROM equipment e JOIN rul_model m ON m.kind = e.kind AND m.active
                               WHERE e.node_id IS NOT NULL AND e.channels @> m.channels)""")
                .mapTo(Boolean.class).one());
    }

    /** A kind needs training: no model trained since {@code since}, and no training of it open. */
    public boolean trainingDue(String kind, Instant since) {
        return db.read(h -> h.createQuery("""
                        SELECT NOT EXISTS (SELECT 1 FROM rul_model WHERE kind = :kind AND trained_at > :since)
                           AND NOT EXISTS (SELECT 1 FROM rul_job WHERE what = 'train' AND kind = :kind AND status IN ('pending', 'running'))""")
                .bind("kind", kind).bind("since", Timestamp.from(since)).mapTo(Boolean.class).one());
    }

    public Optional<byte[]> modelBytes(long id) {
        return db.read(h -> h.createQuery("SELECT model FROM rul_model WHERE id = :id").bind("id", id).mapTo(byte[].class).findOne());
    }

    public record Job(long id, String what, String kind, String status, Instant requestedAt, String requestedBy, Instant startedAt,
                      Instant finishedAt, int attempts, String outcome) {
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("what"), rs.getString("kind"), rs.getString("status"),
                rs.getTimestamp("requested_at").toInstant(), rs.getString("requested_by"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getInt("attempts"), rs.getString("outcome"));
    }

    public Job queueJob(String what, String kind, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Job j = h.createQuery("""
                            INSERT INTO rul_job (what, kind, status, requested_at, requested_by) VALUES (:what, :kind, 'pending', :now, :by)
                            RETURNING *""")
                    .bind("what", what).bind("kind", kind).bind("now", Timestamp.from(now)).bind("by", actor.name()).map((rs, ctx) -> job(rs)).one();
            Audit.record(h, now, actor, "equipment.rul." + what + ".request", "rul_job", j.id(), null, j);
            return j;
        });
    }

    public Optional<Job> job(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM rul_job WHERE id = :id").bind("id", id).map((rs, ctx) -> job(rs)).findOne());
    }

    public List<Job> jobs(int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM rul_job ORDER BY id DESC LIMIT :n").bind("n", limit).map((rs, ctx) -> job(rs)).list());
    }

    /** Marks a job running (a retry counts as another attempt); empty when it is done already. */
    public Optional<Job> startJob(long id, Instant now) {
        return db.inTransaction(h -> h.createQuery("""
                        UPDATE rul_job SET status = 'running', started_at = :now, attempts = attempts + 1
                        WHERE id = :id AND status IN ('pending', 'running') RETURNING *""")
                .bind("id", id).bind("now", Timestamp.from(now)).map((rs, ctx) -> job(rs)).findOne());
    }

    public List<Long> pendingJobsBefore(Instant before) {
        return db.read(h -> h.createQuery("SELECT id FROM rul_job WHERE status = 'pending' AND requested_at < :before ORDER BY id")
                .bind("before", Timestamp.from(before)).mapTo(Long.class).list());
    }

    /** Stores a job's outcome once: false when another run of it stored it already. */
    static boolean finishJob(Handle h, long id, boolean success, String outcome, Instant now) {
        int n = h.createUpdate("""
                        UPDATE rul_job SET status = :status, finished_at = :now, outcome = :outcome
                        WHERE id = :id AND status IN ('pending', 'running')""")
                .bind("id", id).bind("status", success ? "success" : "failed").bind("now", Timestamp.from(now)).bind("outcome", outcome).execute();
        if (n == 1) {
            Audit.record(h, now, Actor.job("rul-job"), "equipment.rul.job." + (success ? "success" : "failed"),
                    "rul_job", id, null, Map.of("outcome", outcome == null ? "" : outcome));
        }
        return n == 1;
    }

    public void failJob(long id, String why, Instant now) {
        db.useTransaction(h -> finishJob(h, id, false, why, now));
    }

    /** Stores a trained model as the next version of its kind, active, and the training job's outcome, in one transaction. */
    public Optional<ModelRow> storeModel(long job, String kind, String algorithm, List<String> features, List<String> channels, String training,
                                         int units, Map<String, Object> metrics, double cap, byte[] bytes, String by, Instant now) {
        return db.inTransaction(h -> {
            Integer locked = h.createQuery("SELECT 1 FROM rul_job WHERE id = :id AND status IN ('pending', 'running') FOR UPDATE")
                    .bind("id", job).mapTo(Integer.class).findOne().orElse(null);
            if (locked == null) {
                return Optional.<ModelRow>empty();
            }
            h.createUpdate("UPDATE rul_model SET active = false WHERE kind = :kind AND active").bind("kind", kind).execute();
            ModelRow m = h.createQuery("""
                            INSERT INTO rul_model (kind, version, algorithm, features, channels, training, units, metrics, cap_hours,
                                                   trained_at, trained_by, model, active)
                            VALUES (:kind, (SELECT coalesce(max(version), 0) + 1 FROM rul_model WHERE kind = :kind), :algorithm, :features,
                                    :channels, :training, :units, CAST(:metrics AS jsonb), :cap, :now, :by, :model, true)
                            RETURNING\s""" + MODEL_COLUMNS)
                    .bind("kind", kind).bind("algorithm", algorithm).bindArray("features", String.class, features)
                    .bindArray("channels", String.class, channels).bind("training", training).bind("units", units)
                    .bind("metrics", toJson(metrics)).bind("cap", cap).bind("now", Timestamp.from(now)).bind("by", by).bind("model", bytes)
                    .map((rs, ctx) -> model(rs)).one();
            finishJob(h, job, true, "model " + kind + " v" + m.version() + " (" + algorithm + ")", now);
            return Optional.of(m);
        });
    }

    public record Scored(long equipment, long model, double ageHours, double rul, double low, double high) {
    }

    /** Stores a scoring job's predictions and its outcome once, and gives each prediction to {@code after} in the same transaction. */
    public boolean storeScores(long job, List<Scored> scores, Instant now, java.util.function.BiConsumer<Handle, Scored> after) {
        return db.inTransaction(h -> {
            Integer locked = h.createQuery("SELECT 1 FROM rul_job WHERE id = :id AND status IN ('pending', 'running') FOR UPDATE")
                    .bind("id", job).mapTo(Integer.class).findOne().orElse(null);
            if (locked == null) {
                return false;
            }
            var batch = h.prepareBatch("""
                    INSERT INTO rul_prediction (job_id, equipment_id, model_id, at, age_hours, rul_hours, low_hours, high_hours)
                    VALUES (:job, :equipment, :model, :at, :ageHours, :rul, :low, :high) ON CONFLICT DO NOTHING""");
            for (Scored s : scores) {
                batch.bind("job", job).bindMethods(s).bind("at", Timestamp.from(now)).add();
            }
            if (!scores.isEmpty()) {
                batch.execute();
            }
            scores.forEach(s -> after.accept(h, s));
            finishJob(h, job, true, scores.size() + " equipment scored", now);
            return true;
        });
    }

    public List<Prediction> predictions(long equipment, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT p.at, p.age_hours, p.rul_hours, p.low_hours, p.high_hours, m.version FROM rul_prediction p
                        JOIN rul_model m ON m.id = p.model_id WHERE p.equipment_id = :e ORDER BY p.at DESC LIMIT :n""")
                .bind("e", equipment).bind("n", limit)
                .map((rs, ctx) -> new Prediction(rs.getTimestamp("at").toInstant(), rs.getDouble("age_hours"), rs.getDouble("rul_hours"),
                        rs.getDouble("low_hours"), rs.getDouble("high_hours"), rs.getInt("version"))).list());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T json(String s) {
        try {
            return s == null ? null : (T) JSON.readValue(s, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
