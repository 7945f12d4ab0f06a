package io.derrick.hub.equipment;

import io.derrick.hardware.simulator.PumpWear;
import io.derrick.hub.equipment.rul.RulModel;
import io.derrick.hub.equipment.rul.RulTrainer;
import io.derrick.hub.equipment.rul.UnitHistory;
import io.derrick.hub.history.HistoryQuery;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Equipment health: training a kind's RUL model, scoring the fleet's equipment with the active models (one
 * prediction per equipment per scoring job, stored once), the RUL alarm, running hours and the due schedules.
 */
public final class EquipmentHealth {
    private static final Logger log = LoggerFactory.getLogger(EquipmentHealth.class);
    /** An RUL alarm clears once the remaining life is back above the threshold by this factor (one email per crossing). */
    static final double CLEAR_FACTOR = 1.2;
    /** How far back scoring reads a unit's hourly history. */
    static final Duration HISTORY = Duration.ofDays(60);

    /** A kind of equipment with a model: its channels and settings (as the hub names them), the target's cap. */
    public record KindSpec(String kind, List<String> channels, List<String> settings, double capHours, RulTrainer.Options options) {
    }

    /** Mud pumps: trained on the simulator's run-to-failure histories until the fleet has recorded failures of its own. */
    public static final KindSpec MUD_PUMP = new KindSpec("mud_pump", PumpWear.CHANNELS, PumpWear.SETTINGS, 300,
            new RulTrainer.Options(300, 24, 5, 23, io.derrick.hub.equipment.rul.Features.Kind.WINDOWED,
                    List.of(RulTrainer.Algorithm.values()), 150, 6));
    static final Map<String, KindSpec> KINDS = Map.of(MUD_PUMP.kind(), MUD_PUMP);

    private final EquipmentRepository repo;
    private final MaintenanceRepository maintenance;
    private final HistoryQuery history;
    private final Clock clock;
    private final EquipmentFeature.Settings settings;
    private final Map<Long, RulModel> loaded = new ConcurrentHashMap<>();
    private final io.derrick.hub.alarm.HubAlarms alarms;

    EquipmentHealth(EquipmentRepository repo, MaintenanceRepository maintenance, HistoryQuery history, Clock clock,
                    EquipmentFeature.Settings settings, io.derrick.hub.alarm.HubAlarms alarms) {
        this.alarms = alarms;
        this.repo = repo;
        this.maintenance = maintenance;
        this.history = history;
        this.clock = clock;
        this.settings = settings;
    }

    Map<String, Double> thresholds() {
        return settings.thresholds();
    }

    Instant now() {
        return clock.instant();
    }

    EquipmentRepository repository() {
        return repo;
    }

    MaintenanceRepository maintenance() {
        return maintenance;
    }

    /** Runs a queued job (the one-time task {@code rul-job}); a job that is done already is left alone. */
    void run(long jobId) {
        Optional<EquipmentRepository.Job> job = repo.startJob(jobId, now());
        if (job.isEmpty()) {
            return;
        }
        try {
            if (job.get().what().equals("train")) {
                train(jobId, job.get().kind(), job.get().requestedBy());
            } else {
                score(jobId);
            }
        } catch (RuntimeException e) {
            log.error("RUL job {} failed", jobId, e);
            repo.failJob(jobId, e.getMessage(), now());
        }
    }

    /** Held-out pumps and the RMSE at their cut-off points. */
    record HeldOut(int units, double rmse, double score) {
    }

    /** Trains a kind's model: 45 simulated pumps to learn from, 15 more held out and cut at random points to judge it. */
    void train(long jobId, String kind, String by) {
        KindSpec spec = KINDS.get(kind);
        if (spec == null) {
            repo.failJob(jobId, "no model for equipment of kind " + kind + " (only " + String.join(", ", KINDS.keySet()) + ")", now());
            return;
        }
        List<UnitHistory> all = simulated(60, 41);
        List<UnitHistory> train = all.subList(0, 45);
        List<UnitHistory> held = all.subList(45, 60);
        long t0 = System.nanoTime();
        RulModel model = RulTrainer.train(train, spec.channels(), spec.options().withTrees(settings.trees()), m -> log.info("training {}: {}", kind, m));
        double seconds = (System.nanoTime() - t0) / 1e9;
        HeldOut h = heldOut(model, held, 5);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("crossValidationRmse", model.crossValidation());
        metrics.put("heldOutUnits", h.units());
        metrics.put("heldOutRmse", h.rmse());
        metrics.put("heldOutScore", h.score());
        metrics.put("trainingSeconds", seconds);
        metrics.put("conditions", model.conditions());
        repo.storeModel(jobId, kind, model.algorithm(), model.featureNames(), spec.channels(),
                "simulated run-to-failure mud pumps (hardware/simulator PumpWear, seed 41): " + train.size() + " units", train.size(),
                metrics, spec.capHours(), model.toBytes(), by, now());
    }

