package io.derrick.hub.equipment;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.derrick.hub.equipment.EquipmentRepository.instant;
import static io.derrick.hub.equipment.EquipmentRepository.json;
import static io.derrick.hub.equipment.EquipmentRepository.toJson;

/** Maintenance schedules, work orders with their history, and incidents with theirs. */
public final class MaintenanceRepository {
    private final Database db;

    MaintenanceRepository(Database db) {
        this.db = db;
    }

    // ---- schedules

    public record ScheduleRow(long id, long equipment, String rig, String equipmentName, String name, String basis, Integer everyDays,
                              Double everyHours, Double rulBelowHours, LocalDate lastDoneOn, Double lastDoneHours,
                              boolean autoWorkOrder, boolean active, int version, Instant createdAt, Long openWorkOrder) {
    }

    public record ScheduleFields(long equipment, String name, String basis, Integer everyDays, Double everyHours,
                                 Double rulBelowHours, LocalDate lastDoneOn, Double lastDoneHours, boolean autoWorkOrder, boolean active) {
    }

    private static final String SCHEDULES = """
            SELECT s.*, e.rig_id, e.name AS equipment_name,
                   (SELECT w.id FROM work_order w WHERE w.schedule_id = s.id AND w.status IN ('scheduled', 'in_progress')) AS open_wo
            FROM maintenance_schedule s JOIN equipment e ON e.id = s.equipment_id
            """;

    private static ScheduleRow schedule(ResultSet rs) throws SQLException {
        java.sql.Date last = rs.getDate("last_done_on");
        Long open = (Long) rs.getObject("open_wo");
        return new ScheduleRow(rs.getLong("id"), rs.getLong("equipment_id"), rs.getString("rig_id"), rs.getString("equipment_name"),
                rs.getString("name"), rs.getString("basis"), (Integer) rs.getObject("every_days"), (Double) rs.getObject("every_hours"),
                (Double) rs.getObject("rul_below_hours"), last == null ? null : last.toLocalDate(), (Double) rs.getObject("last_done_hours"),
                rs.getBoolean("auto_work_order"), rs.getBoolean("active"), rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                open);
    }

    public List<ScheduleRow> schedules(Collection<String> rigs) {
        return db.read(h -> h.createQuery(SCHEDULES + " WHERE e.rig_id = ANY (:rigs) ORDER BY e.rig_id, e.name, s.name")
                .bindArray("rigs", String.class, List.copyOf(rigs)).map((rs, ctx) -> schedule(rs)).list());
    }

    public Optional<ScheduleRow> schedule(long id) {
        return db.read(h -> schedule(h, id, ""));
    }

    private static Optional<ScheduleRow> schedule(Handle h, long id, String lock) {
        return h.createQuery(SCHEDULES + " WHERE s.id = :id" + lock).bind("id", id).map((rs, ctx) -> schedule(rs)).findOne();
    }

