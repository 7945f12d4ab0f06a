package io.derrick.hub.kpi;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.equipment.EquipmentQuery;
import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.plan.PlanQuery;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.report.ReportQuery;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps the dashboard's tables (migration {@code db/kpi/V5.90.1}) current from the other features' query classes. The
 * only place that writes them. Each part is computed again from the source, never added to, so running it twice, or
 * on two hubs, gives the same rows:
 * <ul>
 * <li>the shifts of the rig-days the reports' writes marked stale ({@link KpiLedger});</li>
 * <li>the plan's targets and costs when the plan's fingerprint has changed;</li>
 * <li>the alarms of each rig's last {@link #RECENT_DAYS} days and the equipment downtime of its last {@link #DOWNTIME_DAYS};</li>
 * <li>everything, once after the migration (and on demand).</li>
 * </ul>
 */
final class KpiRefresh {
    static final int RECENT_DAYS = 2;
    static final int DOWNTIME_DAYS = 30;
    /** stale rig-days taken per transaction */
    static final int BATCH = 500;

    private final Database db;
    private final ReportQuery reports;
    private final PlanQuery plan;
    private final AlarmQuery alarms;
    private final EquipmentQuery equipment;
    private final FleetQuery fleet;

    KpiRefresh(Database db, ReportQuery reports, PlanQuery plan, AlarmQuery alarms, EquipmentQuery equipment, FleetQuery fleet) {
        this.db = db;
        this.reports = reports;
        this.plan = plan;
        this.alarms = alarms;
        this.equipment = equipment;
        this.fleet = fleet;
    }

    /** One refresh: a rebuild when none was ever made, else the stale rig-days, the plan when it changed, the recent days. */
    void refresh(Instant now) {
        if (db.read(h -> h.createQuery("SELECT rebuilt_at IS NULL FROM kpi_state").mapTo(Boolean.class).one())) {
            rebuild(now);
            return;
        }
        while (db.inTransaction(this::stale)) {
            // the next batch
        }
        db.useTransaction(h -> {
            String fingerprint = plan.fingerprint(h);
            String before = h.createQuery("SELECT plan_fingerprint FROM kpi_state FOR UPDATE").mapTo(String.class).findOne().orElse(null);
            if (!fingerprint.equals(before)) {
                planDays(h);
                shiftFields(h, plan.holeFields(h));
                h.createUpdate("UPDATE kpi_state SET plan_fingerprint = :f").bind("f", fingerprint).execute();
            }
        });
        db.useTransaction(h -> recent(h, now, RECENT_DAYS, DOWNTIME_DAYS));
    }

    /** Everything again from the sources, in one transaction; the shifts written. */
    int rebuild(Instant now) {
        return db.inTransaction(h -> {
            h.execute("SELECT 1 FROM kpi_state FOR UPDATE");
            h.execute("DELETE FROM kpi_stale");
            h.execute("DELETE FROM kpi_shift");
            h.execute("DELETE FROM kpi_rig_day");
            h.execute("DELETE FROM kpi_downtime");
            int n = writeShifts(h, reports.shifts(h, null, null), plan.holeFields(h));
            planDays(h);
            recent(h, now, -1, -1);
            h.createUpdate("UPDATE kpi_state SET plan_fingerprint = :f, rebuilt_at = :now").bind("f", plan.fingerprint(h))
                    .bind("now", java.sql.Timestamp.from(now)).execute();
            return n;
        });
    }

