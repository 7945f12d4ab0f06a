package io.derrick.hub.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.db.JsonColumn;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.report.ApprovalFlow.Status;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shift reports' tables: the only place with their SQL. Every write carries its audit row in its transaction, and
 * tells {@link Changes} (the dashboard's tables) of the rig-day it changed, in that transaction too.
 */
public final class ReportRepository {
    /** Told of each report write, in its transaction: the rig and the shift's date. */
    public interface Changes {
        Changes NONE = (h, rig, day) -> { };

        void changed(Handle h, String rig, LocalDate day);
    }

    private final Database db;
    private final Changes changes;

    public ReportRepository(Database db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    /** A report's header as stored. */
    public record Header(long id, String rig, LocalDate date, ShiftWindow.Type type, ShiftWindow window, String client, Status status,
                         int version, SensorProposal.Measured measured, List<Finding> findings, int score, String contentHash,
                         Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {
    }

    public record HistoryEntry(Instant at, String actor, String actorName, String action, String from, String to, String comment) {
    }

    public record Stored(Header header, ReportContent content, List<HistoryEntry> history) {
    }

    /** A line of a list: the header and its totals. */
    public record Summary(long id, String rig, LocalDate date, String shiftType, String client, String status, int score,
                          double metres, double manHours, int warnings, Instant updatedAt) {
    }

    /**
     * Which reports a list or an export takes. {@code rigs}, {@code client}, {@code shiftType}, {@code statuses},
     * {@code hole}: null for any. {@code warningsOnly}: those whose last check left a warning; {@code byScore}: the
     * lowest quality score first (the managers' exceptions), else the newest first. {@code seen}: the statuses the
     * caller may see at all (a client's user: from the manager's approval on), null for all; the counts keep to it too.
     */
    public record Filter(LocalDate from, LocalDate to, List<String> rigs, String client, String shiftType, List<String> statuses, String hole,
                         boolean warningsOnly, boolean byScore, int limit, int offset, List<String> seen) {
    }

    public record Page(List<Summary> items, long total, Map<String, Long> counts) {
    }

    // ---- codes, materials, supervisors

    public Map<String, ActivityCode> codes() {
        return db.read(this::codes);
    }

    Map<String, ActivityCode> codes(Handle h) {
        Map<String, ActivityCode> out = new LinkedHashMap<>();
        h.createQuery("SELECT code, label, productive, rig_state, builtin FROM activity_code ORDER BY builtin DESC, code")
                .map((rs, ctx) -> new ActivityCode(rs.getString("code"), rs.getString("label"), rs.getBoolean("productive"),
                        rs.getString("rig_state"), rs.getBoolean("builtin")))
                .forEach(c -> out.put(c.code(), c));
        return out;
    }

    /** Adds a contractor's code; false when the code exists. */
    public boolean addCode(ActivityCode code, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            int n = h.createUpdate("""
                            INSERT INTO activity_code (code, label, productive, rig_state, builtin)
                            VALUES (:code, :label, :productive, :state, false) ON CONFLICT (code) DO NOTHING""")
                    .bind("code", code.code()).bind("label", code.label()).bind("productive", code.productive())
                    .bind("state", code.rigState()).execute();
            if (n == 1) {
                Audit.record(h, now, actor, "report.code.create", "activity_code", code.code(), null, code);
            }
            return n == 1;
        });
    }

    public record MaterialEntry(String name, String unit) {
    }

    public List<MaterialEntry> materials() {
        return db.read(h -> h.createQuery("SELECT name, unit FROM material ORDER BY lower(name)")
                .map((rs, ctx) -> new MaterialEntry(rs.getString("name"), rs.getString("unit"))).list());
    }

    public boolean isSupervisorOf(long userId, String rig) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM rig_supervisor WHERE rig_id = :rig AND user_id = :user")
                .bind("rig", rig).bind("user", userId).mapTo(Long.class).one() > 0);
    }

    /** The rigs a user supervises. */
    public List<String> rigsOf(long userId) {
        return db.read(h -> h.createQuery("SELECT rig_id FROM rig_supervisor WHERE user_id = :user ORDER BY rig_id")
                .bind("user", userId).mapTo(String.class).list());
    }

    public List<String> supervisors(String rig) {
        return db.read(h -> h.createQuery("""
                        SELECT u.username FROM rig_supervisor s JOIN app_user u ON u.id = s.user_id WHERE s.rig_id = :rig ORDER BY u.username""")
                .bind("rig", rig).mapTo(String.class).list());
    }

    /** Sets who supervises a rig; the usernames that are no supervisor (or unknown) are returned and nothing is changed. */
    public List<String> setSupervisors(String rig, List<String> usernames, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Map<String, Long> ids = new LinkedHashMap<>();
            h.createQuery("SELECT username, id FROM app_user WHERE username = ANY (:names) AND 'supervisor' = ANY (roles) AND NOT disabled")
                    .bindArray("names", String.class, usernames)
                    .map((rs, ctx) -> Map.entry(rs.getString("username"), rs.getLong("id"))).forEach(e -> ids.put(e.getKey(), e.getValue()));
            List<String> unknown = usernames.stream().filter(u -> !ids.containsKey(u)).toList();
            if (!unknown.isEmpty()) {
                return unknown;
            }
            List<String> before = h.createQuery("""
                            SELECT u.username FROM rig_supervisor s JOIN app_user u ON u.id = s.user_id WHERE s.rig_id = :rig ORDER BY u.username""")
                    .bind("rig", rig).mapTo(String.class).list();
            h.createUpdate("DELETE FROM rig_supervisor WHERE rig_id = :rig").bind("rig", rig).execute();
            for (long id : ids.values()) {
                h.createUpdate("INSERT INTO rig_supervisor (rig_id, user_id) VALUES (:rig, :user)").bind("rig", rig).bind("user", id).execute();
            }
            Audit.record(h, now, actor, "report.supervisors.set", "rig", rig, Map.of("supervisors", before),
                    Map.of("supervisors", usernames.stream().sorted().toList()));
            return List.of();
        });
    }

    // ---- reports

    /** The id of the report of this rig, date and shift type, if there is one. */
    public Optional<Long> idOf(String rig, LocalDate date, ShiftWindow.Type type) {
        return db.read(h -> h.createQuery("SELECT id FROM shift_report WHERE rig_id = :rig AND shift_date = :date AND shift_type = :type")
                .bind("rig", rig).bind("date", date).bind("type", type.wire()).mapTo(Long.class).findOne());
    }

    /** Where each hole of the rig stood at the end of its last shift before {@code before}. */
    public Map<String, ReportRules.LastDepth> lastDepths(String rig, Instant before) {
        Map<String, ReportRules.LastDepth> out = new LinkedHashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT DISTINCT ON (p.hole) p.hole, p.to_depth, r.shift_date, r.shift_type
                        FROM shift_progress p JOIN shift_report r ON r.id = p.report_id
                        WHERE r.rig_id = :rig AND r.starts_at < :before
                        ORDER BY p.hole, r.starts_at DESC, p.to_depth DESC""")
                .bind("rig", rig).bind("before", Timestamp.from(before))
                .map((rs, ctx) -> Map.entry(rs.getString("hole"), new ReportRules.LastDepth(rs.getDouble("to_depth"),
                        rs.getObject("shift_date", LocalDate.class), ShiftWindow.Type.parse(rs.getString("shift_type")))))
                .list()).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The hole the rig drilled last, for a new report's first row. */
    public Optional<String> lastHole(String rig, Instant before) {
        return db.read(h -> h.createQuery("""
                        SELECT p.hole FROM shift_progress p JOIN shift_report r ON r.id = p.report_id
                        WHERE r.rig_id = :rig AND r.starts_at < :before ORDER BY r.starts_at DESC, p.position DESC LIMIT 1""")
                .bind("rig", rig).bind("before", Timestamp.from(before)).mapTo(String.class).findOne());
    }

    /** Creates a draft; empty when the rig already has the report of this date and shift (another tablet was first). */
    public Optional<Long> create(String rig, ShiftWindow w, String client, ReportContent content, SensorProposal.Measured measured,
                                 ReportRules.Result checked, String hash, Actor actor, Instant now) {
        return db.inTransaction(h -> create(h, new New(rig, w, client, content, measured, checked, hash), actor, now, false));
    }

    /** A report to store: its shift, its content and what the sensors and the rules said of it. */
    public record New(String rig, ShiftWindow window, String client, ReportContent content, SensorProposal.Measured measured,
                      ReportRules.Result checked, String hash) {
    }

    /** One of a bulk's shifts has a report already: nothing of the bulk was stored. */
    public static final class Exists extends RuntimeException {
        public final int index;

        Exists(int index) {
            super("shift " + index + " exists", null, false, false);
            this.index = index;
        }
    }

    /** Stores the reports of a bulk in one transaction: all of them, or none when one of their shifts has a report already. */
    public List<Long> createAll(List<New> reports, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            List<Long> ids = new ArrayList<>(reports.size());
            for (int i = 0; i < reports.size(); i++) {
                int index = i;
                ids.add(create(h, reports.get(i), actor, now, true).orElseThrow(() -> new Exists(index)));
            }
            return ids;
        });
    }

    private Optional<Long> create(Handle h, New n, Actor actor, Instant now, boolean bulk) {
        ShiftWindow w = n.window();
        Optional<Long> id = h.createQuery("""
                        INSERT INTO shift_report (rig_id, shift_date, shift_type, starts_at, ends_at, time_zone, client_id, measured,
                                                  findings, quality_score, content_hash, created_at, created_by, updated_at, updated_by)
                        VALUES (:rig, :date, :type, :start, :end, :zone, :client, CAST(:measured AS jsonb), CAST(:findings AS jsonb),
                                :score, :hash, :now, :actor, :now, :actor)
                        ON CONFLICT (rig_id, shift_date, shift_type) DO NOTHING RETURNING id""")
                .bind("rig", n.rig()).bind("date", w.date()).bind("type", w.type().wire()).bind("start", Timestamp.from(w.start()))
                .bind("end", Timestamp.from(w.end())).bind("zone", w.zone().getId()).bind("client", n.client())
                .bind("measured", json(n.measured())).bind("findings", json(n.checked().findings())).bind("score", n.checked().score())
                .bind("hash", n.hash()).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                .mapTo(Long.class).findOne();
        if (id.isPresent()) {
            writeContent(h, id.get(), w, n.content(), actor, now);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("rig", n.rig());
            after.put("date", w.date().toString());
            after.put("shiftType", w.type().wire());
            if (bulk) {
                after.put("bulk", true);
                after.put("content", n.content());
            }
            Audit.record(h, now, actor, "report.create", "shift_report", id.get(), null, after);
            changes.changed(h, n.rig(), w.date());
        }
        return id;
    }

    public Optional<Stored> find(long id) {
        return db.read(h -> find(h, id));
    }

    private Optional<Stored> find(Handle h, long id) {
        return find(h, id, "");
    }

    /** {@code lock}: "" or " FOR UPDATE" (a save holds the row until it commits). */
    private Optional<Stored> find(Handle h, long id, String lock) {
        return h.createQuery(FULL + " WHERE r.id = :id" + lock).bind("id", id).map((rs, ctx) -> stored(rs)).findOne();
    }

    /**
     * A report with all its rows in one round trip: the row itself, and each section's rows (and the approvals) as a
     * JSON array of arrays, in their order.
     */
    private static final String FULL = """
            SELECT r.*,
              (SELECT json_agg(json_build_array(role, name, hours) ORDER BY position) FROM shift_crew WHERE report_id = r.id) AS x_crew,
              (SELECT json_agg(json_build_array(hole, core_size, from_depth, to_depth, starts_at, ends_at, core_recovered, casing_size, remarks)
                      ORDER BY position) FROM shift_progress WHERE report_id = r.id) AS x_progress,
              (SELECT json_agg(json_build_array(code, starts_at, ends_at, description) ORDER BY position) FROM shift_activity WHERE report_id = r.id) AS x_activity,
              (SELECT json_agg(json_build_array(name, quantity, unit, remarks) ORDER BY position) FROM shift_material WHERE report_id = r.id) AS x_material,
              (SELECT json_agg(json_build_array(depth, dip, azimuth, tool, remarks) ORDER BY position) FROM shift_survey WHERE report_id = r.id) AS x_survey,
              (SELECT json_agg(json_build_array(size, from_depth, to_depth) ORDER BY position) FROM shift_casing WHERE report_id = r.id) AS x_casing,
              (SELECT json_agg(json_build_array(at, actor, actor_name, action, from_status, to_status, comment) ORDER BY at, id)
                      FROM approval_history WHERE report_id = r.id) AS x_history
            FROM shift_report r""";

    private static Stored stored(ResultSet rs) throws SQLException {
        Header hd = header(rs);
        ShiftWindow w = hd.window();
        List<ReportContent.Crew> crew = rows(rs, "x_crew", a -> new ReportContent.Crew(a.get(0).asText(), a.get(1).asText(), a.get(2).asDouble()));
        List<ReportContent.Progress> progress = rows(rs, "x_progress", a -> new ReportContent.Progress(a.get(0).asText(), a.get(1).asText(),
                a.get(2).asDouble(), a.get(3).asDouble(), w.local(instant(a.get(4))), w.local(instant(a.get(5))),
                a.get(6).isNull() ? null : a.get(6).asDouble(), text(a.get(7)), text(a.get(8))));
        List<ReportContent.Activity> activities = rows(rs, "x_activity", a -> new ReportContent.Activity(a.get(0).asText(),
                w.local(instant(a.get(1))), w.local(instant(a.get(2))), text(a.get(3))));
        List<ReportContent.Material> materials = rows(rs, "x_material", a -> new ReportContent.Material(a.get(0).asText(), a.get(1).asDouble(),
                a.get(2).asText(), text(a.get(3))));
        List<ReportContent.Survey> surveys = rows(rs, "x_survey", a -> new ReportContent.Survey(a.get(0).asDouble(), a.get(1).asDouble(),
                a.get(2).asDouble(), text(a.get(3)), text(a.get(4))));
        List<ReportContent.Casing> casing = rows(rs, "x_casing", a -> new ReportContent.Casing(a.get(0).asText(), a.get(1).asDouble(), a.get(2).asDouble()));
        List<HistoryEntry> history = rows(rs, "x_history", a -> new HistoryEntry(instant(a.get(0)), a.get(1).asText(), a.get(2).asText(),
                a.get(3).asText(), a.get(4).asText(), a.get(5).asText(), text(a.get(6))));
        ReportContent content = new ReportContent(rs.getString("location"), rs.getBoolean("standby"), rs.getString("standby_reason"),
                rs.getDouble("standby_hours"), rs.getString("remarks"), crew, progress, activities, materials, surveys, casing);
        return new Stored(hd, content, history);
    }

    private static <T> List<T> rows(ResultSet rs, String column, java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, T> row)
            throws SQLException {
        String json = rs.getString(column);
        if (json == null) {
            return List.of();
        }
        try {
            List<T> out = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode a : Jsons.MAPPER.readTree(json)) {
                out.add(row.apply(a));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report's " + column + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** A timestamptz as PostgreSQL writes it into JSON: 2026-11-30T06:00:00+00:00. */
    private static Instant instant(com.fasterxml.jackson.databind.JsonNode n) {
        return java.time.OffsetDateTime.parse(n.asText()).toInstant();
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** A report's header alone (who may do what with it), without its rows. */
    public Optional<Header> header(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM shift_report WHERE id = :id").bind("id", id).map((rs, ctx) -> header(rs)).findOne());
    }

    /** What became of a save: stored (with the new version), unchanged (the same content again), or stale (someone saved first). */
    public sealed interface Saved {
        record Done(Stored report) implements Saved {
        }

        record Stale(Stored current) implements Saved {
        }

        record Locked(Stored current) implements Saved {
        }
    }

    /**
     * Replaces the report's content when {@code version} is the stored one and the report is editable; the same content
     * sent again (a retry after a lost answer) is stored once and answered as saved.
     */
    public Optional<Saved> save(long id, int version, ReportContent content, ReportRules.Result checked, String hash, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<Stored> current = find(h, id, " FOR UPDATE");
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Header hd = current.get().header();
            if (hash.equals(hd.contentHash()) && (version == hd.version() || version == hd.version() - 1)) {
                return Optional.of(new Saved.Done(current.get()));
            }
            if (!hd.status().editable()) {
                return Optional.of(new Saved.Locked(current.get()));
            }
            if (version != hd.version()) {
                return Optional.of(new Saved.Stale(current.get()));
            }
            // the header's typed fields are written with the rows (writeContent); here what the save itself changes
            h.createUpdate("""
                            UPDATE shift_report SET findings = CAST(:findings AS jsonb), quality_score = :score, content_hash = :hash,
                                   version = version + 1, updated_at = :now, updated_by = :actor
                            WHERE id = :id""")
                    .bind("findings", json(checked.findings()))
                    .bind("score", checked.score()).bind("hash", hash).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                    .bind("id", id).execute();
            // the rows are rewritten: one statement removes them all
            h.createUpdate("""
                            WITH crew AS (DELETE FROM shift_crew WHERE report_id = :id), progress AS (DELETE FROM shift_progress WHERE report_id = :id),
                                 activity AS (DELETE FROM shift_activity WHERE report_id = :id), material AS (DELETE FROM shift_material WHERE report_id = :id),
                                 survey AS (DELETE FROM shift_survey WHERE report_id = :id)
                            DELETE FROM shift_casing WHERE report_id = :id""").bind("id", id).execute();
            writeContent(h, id, hd.window(), content, actor, now);
            // the report as it now is, without reading it back: the rows are what was written, the header what the UPDATE set
            Header updated = new Header(hd.id(), hd.rig(), hd.date(), hd.type(), hd.window(), hd.client(), hd.status(), hd.version() + 1,
                    hd.measured(), checked.findings(), checked.score(), hash, hd.createdAt(), hd.createdBy(), now, actor.name());
            Stored after = new Stored(updated, content, current.get().history());
            Audit.record(h, now, actor, "report.update", "shift_report", id, current.get().content(), content);
            changes.changed(h, hd.rig(), hd.date());
            return Optional.of(new Saved.Done(after));
        });
    }

    /** Stores the sensors' figures measured again, with the findings and score they give the report as it stands. */
    /** The drafts whose shift is on at {@code at} or ended less than {@code after} before it. */
    public List<Long> openDrafts(Instant at, java.time.Duration after) {
        return db.read(h -> h.createQuery("""
                        SELECT id FROM shift_report WHERE status = 'draft' AND starts_at <= :at AND ends_at > :ended ORDER BY id""")
                .bind("at", Timestamp.from(at)).bind("ended", Timestamp.from(at.minus(after))).mapTo(Long.class).list());
    }

    public boolean remeasure(long id, SensorProposal.Measured measured, ReportRules.Result checked, Actor actor, Instant now) {
        return db.inTransaction(h -> {
            Optional<Map.Entry<String, LocalDate>> day = h.createQuery("""
                            UPDATE shift_report SET measured = CAST(:measured AS jsonb), findings = CAST(:findings AS jsonb), quality_score = :score,
                                   updated_at = :now, updated_by = :actor WHERE id = :id RETURNING rig_id, shift_date""")
                    .bind("measured", json(measured)).bind("findings", json(checked.findings())).bind("score", checked.score())
                    .bind("now", Timestamp.from(now)).bind("actor", actor.name()).bind("id", id).map(ReportRepository::rigDay).findOne();
            day.ifPresent(d -> {
                Audit.record(h, now, actor, "report.measure", "shift_report", id, null,
                        Map.of("metres", measured.metres(), "coverage", measured.coverage()));
                changes.changed(h, d.getKey(), d.getValue());
            });
            return day.isPresent();
        });
    }

    /** Moves the report from {@code from} to {@code to} (when it is still in {@code from}), with its history and audit rows. */
    public boolean transition(long id, Status from, Status to, ApprovalFlow.Action action, String comment, Actor actor, String actorName, Instant now) {
        return db.inTransaction(h -> {
            Optional<Map.Entry<String, LocalDate>> day = h.createQuery("""
                            UPDATE shift_report SET status = :to, updated_at = :now, updated_by = :actor WHERE id = :id AND status = :from
                            RETURNING rig_id, shift_date""")
                    .bind("to", to.wire()).bind("from", from.wire()).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                    .bind("id", id).map(ReportRepository::rigDay).findOne();
            if (day.isEmpty()) {
                return false;
            }
            changes.changed(h, day.get().getKey(), day.get().getValue());
            h.createUpdate("""
                            INSERT INTO approval_history (report_id, at, actor, actor_name, action, from_status, to_status, comment)
                            VALUES (:id, :now, :actor, :name, :action, :from, :to, :comment)""")
                    .bind("id", id).bind("now", Timestamp.from(now)).bind("actor", actor.name())
                    .bind("name", actorName).bind("action", action.history()).bind("from", from.wire()).bind("to", to.wire())
                    .bind("comment", comment).execute();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", to.wire());
            after.put("comment", comment);
            Audit.record(h, now, actor, "report." + action.history(), "shift_report", id, Map.of("status", from.wire()), after);
            return true;
        });
    }

    private static Map.Entry<String, LocalDate> rigDay(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return Map.entry(rs.getString("rig_id"), rs.getObject("shift_date", LocalDate.class));
    }

    public Page list(Filter f) {
        String where = where(f, false);
        String statusWhere = f.statuses() == null ? "" : " AND r.status = ANY (:statuses)";  // the counts per status ignore it
        return db.read(h -> {
            List<Summary> items = bind(h.createQuery("""
                            SELECT r.id, r.rig_id, r.shift_date, r.shift_type, r.client_id, r.status, r.quality_score, r.updated_at,
                                   (SELECT coalesce(sum(to_depth - from_depth), 0) FROM shift_progress p WHERE p.report_id = r.id) AS metres,
                                   (SELECT coalesce(sum(hours), 0) FROM shift_crew c WHERE c.report_id = r.id) AS man_hours,
                                   (SELECT count(*) FROM jsonb_array_elements(r.findings) e WHERE e->>'severity' = 'warning') AS warnings
                            FROM shift_report r""" + where + statusWhere + " " + """
                             ORDER BY""" + (f.byScore() ? " r.quality_score, r.shift_date DESC" : " r.shift_date DESC") + """
                            , r.rig_id, r.shift_type LIMIT :limit OFFSET :offset"""), f)
                    .bind("limit", f.limit()).bind("offset", f.offset())
                    .map((rs, ctx) -> new Summary(rs.getLong("id"), rs.getString("rig_id"), rs.getObject("shift_date", LocalDate.class),
                            rs.getString("shift_type"), rs.getString("client_id"), rs.getString("status"), rs.getInt("quality_score"),
                            ReportView.r(rs.getDouble("metres")), ReportView.r(rs.getDouble("man_hours")), rs.getInt("warnings"), rs.getTimestamp("updated_at").toInstant()))
                    .list();
            long total = bind(h.createQuery("SELECT count(*) FROM shift_report r" + where + statusWhere), f).mapTo(Long.class).one();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Status s : Status.values()) {
                counts.put(s.wire(), 0L);
            }
            bind(h.createQuery("SELECT r.status, count(*) AS n FROM shift_report r" + where + " GROUP BY r.status"), f)
                    .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n"))).forEach(e -> counts.put(e.getKey(), e.getValue()));
            return new Page(items, total, counts);
        });
    }

    /** The WHERE of a filter over {@code shift_report r}; the status only when {@code withStatus}. */
    private static String where(Filter f, boolean withStatus) {
        StringBuilder where = new StringBuilder(" WHERE r.shift_date BETWEEN :from AND :to");
        if (f.rigs() != null) {
            where.append(" AND r.rig_id = ANY (:rigs)");
        }
        if (f.client() != null) {
            where.append(" AND r.client_id = :client");
        }
        if (f.shiftType() != null) {
            where.append(" AND r.shift_type = :type");
        }
        if (f.hole() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM shift_progress p WHERE p.report_id = r.id AND p.hole = :hole)");
        }
        if (f.seen() != null) {
            where.append(" AND r.status = ANY (:seen)");
        }
        if (f.warningsOnly()) {
            where.append(" AND r.findings @> '[{\"severity\": \"warning\"}]'");
        }
        if (withStatus && f.statuses() != null) {
            where.append(" AND r.status = ANY (:statuses)");
        }
        return where.toString();
    }

    private static Query bind(Query q, Filter f) {
        q.bind("from", f.from()).bind("to", f.to());
        if (f.rigs() != null) {
            q.bindArray("rigs", String.class, f.rigs());
        }
        if (f.client() != null) {
            q.bind("client", f.client());
        }
        if (f.shiftType() != null) {
            q.bind("type", f.shiftType());
        }
        if (f.hole() != null) {
            q.bind("hole", f.hole());
        }
        if (f.statuses() != null) {
            q.bindArray("statuses", String.class, f.statuses());
        }
        if (f.seen() != null) {
            q.bindArray("seen", String.class, f.seen());
        }
        return q;
    }

    /** How a bill of quantities is cut: the whole range in one, or a line per day or per calendar month (the invoice). */
    public enum Period {
        RANGE(null), DAY("r.shift_date"), MONTH("CAST(date_trunc('month', r.shift_date) AS date)");

        private final String sql;

        Period(String sql) {
            this.sql = sql;
        }

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Period parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * A bill of quantities line: metres by period, client, rig, hole and core size (the billable item), with the
     * number of reports behind it. {@code period}: the first day of the line's day or month; null for a whole range.
     */
    public record BoqLine(LocalDate period, String client, String rig, String hole, String coreSize, double metres, long shifts) {
    }

    public record BoqStandby(LocalDate period, String client, String rig, double hours, long shifts) {
    }

    public record BoqMaterial(LocalDate period, String client, String rig, String name, String unit, double quantity) {
    }

    public record Boq(List<BoqLine> metres, List<BoqStandby> standby, List<BoqMaterial> materials) {
    }

    /** {@code statuses}: the reports counted (null: all). */
    public Boq boq(LocalDate from, LocalDate to, List<String> rigs, String client, List<String> statuses, Period period) {
        String where = " WHERE r.shift_date BETWEEN :from AND :to" + (rigs == null ? "" : " AND r.rig_id = ANY (:rigs)")
                + (client == null ? "" : " AND r.client_id = :client") + (statuses == null ? "" : " AND r.status = ANY (:statuses)");
        String select = period.sql == null ? "CAST(NULL AS date) AS period" : period.sql + " AS period";
        String group = period.sql == null ? "" : period.sql + ", ";
        String order = period.sql == null ? "" : "period, ";
        return db.read(h -> {
            java.util.function.Function<String, Query> q = sql -> {
                Query query = h.createQuery(sql).bind("from", from).bind("to", to);
                if (rigs != null) {
                    query.bindArray("rigs", String.class, rigs);
                }
                if (client != null) {
                    query.bind("client", client);
                }
                if (statuses != null) {
                    query.bindArray("statuses", String.class, statuses);
                }
                return query;
            };
            List<BoqLine> metres = q.apply("SELECT " + select + """
                            , r.client_id, r.rig_id, p.hole, p.core_size, sum(p.to_depth - p.from_depth) AS metres,
                                   count(DISTINCT r.id) AS shifts
                            FROM shift_progress p JOIN shift_report r ON r.id = p.report_id""" + where
                            + " GROUP BY " + group + "r.client_id, r.rig_id, p.hole, p.core_size ORDER BY " + order
                            + "r.client_id NULLS LAST, r.rig_id, p.hole, p.core_size")
                    .map((rs, ctx) -> new BoqLine(rs.getObject("period", LocalDate.class), rs.getString("client_id"), rs.getString("rig_id"),
                            rs.getString("hole"), rs.getString("core_size"), ReportView.r(rs.getDouble("metres")), rs.getLong("shifts"))).list();
            List<BoqStandby> standby = q.apply("SELECT " + select + """
                            , r.client_id, r.rig_id, sum(r.standby_hours) AS hours, count(*) AS shifts
                            FROM shift_report r""" + where + " AND r.standby_hours > 0 GROUP BY " + group + "r.client_id, r.rig_id ORDER BY "
                            + order + "r.client_id NULLS LAST, r.rig_id")
                    .map((rs, ctx) -> new BoqStandby(rs.getObject("period", LocalDate.class), rs.getString("client_id"), rs.getString("rig_id"),
                            ReportView.r(rs.getDouble("hours")), rs.getLong("shifts"))).list();
            List<BoqMaterial> materials = q.apply("SELECT " + select + """
                            , r.client_id, r.rig_id, m.name, m.unit, sum(m.quantity) AS quantity
                            FROM shift_material m JOIN shift_report r ON r.id = m.report_id""" + where
                            + " GROUP BY " + group + "r.client_id, r.rig_id, m.name, m.unit ORDER BY " + order + "r.client_id NULLS LAST, r.rig_id, m.name")
                    .map((rs, ctx) -> new BoqMaterial(rs.getObject("period", LocalDate.class), rs.getString("client_id"), rs.getString("rig_id"),
                            rs.getString("name"), rs.getString("unit"), rs.getDouble("quantity"))).list();
            return new Boq(metres, standby, materials);
        });
    }

    /** The reports of a filter with all their rows, oldest first, for the range exports (at most {@code f.limit()}). */
    public List<Stored> findAll(Filter f) {
        String where = where(f, true);
        return db.read(h -> bind(h.createQuery(FULL + where + " ORDER BY r.shift_date, r.rig_id, r.shift_type LIMIT :limit"), f)
                .bind("limit", f.limit()).map((rs, ctx) -> stored(rs)).list());
    }

    // ---- rows

    private void writeContent(Handle h, long id, ShiftWindow w, ReportContent c, Actor actor, Instant now) {
        h.createUpdate("""
                        UPDATE shift_report SET location = :location, standby = :standby, standby_reason = :reason, standby_hours = :hours,
                               remarks = :remarks WHERE id = :id""")
                .bind("location", c.location()).bind("standby", c.standby()).bind("reason", c.standbyReason())
                .bind("hours", c.standbyHours()).bind("remarks", c.remarks()).bind("id", id).execute();
        var crew = h.prepareBatch("INSERT INTO shift_crew (report_id, position, role, name, hours) VALUES (:id, :pos, :role, :name, :hours)");
        for (int i = 0; i < c.crew().size(); i++) {
            ReportContent.Crew m = c.crew().get(i);
            crew.bind("id", id).bind("pos", i).bind("role", m.role()).bind("name", m.name()).bind("hours", m.hours()).add();
        }
        execute(crew, c.crew().size());
        var progress = h.prepareBatch("""
                INSERT INTO shift_progress (report_id, position, hole, core_size, from_depth, to_depth, starts_at, ends_at, core_recovered,
                                            casing_size, remarks)
                VALUES (:id, :pos, :hole, :size, :from, :to, :start, :end, :recovered, :casing, :remarks)""");
        for (int i = 0; i < c.progress().size(); i++) {
            ReportContent.Progress p = c.progress().get(i);
            progress.bind("id", id).bind("pos", i).bind("hole", p.hole()).bind("size", p.coreSize()).bind("from", p.fromDepth())
                    .bind("to", p.toDepth()).bind("start", Timestamp.from(w.at(p.start()))).bind("end", Timestamp.from(w.at(p.end())))
                    .bind("recovered", p.coreRecovered()).bind("casing", p.casingSize()).bind("remarks", p.remarks()).add();
        }
        execute(progress, c.progress().size());
        Map<String, ActivityCode> codes = codes(h);
        var activities = h.prepareBatch("""
                INSERT INTO shift_activity (report_id, position, code, label, productive, starts_at, ends_at, description)
                VALUES (:id, :pos, :code, :label, :productive, :start, :end, :description)""");
        for (int i = 0; i < c.activities().size(); i++) {
            ReportContent.Activity a = c.activities().get(i);
            ActivityCode code = codes.get(a.code());
            activities.bind("id", id).bind("pos", i).bind("code", a.code()).bind("label", code.label()).bind("productive", code.productive())
                    .bind("start", Timestamp.from(w.at(a.start()))).bind("end", Timestamp.from(w.at(a.end()))).bind("description", a.description()).add();
        }
        execute(activities, c.activities().size());
        // the catalogue grows as people type: a new name is added with its unit
        var catalogue = h.prepareBatch("INSERT INTO material (name, unit, added_at, added_by) VALUES (:name, :unit, :now, :actor) ON CONFLICT (name) DO NOTHING");
        var materials = h.prepareBatch("INSERT INTO shift_material (report_id, position, name, quantity, unit, remarks) VALUES (:id, :pos, :name, :qty, :unit, :remarks)");
        for (int i = 0; i < c.materials().size(); i++) {
            ReportContent.Material m = c.materials().get(i);
            catalogue.bind("name", m.name()).bind("unit", m.unit()).bind("now", Timestamp.from(now)).bind("actor", actor.name()).add();
            materials.bind("id", id).bind("pos", i).bind("name", m.name()).bind("qty", m.quantity()).bind("unit", m.unit()).bind("remarks", m.remarks()).add();
        }
        execute(catalogue, c.materials().size());
        execute(materials, c.materials().size());
        var surveys = h.prepareBatch("INSERT INTO shift_survey (report_id, position, depth, dip, azimuth, tool, remarks) VALUES (:id, :pos, :depth, :dip, :az, :tool, :remarks)");
        for (int i = 0; i < c.surveys().size(); i++) {
            ReportContent.Survey s = c.surveys().get(i);
            surveys.bind("id", id).bind("pos", i).bind("depth", s.depth()).bind("dip", s.dip()).bind("az", s.azimuth()).bind("tool", s.tool())
                    .bind("remarks", s.remarks()).add();
        }
        execute(surveys, c.surveys().size());
        var casing = h.prepareBatch("INSERT INTO shift_casing (report_id, position, size, from_depth, to_depth) VALUES (:id, :pos, :size, :from, :to)");
        for (int i = 0; i < c.casing().size(); i++) {
            ReportContent.Casing k = c.casing().get(i);
            casing.bind("id", id).bind("pos", i).bind("size", k.size()).bind("from", k.fromDepth()).bind("to", k.toDepth()).add();
        }
        execute(casing, c.casing().size());
    }

    private static void execute(org.jdbi.v3.core.statement.PreparedBatch batch, int rows) {
        if (rows > 0) {
            batch.execute();
        }
    }

    private static Header header(ResultSet rs) throws SQLException {
        ZoneId zone = ZoneId.of(rs.getString("time_zone"));
        LocalDate date = rs.getObject("shift_date", LocalDate.class);
        ShiftWindow.Type type = ShiftWindow.Type.parse(rs.getString("shift_type"));
        ShiftWindow w = new ShiftWindow(date, type, zone, rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant());
        return new Header(rs.getLong("id"), rs.getString("rig_id"), date, type, w, rs.getString("client_id"), Status.parse(rs.getString("status")),
                rs.getInt("version"), parse(rs.getString("measured"), new TypeReference<SensorProposal.Measured>() { }),
                parse(rs.getString("findings"), new TypeReference<List<Finding>>() { }), rs.getInt("quality_score"), rs.getString("content_hash"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"));
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        return JsonColumn.read(json, type, "a stored report's JSON column");
    }

    static String json(Object value) {
        return JsonColumn.write(value);
    }
}