    /** The simulator's run-to-failure pumps as histories. */
    public static List<UnitHistory> simulated(int units, long seed) {
        return PumpWear.runToFailure(units, seed).stream()
                .map(u -> new UnitHistory(u.id(), u.hours(), u.settings(), u.channels())).toList();
    }

    /** Each held-out unit cut at {@code cuts} random points (as a live pump is seen mid-life), RMSE against its true life. */
    static HeldOut heldOut(RulModel model, List<UnitHistory> held, int cuts) {
        Random rng = new Random(7);
        List<Double> p = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        for (UnitHistory u : held) {
            double[] rul = u.remainingLife();
            for (int c = 0; c < cuts; c++) {
                int at = 24 + rng.nextInt(u.steps() - 24);
                p.add(model.predict(u.upTo(at)).rul());
                t.add(Math.min(model.cap(), rul[at]));
            }
        }
        double[] pa = p.stream().mapToDouble(Double::doubleValue).toArray();
        double[] ta = t.stream().mapToDouble(Double::doubleValue).toArray();
        return new HeldOut(pa.length, RulTrainer.rmse(pa, ta), RulTrainer.phm08(pa, ta));
    }

    /** Scores every equipment with an active model of its kind and a node, from its hourly history. */
    void score(long jobId) {
        Instant now = now();
        List<EquipmentRepository.Scored> scores = new ArrayList<>();
        Map<Long, EquipmentRepository.Equipment> byId = new LinkedHashMap<>();
        Map<String, Optional<Map.Entry<EquipmentRepository.ModelRow, RulModel>>> models = new LinkedHashMap<>();
        for (EquipmentRepository.Equipment e : repo.allEquipment()) {
            KindSpec spec = KINDS.get(e.kind());
            if (spec == null || e.node() == null || !e.channels().containsAll(spec.channels())) {
                continue;   // not measured as the kind's model needs (its health channels are the model's)
            }
            var m = models.computeIfAbsent(e.kind(), k -> repo.activeModel(k)
                    .map(r -> Map.entry(r.getKey(), loaded.computeIfAbsent(r.getKey().id(), id -> RulModel.fromBytes(r.getValue())))));
            if (m.isEmpty()) {
                continue;
            }
            unitOf(e, spec, now).ifPresent(u -> {
                RulModel.Prediction p = m.get().getValue().predict(u);
                scores.add(new EquipmentRepository.Scored(e.id(), m.get().getKey().id(), u.age()[u.steps() - 1], p.rul(), p.low(), p.high()));
                byId.put(e.id(), e);
            });
        }
        java.util.Set<String> changed = new java.util.TreeSet<>();
        repo.storeScores(jobId, scores, now, (h, s) -> {
            EquipmentRepository.Equipment e = byId.get(s.equipment());
            if (alarm(h, e, s, now)) {
                changed.add(e.rig());
            }
        });
        changed.forEach(alarms::changed);
        openDue(); // condition schedules fall due with the new predictions
    }

    /** The equipment's history as a unit: one step per complete hour it ran, its age the running hours at that hour. */
    Optional<UnitHistory> unitOf(EquipmentRepository.Equipment e, KindSpec spec, Instant now) {
        List<String> wanted = new ArrayList<>(spec.channels());
        wanted.addAll(spec.settings());
        if (e.runChannel() != null && !wanted.contains(e.runChannel())) {
            wanted.add(e.runChannel());
        }
        // complete hours only, as the model learnt them: the hour under way is scored once it is over
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Map<Instant, Map<String, Double>> hours = history.hourAverages(e.rig(), wanted, hour.minus(HISTORY), hour);
        List<double[]> channels = new ArrayList<>();
        List<double[]> settingsRows = new ArrayList<>();
        for (Map<String, Double> v : hours.values()) {
            if (e.runChannel() != null && v.getOrDefault(e.runChannel(), 0.0) <= e.runAbove()) {
                continue;
            }
            if (!v.keySet().containsAll(wanted)) {
                continue;
            }
            channels.add(spec.channels().stream().mapToDouble(v::get).toArray());
            settingsRows.add(spec.settings().stream().mapToDouble(v::get).toArray());
        }
        if (channels.isEmpty()) {
            return Optional.empty();
        }
        int n = channels.size();
        double[] age = new double[n];
        for (int i = 0; i < n; i++) {
            age[i] = Math.max(1, e.runningHours() - (n - 1 - i));
        }
        return Optional.of(new UnitHistory(e.rig() + "/" + e.name(), age, settingsRows.toArray(double[][]::new), channels.toArray(double[][]::new)));
    }