    /**
     * Takes up to {@link #BATCH} stale rig-days (skipping those another hub holds) and computes their shifts again;
     * false when there were none.
     */
    private boolean stale(Handle h) {
        Map<String, List<LocalDate>> byRig = new TreeMap<>();
        h.createQuery("""
                        DELETE FROM kpi_stale WHERE (rig_id, day) IN (SELECT rig_id, day FROM kpi_stale LIMIT :n FOR UPDATE SKIP LOCKED)
                        RETURNING rig_id, day""")
                .bind("n", BATCH)
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), rs.getObject("day", LocalDate.class)))
                .forEach(e -> byRig.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        if (byRig.isEmpty()) {
            return false;
        }
        Map<String, Map<String, String>> fields = plan.holeFields(h);
        for (var e : byRig.entrySet()) {
            h.createUpdate("DELETE FROM kpi_shift WHERE rig_id = :rig AND shift_date = ANY (:days)")
                    .bind("rig", e.getKey()).bindArray("days", LocalDate.class, e.getValue()).execute();
            writeShifts(h, reports.shifts(h, e.getKey(), e.getValue()), fields);
        }
        return true;
    }

    private static int writeShifts(Handle h, List<ReportQuery.ShiftFigures> shifts, Map<String, Map<String, String>> fields) {
        if (shifts.isEmpty()) {
            return 0;
        }
        PreparedBatch rows = h.prepareBatch("""
                INSERT INTO kpi_shift (report_id, rig_id, shift_date, shift_type, hole, field, status, shift_hours, metres,
                                       metres_measured, on_bottom_measured, drilling_hours, productive_hours, npt_hours, standby_hours,
                                       cored_metres, core_recovered, man_hours)
                VALUES (:id, :rig, :date, :type, :hole, :field, :status, :hours, :metres, :measured, :onBottom, :drilling,
                        :productive, :npt, :standby, :cored, :recovered, :manHours)""");
        PreparedBatch npt = h.prepareBatch("INSERT INTO kpi_npt (report_id, code, label, hours) VALUES (:id, :code, :label, :hours)");
        int nptRows = 0;
        for (ReportQuery.ShiftFigures s : shifts) {
            double drilling = 0;
            double productive = 0;
            double lost = 0;
            for (ReportQuery.ActivityHours a : s.activities()) {
                if ("drilling".equals(a.rigState())) {
                    drilling += a.hours();
                }
                if (a.productive()) {
                    productive += a.hours();
                } else {
                    lost += a.hours();
                    npt.bind("id", s.id()).bind("code", a.code()).bind("label", a.label()).bind("hours", a.hours()).add();
                    nptRows++;
                }
            }
            String field = s.hole() == null ? null : fields.getOrDefault(s.rig(), Map.of()).get(s.hole());
            rows.bind("id", s.id()).bind("rig", s.rig()).bind("date", s.date()).bind("type", s.shiftType())
                    .bind("hole", s.hole()).bind("field", field).bind("status", s.status()).bind("hours", s.shiftHours())
                    .bind("metres", s.metres()).bind("measured", s.measuredMetres()).bind("onBottom", s.onBottomMeasured())
                    .bind("drilling", drilling).bind("productive", productive).bind("npt", lost).bind("standby", s.standbyHours())
                    .bind("cored", s.cored()).bind("recovered", s.recovered()).bind("manHours", s.manHours()).add();
        }
        rows.execute();
        if (nptRows > 0) {
            npt.execute();
        }
        return shifts.size();
    }

    /** The plan's targets, extras and fields on every rig-day, and the planned rigs' day rates. */
    private void planDays(Handle h) {
        h.execute("UPDATE kpi_rig_day SET plan_metres = 0, planned = false, plan_wells = '{}', extras = 0, field = NULL "
                + "WHERE planned OR extras <> 0 OR field IS NOT NULL");
        Map<String, Map<LocalDate, KpiDays.PlanDay>> days = KpiDays.plan(plan.approvedWells(h));
        PreparedBatch upsert = h.prepareBatch("""
                INSERT INTO kpi_rig_day (rig_id, day, field, plan_metres, planned, plan_wells, extras)
                VALUES (:rig, :day, :field, :metres, true, :wells, :extras)
                ON CONFLICT (rig_id, day) DO UPDATE SET field = EXCLUDED.field, plan_metres = EXCLUDED.plan_metres, planned = true,
                    plan_wells = EXCLUDED.plan_wells, extras = EXCLUDED.extras""");
        int n = 0;
        for (var rig : days.entrySet()) {
            for (var d : rig.getValue().entrySet()) {
                upsert.bind("rig", rig.getKey()).bind("day", d.getKey()).bind("field", d.getValue().field())
                        .bind("metres", d.getValue().metres()).bindArray("wells", Long.class, d.getValue().wells())
                        .bind("extras", d.getValue().extras()).add();
                n++;
            }
        }
        if (n > 0) {
            upsert.execute();
        }
        h.execute("DELETE FROM kpi_rig");
        PreparedBatch rates = h.prepareBatch("INSERT INTO kpi_rig (rig_id, day_rate) VALUES (:rig, :rate)");
        Map<String, Double> dayRates = plan.dayRates(h);
        dayRates.forEach((rig, rate) -> rates.bind("rig", rig).bind("rate", rate).add());
        if (!dayRates.isEmpty()) {
            rates.execute();
        }
    }

    /** Each shift's field again, by its hole (rig → hole → field): the plan's wells changed. */
    private static void shiftFields(Handle h, Map<String, Map<String, String>> fields) {
        h.execute("UPDATE kpi_shift SET field = NULL WHERE field IS NOT NULL");
        PreparedBatch shiftFields = h.prepareBatch("UPDATE kpi_shift SET field = :field WHERE rig_id = :rig AND hole = :hole");
        int f = 0;
        for (var rig : fields.entrySet()) {
            for (var hole : rig.getValue().entrySet()) {
                shiftFields.bind("field", hole.getValue()).bind("rig", rig.getKey()).bind("hole", hole.getKey()).add();
                f++;
            }
        }
        if (f > 0) {
            shiftFields.execute();
        }
    }

    /**
     * The alarms of each rig's last {@code alarmDays} local days and the downtime of its last {@code downtimeDays}
     * (negative: all of them), counted again.
     */
    private void recent(Handle h, Instant now, int alarmDays, int downtimeDays) {
        List<EquipmentQuery.Downtime> downtimes = equipment.downtime(h, null,
                downtimeDays < 0 ? Instant.EPOCH : now.minus(java.time.Duration.ofDays(downtimeDays + 1)), now);
        Map<String, List<EquipmentQuery.Downtime>> downByRig = new LinkedHashMap<>();
        downtimes.forEach(d -> downByRig.computeIfAbsent(d.rig(), k -> new ArrayList<>()).add(d));
        for (FleetQuery.RigInfo rigInfo : fleet.rigs(h)) {
            String rig = rigInfo.id();
            ZoneId zone = rigInfo.timeZone();
            LocalDate today = LocalDate.ofInstant(now, zone);
            LocalDate alarmFrom = alarmDays >= 0 ? today.minusDays(alarmDays)
                    : Optional.ofNullable(alarms.firstRaised(h, rig)).map(i -> LocalDate.ofInstant(i, zone)).orElse(today);
            h.createUpdate("UPDATE kpi_rig_day SET alarms = 0 WHERE rig_id = :rig AND day >= :from AND alarms <> 0")
                    .bind("rig", rig).bind("from", alarmFrom).execute();
            Map<LocalDate, Integer> raised = alarms.raisedPerDay(h, rig, zone, alarmFrom, today);
            upsertDays(h, rig, raised, "alarms");

            List<EquipmentQuery.Downtime> down = downByRig.getOrDefault(rig, List.of());
            LocalDate downFrom = downtimeDays >= 0 ? today.minusDays(downtimeDays)
                    : down.stream().map(d -> LocalDate.ofInstant(d.from(), zone)).min(LocalDate::compareTo).orElse(today);
            h.createUpdate("UPDATE kpi_rig_day SET downtime_hours = 0 WHERE rig_id = :rig AND day >= :from AND downtime_hours <> 0")
                    .bind("rig", rig).bind("from", downFrom).execute();
            h.createUpdate("DELETE FROM kpi_downtime WHERE rig_id = :rig AND day >= :from").bind("rig", rig).bind("from", downFrom).execute();
            Map<LocalDate, Map<Long, KpiDays.Down>> byDay = KpiDays.downtime(down, zone, downFrom, today);
            if (byDay.isEmpty()) {
                continue;
            }
            Map<Long, String> names = new LinkedHashMap<>();
            down.forEach(d -> names.put(d.equipment(), d.equipmentName()));
            PreparedBatch units = h.prepareBatch("""
                    INSERT INTO kpi_downtime (rig_id, day, equipment_id, equipment, hours, work_orders, shared_hours, shared_orders)
                    VALUES (:rig, :day, :equipment, :name, :hours, :orders, :sharedHours, :sharedOrders)""");
            Map<LocalDate, Double> hours = new TreeMap<>();
            byDay.forEach((day, perUnit) -> perUnit.forEach((unit, d) -> {
                units.bind("rig", rig).bind("day", day).bind("equipment", unit).bind("name", Objects.requireNonNull(names.get(unit)))
                        .bind("hours", d.hours()).bindArray("orders", Long.class, d.workOrders())
                        .bind("sharedHours", d.sharedHours()).bindArray("sharedOrders", Long.class, d.sharedOrders()).add();
                hours.merge(day, d.hours(), Double::sum);
            }));
            units.execute();
            upsertDays(h, rig, hours, "downtime_hours");
        }
    }

    private static void upsertDays(Handle h, String rig, Map<LocalDate, ? extends Number> values, String column) {
        if (values.isEmpty()) {
            return;
        }
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO kpi_rig_day (rig_id, day, %1$s) VALUES (:rig, :day, :value)
                ON CONFLICT (rig_id, day) DO UPDATE SET %1$s = EXCLUDED.%1$s""".formatted(column));
        values.forEach((day, v) -> b.bind("rig", rig).bind("day", day).bind("value", v).add());
        b.execute();
    }
}