    public ScheduleRow createSchedule(ScheduleFields f, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            long id = h.createQuery("""
                            INSERT INTO maintenance_schedule (equipment_id, name, basis, every_days, every_hours, rul_below_hours,
                                   last_done_on, last_done_hours, auto_work_order, active, created_at, created_by)
                            VALUES (:equipment, :name, :basis, :everyDays, :everyHours, :rulBelowHours, :lastDoneOn, :lastDoneHours,
                                    :autoWorkOrder, :active, :now, :actor) RETURNING id""")
                    .bindMethods(f).bind("now", Timestamp.from(now)).bind("actor", actor.name()).mapTo(Long.class).one();
            ScheduleRow s = schedule(h, id, "").orElseThrow();
            Audit.record(h, now, actor, "maintenance.schedule.create", "maintenance_schedule", id, null, s);
            return s;
        });
    }

    public Optional<EquipmentRepository.Edit<ScheduleRow>> updateSchedule(long id, int version, ScheduleFields f, Actor actor, Instant now) {
        return EquipmentRepository.edit(db, h -> schedule(h, id, " FOR UPDATE OF s"), ScheduleRow::version, version, (h, before) -> {
            h.createUpdate("""
                            UPDATE maintenance_schedule SET name = :name, basis = :basis, every_days = :everyDays, every_hours = :everyHours,
                                   rul_below_hours = :rulBelowHours, last_done_on = :lastDoneOn, last_done_hours = :lastDoneHours,
                                   auto_work_order = :autoWorkOrder, active = :active, version = version + 1
                            WHERE id = :id""").bindMethods(f).bind("id", id).execute();
            ScheduleRow after = schedule(h, id, "").orElseThrow();
            Audit.record(h, now, actor, "maintenance.schedule.update", "maintenance_schedule", id, before, after);
            return after;
        });
    }

    /** Every active schedule (for the due check). */
    public List<ScheduleRow> activeSchedules() {
        return db.read(h -> h.createQuery(SCHEDULES + " WHERE s.active ORDER BY s.id").map((rs, ctx) -> schedule(rs)).list());
    }

    // ---- work orders

    public record Part(String part, double quantity, Double unitCost) {
    }

    public record Change(Instant at, String by, String from, String to, String note) {
    }

    public record WorkOrder(long id, long equipment, String rig, String equipmentName, Long schedule, String type, String description,
                            String status, LocalDate scheduledOn, LocalDate completedOn, String performedBy, List<Map<String, Object>> parts,
                            BigDecimal cost, Double hoursAtCompletion, boolean shareable, int version, Instant createdAt, String createdBy,
                            List<Change> history) {
    }

    public record WorkOrderFields(long equipment, Long schedule, String type, String description, LocalDate scheduledOn,
                                  String performedBy, List<Part> parts, BigDecimal cost, boolean shareable) {
    }

    private static final String WORK_ORDERS = """
            SELECT w.*, e.rig_id, e.name AS equipment_name,
                   (SELECT coalesce(json_agg(json_build_object('at', ev.at, 'by', ev.by_user, 'from', ev.from_status, 'to', ev.to_status,
                                                               'note', ev.note) ORDER BY ev.id), '[]')
                    FROM work_order_event ev WHERE ev.work_order_id = w.id) AS history
            FROM work_order w JOIN equipment e ON e.id = w.equipment_id
            """;

    private static WorkOrder workOrder(ResultSet rs) throws SQLException {
        java.sql.Date done = rs.getDate("completed_on");
        long schedule = rs.getLong("schedule_id");
        Long scheduleId = rs.wasNull() ? null : schedule;
        return new WorkOrder(rs.getLong("id"), rs.getLong("equipment_id"), rs.getString("rig_id"), rs.getString("equipment_name"),
                scheduleId, rs.getString("type"), rs.getString("description"), rs.getString("status"),
                rs.getDate("scheduled_on").toLocalDate(), done == null ? null : done.toLocalDate(), rs.getString("performed_by"),
                json(rs.getString("parts")), rs.getBigDecimal("cost"), (Double) rs.getObject("hours_at_completion"),
                rs.getBoolean("shareable"), rs.getInt("version"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                changes(rs.getString("history")));
    }

    private static List<Change> changes(String json) {
        List<Map<String, Object>> list = json(json);
        return list.stream().map(m -> new Change(Instant.parse(normalise((String) m.get("at"))), (String) m.get("by"), (String) m.get("from"),
                (String) m.get("to"), (String) m.get("note"))).toList();
    }

    /** PostgreSQL's JSON timestamps ("2026-12-01T10:00:00+00:00") as an ISO instant. */
    private static String normalise(String ts) {
        return java.time.OffsetDateTime.parse(ts).toInstant().toString();
    }

    public List<WorkOrder> workOrders(Collection<String> rigs, boolean sharedOnly, Long equipment) {
        return db.read(h -> h.createQuery(WORK_ORDERS + """
                         WHERE e.rig_id = ANY (:rigs) AND (NOT :shared OR (w.shareable AND e.shareable))
                           AND (CAST(:equipment AS bigint) IS NULL OR w.equipment_id = :equipment)
                        ORDER BY w.scheduled_on DESC, w.id DESC LIMIT 2000""")
                .bindArray("rigs", String.class, List.copyOf(rigs)).bind("shared", sharedOnly).bind("equipment", equipment)
                .map((rs, ctx) -> workOrder(rs)).list());
    }

    public Optional<WorkOrder> workOrder(long id) {
        return db.read(h -> workOrder(h, id, ""));
    }

    private static Optional<WorkOrder> workOrder(Handle h, long id, String lock) {
        return h.createQuery(WORK_ORDERS + " WHERE w.id = :id" + lock).bind("id", id).map((rs, ctx) -> workOrder(rs)).findOne();
    }

    public WorkOrder createWorkOrder(WorkOrderFields f, Actor actor, Instant now) {
        return db.inTransaction(h -> createWorkOrder(h, f, actor, now, null));
    }

    static WorkOrder createWorkOrder(Handle h, WorkOrderFields f, Actor actor, Instant now, String note) {
        long id = h.createQuery("""
                        INSERT INTO work_order (equipment_id, schedule_id, type, description, status, scheduled_on, performed_by, parts,
                                                cost, shareable, created_at, created_by)
                        VALUES (:equipment, :schedule, :type, :description, 'scheduled', :scheduledOn, :performedBy, CAST(:parts AS jsonb),
                                :cost, :shareable, :now, :actor) RETURNING id""")
                .bindMethods(f).bind("parts", toJson(f.parts())).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                .mapTo(Long.class).one();
        event(h, "work_order_event", "work_order_id", id, now, actor, null, "scheduled", note);
        WorkOrder w = workOrder(h, id, "").orElseThrow();
        Audit.record(h, now, actor, "maintenance.work_order.create", "work_order", id, null, w);
        return w;
    }

    public Optional<EquipmentRepository.Edit<WorkOrder>> updateWorkOrder(long id, int version, WorkOrderFields f, Actor actor, Instant now) {
        return EquipmentRepository.edit(db, h -> workOrder(h, id, " FOR UPDATE OF w"), WorkOrder::version, version, (h, before) -> {
            h.createUpdate("""
                            UPDATE work_order SET type = :type, description = :description, scheduled_on = :scheduledOn,
                                   performed_by = :performedBy, parts = CAST(:parts AS jsonb), cost = :cost, shareable = :shareable,
                                   version = version + 1
                            WHERE id = :id""").bindMethods(f).bind("parts", toJson(f.parts())).bind("id", id).execute();
            WorkOrder after = workOrder(h, id, "").orElseThrow();
            Audit.record(h, now, actor, "maintenance.work_order.update", "work_order", id, before, after);
            return after;
        });
    }

    /**
     * Moves a work order to {@code to} if it is still at {@code version}; completing one with a schedule resets the
     * schedule (done today, at the equipment's running hours now).
     */
    public Optional<EquipmentRepository.Edit<WorkOrder>> move(long id, int version, String to, String note, LocalDate completedOn,
                                                              double runningHours, Actor actor, Instant now) {
        return EquipmentRepository.edit(db, h -> workOrder(h, id, " FOR UPDATE OF w"), WorkOrder::version, version, (h, b) -> {
            boolean completing = to.equals("completed");
            h.createUpdate("""
                            UPDATE work_order SET status = :to, version = version + 1,
                                   completed_on = CASE WHEN :completing THEN CAST(:completedOn AS date) ELSE NULL END,
                                   hours_at_completion = CASE WHEN :completing THEN CAST(:hours AS double precision) ELSE NULL END,
                                   performed_by = CASE WHEN :completing THEN coalesce(performed_by, :actor) ELSE performed_by END
                            WHERE id = :id""")
                    .bind("to", to).bind("completing", completing).bind("completedOn", completedOn).bind("hours", runningHours)
                    .bind("actor", actor.name()).bind("id", id).execute();
            event(h, "work_order_event", "work_order_id", id, now, actor, b.status(), to, note);
            if (completing && b.schedule() != null) {
                Optional<ScheduleRow> sb = schedule(h, b.schedule(), " FOR UPDATE OF s");
                h.createUpdate("""
                                UPDATE maintenance_schedule SET last_done_on = :on, last_done_hours = :hours, version = version + 1
                                WHERE id = :id""").bind("on", completedOn).bind("hours", runningHours).bind("id", b.schedule()).execute();
                sb.ifPresent(s -> Audit.record(h, now, actor, "maintenance.schedule.reset", "maintenance_schedule", s.id(), s,
                        schedule(h, s.id(), "").orElseThrow()));
            }
            WorkOrder after = workOrder(h, id, "").orElseThrow();
            Audit.record(h, now, actor, "maintenance.work_order." + to, "work_order", id, b, after);
            return after;
        });
    }

    /** Opens the schedule's preventive work order unless one is open (the unique index keeps it to one across hubs). */
    public Optional<WorkOrder> openForSchedule(ScheduleRow s, LocalDate on, String why, Instant now) {
        return db.inTransaction(h -> {
            h.execute("SELECT pg_advisory_xact_lock(80, CAST(? AS int))", (int) s.id());
            if (h.createQuery("SELECT EXISTS (SELECT 1 FROM work_order WHERE schedule_id = :s AND status IN ('scheduled', 'in_progress'))")
                    .bind("s", s.id()).mapTo(Boolean.class).one()) {
                return Optional.<WorkOrder>empty();
            }
            return Optional.of(createWorkOrder(h, new WorkOrderFields(s.equipment(), s.id(), "preventive", s.name() + ": " + why, on, null,
                    List.of(), null, false), Actor.job("maintenance-due"), now, "opened by the schedule " + s.name()));
        });
    }

    private static void event(Handle h, String table, String key, long id, Instant at, Actor actor, String from, String to, String note) {
        h.createUpdate("INSERT INTO " + table + " (" + key + ", at, by_user, from_status, to_status, note) VALUES (:id, :at, :by, :from, :to, :note)")
                .bind("id", id).bind("at", Timestamp.from(at)).bind("by", actor.name()).bind("from", from).bind("to", to).bind("note", note)
                .execute();
    }

    // ---- incidents

    public record Incident(long id, String rig, Long equipment, String category, String severity, String title, String description,
                           Instant occurredAt, String reportedBy, String location, int injuries, String environmentalImpact,
                           boolean regulatorNotification, String status, String resolution, boolean shareable, Instant mailedAt,
                           int version, Instant createdAt, List<Change> history) {
    }

    public record IncidentFields(String rig, Long equipment, String category, String severity, String title, String description,
                                 Instant occurredAt, String location, int injuries, String environmentalImpact,
                                 boolean regulatorNotification, boolean shareable) {
    }

    private static final String INCIDENTS = """
            SELECT i.*,
                   (SELECT coalesce(json_agg(json_build_object('at', ev.at, 'by', ev.by_user, 'from', ev.from_status, 'to', ev.to_status,
                                                               'note', ev.note) ORDER BY ev.id), '[]')
                    FROM incident_event ev WHERE ev.incident_id = i.id) AS history
            FROM incident i
            """;

    private static Incident incident(ResultSet rs) throws SQLException {
        long e = rs.getLong("equipment_id");
        Long equipment = rs.wasNull() ? null : e;
        return new Incident(rs.getLong("id"), rs.getString("rig_id"), equipment, rs.getString("category"), rs.getString("severity"),
                rs.getString("title"), rs.getString("description"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("reported_by"),
                rs.getString("location"), rs.getInt("injuries"), rs.getString("environmental_impact"), rs.getBoolean("regulator_notification"),
                rs.getString("status"), rs.getString("resolution"), rs.getBoolean("shareable"), instant(rs, "mailed_at"), rs.getInt("version"),
                rs.getTimestamp("created_at").toInstant(), changes(rs.getString("history")));
    }

    public List<Incident> incidents(Collection<String> rigs, boolean sharedOnly) {
        return db.read(h -> h.createQuery(INCIDENTS + " WHERE i.rig_id = ANY (:rigs) AND (NOT :shared OR i.shareable) ORDER BY i.occurred_at DESC LIMIT 2000")
                .bindArray("rigs", String.class, List.copyOf(rigs)).bind("shared", sharedOnly).map((rs, ctx) -> incident(rs)).list());
    }

    public Optional<Incident> incident(long id) {
        return db.read(h -> incident(h, id, ""));
    }

    private static Optional<Incident> incident(Handle h, long id, String lock) {
        return h.createQuery(INCIDENTS + " WHERE i.id = :id" + lock).bind("id", id).map((rs, ctx) -> incident(rs)).findOne();
    }

    public Incident report(IncidentFields f, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            long id = h.createQuery("""
                            INSERT INTO incident (rig_id, equipment_id, category, severity, title, description, occurred_at, reported_by,
                                   location, injuries, environmental_impact, regulator_notification, status, shareable, mail_due, created_at)
                            VALUES (:rig, :equipment, :category, :severity, :title, :description, :occurredAt, :actor, :location, :injuries,
                                    :environmentalImpact, :regulatorNotification, 'reported', :shareable, :mailDue, :now) RETURNING id""")
                    .bindMethods(f).bind("occurredAt", Timestamp.from(f.occurredAt())).bind("actor", actor.name())
                    .bind("mailDue", f.severity().equals("critical")).bind("now", Timestamp.from(now)).mapTo(Long.class).one();
            event(h, "incident_event", "incident_id", id, now, actor, null, "reported", null);
            Incident i = incident(h, id, "").orElseThrow();
            Audit.record(h, now, actor, "incident.report", "incident", id, null, i);
            return i;
        });
    }

    public Optional<EquipmentRepository.Edit<Incident>> moveIncident(long id, int version, String to, String note, Actor actor, Instant now) {
        return EquipmentRepository.edit(db, h -> incident(h, id, " FOR UPDATE OF i"), Incident::version, version, (h, b) -> {
            h.createUpdate("""
                            UPDATE incident SET status = :to, version = version + 1,
                                   resolution = CASE WHEN :to = 'resolved' THEN :note ELSE resolution END
                            WHERE id = :id""").bind("to", to).bind("note", note).bind("id", id).execute();
            event(h, "incident_event", "incident_id", id, now, actor, b.status(), to, note);
            Incident after = incident(h, id, "").orElseThrow();
            Audit.record(h, now, actor, "incident." + to, "incident", id, b, after);
            return after;
        });
    }

    /** The next critical incident whose email is due, locked (SKIP LOCKED: another hub sends the others). */
    static Optional<Incident> nextMail(Handle h) {
        return h.createQuery(INCIDENTS + " WHERE i.mail_due ORDER BY i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED")
                .map((rs, ctx) -> incident(rs)).findOne();
    }

    static void mailed(Handle h, long id, Instant at) {
        h.createUpdate("UPDATE incident SET mail_due = false, mailed_at = :at WHERE id = :id").bind("id", id).bind("at", Timestamp.from(at)).execute();
    }

    Database db() {
        return db;
    }
}