    /** Raises the hub alarm {@code rul.<id>} when the remaining life is below the kind's threshold, clears it once back above. */
    boolean alarm(Handle h, EquipmentRepository.Equipment e, EquipmentRepository.Scored s, Instant now) {
        Double threshold = settings.thresholds().get(e.kind());
        if (threshold == null) {
            return false;
        }
        String key = "rul." + e.id();
        if (s.rul() < threshold) {
            return alarms.raise(h, e.rig(), e.node(), key, "RUL_LOW", s.low() <= 0 ? "CRITICAL" : "WARNING",
                    String.format("%s (%s) on %s: remaining useful life %.0f h (80 %% band %.0f–%.0f h), below the %.0f h threshold",
                            e.name(), e.kind().replace('_', ' '), e.rig(), s.rul(), s.low(), s.high(), threshold), s.rul(), e.channels(), now);
        } else if (s.rul() > threshold * CLEAR_FACTOR) {
            return alarms.clear(h, e.rig(), e.node(), key, String.format("remaining useful life back to %.0f h", s.rul()), now);
        }
        return false;
    }

    /** Running hours of the last two UTC days from the run channel's minute averages. */
    void countHours() {
        Instant now = now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (EquipmentRepository.Equipment e : repo.allEquipment()) {
            if (e.runChannel() == null) {
                continue;
            }
            for (LocalDate day : List.of(today.minusDays(1), today)) {
                Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                Map<Instant, Map<String, Double>> minutes = history.minuteAverages(e.rig(), List.of(e.runChannel()), from, from.plus(1, ChronoUnit.DAYS));
                long running = minutes.values().stream().filter(v -> v.getOrDefault(e.runChannel(), 0.0) > e.runAbove()).count();
                if (running > 0 || !minutes.isEmpty()) {
                    repo.putHours(e.id(), day, running / 60.0);
                }
            }
        }
    }

    /** A schedule's due state now. */
    Maintenance.Due due(MaintenanceRepository.ScheduleRow s, EquipmentRepository.Equipment e) {
        LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
        LocalDate start = e.installedOn() != null ? e.installedOn() : LocalDate.ofInstant(s.createdAt(), ZoneOffset.UTC);
        return Maintenance.due(new Maintenance.Schedule(Maintenance.Basis.valueOf(s.basis().toUpperCase(java.util.Locale.ROOT)), s.everyDays(),
                        s.everyHours(), s.rulBelowHours(), s.lastDoneOn(), s.lastDoneHours(), start),
                new Maintenance.Now(today, e.runningHours(), e.hoursPerDay(), e.rul() == null ? null : e.rul().rulHours(),
                        e.rul() == null ? null : e.rul().lowHours()));
    }

    /** A schedule with its due state now. */
    public record Scheduled(MaintenanceRepository.ScheduleRow schedule, Maintenance.Due due) {
        boolean isDue() {
            return due.state() == Maintenance.State.DUE || due.state() == Maintenance.State.OVERDUE;
        }
    }

    /** Schedules with their due state, their equipment read once per rig. */
    List<Scheduled> withDue(List<MaintenanceRepository.ScheduleRow> schedules) {
        Map<Long, EquipmentRepository.Equipment> equipment = new LinkedHashMap<>();
        repo.equipment(schedules.stream().map(MaintenanceRepository.ScheduleRow::rig).distinct().toList())
                .forEach(e -> equipment.put(e.id(), e));
        return schedules.stream().map(s -> new Scheduled(s, due(s, equipment.get(s.equipment())))).toList();
    }

    /** Opens the work orders of the schedules that are due (those that open them automatically). */
    int openDue() {
        if (!settings.autoWorkOrders()) {
            return 0;
        }
        int opened = 0;
        for (Scheduled s : withDue(maintenance.activeSchedules())) {
            if (!s.schedule().autoWorkOrder() || s.schedule().openWorkOrder() != null || !s.isDue()) {
                continue;
            }
            Maintenance.Due d = s.due();
            LocalDate on = d.dueOn() != null ? d.dueOn() : LocalDate.ofInstant(now(), ZoneOffset.UTC);
            if (maintenance.openForSchedule(s.schedule(), on, d.why(), now()).isPresent()) {
                opened++;
            }
        }
        return opened;
    }
}
