package io.derrick.hub.report;

import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.history.HistoryQuery;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.report.ApprovalFlow.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daily reports' work, without HTTP: a new report's window and its pre-fill from the sensors, the checks on every
 * save, the approval flow. The routes parse and authorize; this decides and the repository stores.
 */
public final class Reports {
    /** The channels the sensor figures come from (history/RigActivity's). */
    static final List<String> CHANNELS = List.of("DEPT", "BDEP", "WOB", "MFIA", "HKLD", "RPM");

    private final ReportRepository repo;
    private final Database db;
    private final FleetQuery fleet;
    private final HistoryQuery history;
    private final Clock clock;

    public Reports(ReportRepository repo, Database db, FleetQuery fleet, HistoryQuery history, Clock clock) {
        this.repo = repo;
        this.db = db;
        this.fleet = fleet;
        this.history = history;
        this.clock = clock;
    }

    public ReportRepository repository() {
        return repo;
    }

    public Optional<FleetQuery.RigInfo> rig(String id) {
        return db.read(h -> fleet.rig(h, id));
    }

    public ShiftWindow window(FleetQuery.RigInfo rig, LocalDate date, ShiftWindow.Type type) {
        return ShiftWindow.of(date, type, rig.timeZone(), rig.dayShiftStart(), rig.nightShiftStart());
    }

    /** The shift on at the rig now. */
    public ShiftWindow current(FleetQuery.RigInfo rig) {
        return ShiftWindow.at(clock.instant(), rig.timeZone(), rig.dayShiftStart(), rig.nightShiftStart());
    }

    /** What the sensors measured in the window (up to now, for a shift still on). */
    public SensorProposal.Measured measure(String rig, ShiftWindow w) {
        Instant to = w.end().isAfter(clock.instant()) ? clock.instant() : w.end();
        List<SensorProposal.Minute> minutes = new ArrayList<>();
        history.minuteAverages(rig, CHANNELS, w.start(), to).forEach((t, v) -> minutes.add(new SensorProposal.Minute(t, v)));
        return SensorProposal.measure(minutes, w);
    }

    /** What a new report starts with: the sensors' activity runs and, when they saw drilling, a progress row on the last hole. */
    ReportContent prefill(String rig, ShiftWindow w, SensorProposal.Measured m) {
        List<ReportContent.Activity> activities = new ArrayList<>();
        for (SensorProposal.Run r : m.runs()) {
            String code = SensorProposal.CODE_OF_STATE.get(r.state());
            if (code != null && r.hours() * 60 >= SensorProposal.MIN_RUN_MINUTES) {
                activities.add(new ReportContent.Activity(code, w.local(r.start()).truncatedTo(ChronoUnit.MINUTES),
                        w.local(r.end()).truncatedTo(ChronoUnit.MINUTES), "from the rig's sensors"));
            }
        }
        List<ReportContent.Progress> progress = new ArrayList<>();
        if (m.depthStart() != null && m.metres() >= 0.01) {
            List<SensorProposal.Run> drilling = m.runs().stream().filter(r -> r.state().equals("drilling")).toList();
            if (!drilling.isEmpty()) {
                progress.add(new ReportContent.Progress(repo.lastHole(rig, w.start()).orElse("1"), "HQ", round(m.depthStart()), round(m.depthEnd()),
                        w.local(drilling.getFirst().start()).truncatedTo(ChronoUnit.MINUTES),
                        w.local(drilling.getLast().end()).truncatedTo(ChronoUnit.MINUTES), null, null, "depths from the rig's sensors"));
            }
        }
        return new ReportContent(null, false, null, 0, null, List.of(), progress, activities, List.of(), List.of(), List.of());
    }

    /** Where a new report went: made (its id), or the rig's report of that shift that exists. */
    public record Created(long id, boolean created) {
    }

    public Created create(FleetQuery.RigInfo rig, ShiftWindow w, Actor actor) {
        Optional<Long> existing = repo.idOf(rig.id(), w.date(), w.type());
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        SensorProposal.Measured measured = measure(rig.id(), w);
        ReportContent content = prefill(rig.id(), w, measured);
        ReportRules.Result checked = check(rig.id(), w, content, measured);
        if (!checked.errors().isEmpty()) {
            // the sensors' proposal broke a rule (a run past the shift's end, say): start empty rather than refuse the report
            content = ReportContent.empty();
            checked = check(rig.id(), w, content, measured);
        }
        Optional<Long> id = repo.create(rig.id(), w, rig.client(), content, measured, checked, hash(content), actor, clock.instant());
        return id.map(i -> new Created(i, true)).orElseGet(() -> new Created(repo.idOf(rig.id(), w.date(), w.type()).orElseThrow(), false));
    }

    public ReportRules.Result check(String rig, ShiftWindow w, ReportContent content, SensorProposal.Measured measured) {
        return ReportRules.check(content, w, new ReportRules.Context(repo.codes(), repo.lastDepths(rig, w.start()), measured));
    }

    /** One shift of a bulk: where it is, and what was typed. */
    public record Typed(FleetQuery.RigInfo rig, ShiftWindow window, ReportContent content) {
    }

    /** A bulk's checks: each shift's findings by its place in the bulk, and what would be stored when none is an error. */
    public record Checked(List<Finding> errors, List<ReportRepository.New> reports) {
    }

    /**
     * Checks the shifts of a bulk as their saves would be, each against its sensors and against the holes' depths as
     * the shifts before it in the bulk leave them (a bulk of a week continues its own holes). Errors are named
     * {@code reports[i].field}.
     */
    public Checked check(List<Typed> bulk) {
        Map<String, ActivityCode> codes = repo.codes();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < bulk.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing((Integer i) -> bulk.get(i).rig().id()).thenComparing(i -> bulk.get(i).window().start()));
        List<Finding> errors = new ArrayList<>();
        ReportRepository.New[] out = new ReportRepository.New[bulk.size()];
        Map<String, Map<String, ReportRules.LastDepth>> depths = new java.util.HashMap<>();
        for (int i : order) {
            Typed t = bulk.get(i);
            Map<String, ReportRules.LastDepth> last = depths.computeIfAbsent(t.rig().id(), r -> repo.lastDepths(r, t.window().start()));
            SensorProposal.Measured measured = measure(t.rig().id(), t.window());
            ReportRules.Result checked = ReportRules.check(t.content(), t.window(), new ReportRules.Context(codes, Map.copyOf(last), measured));
            checked.errors().forEach(f -> errors.add(new Finding(f.severity(), "reports[" + i + "]." + f.field(), f.rule(), f.message())));
            for (ReportContent.Progress p : t.content().progress()) {
                last.merge(p.hole(), new ReportRules.LastDepth(p.toDepth(), t.window().date(), t.window().type()),
                        (a, b) -> b.toDepth() >= a.toDepth() ? b : a);
            }
            out[i] = new ReportRepository.New(t.rig().id(), t.window(), t.rig().client(), t.content(), measured, checked, hash(t.content()));
        }
        errors.sort(java.util.Comparator.comparing(Finding::field));
        return new Checked(errors, List.of(out));
    }

    /** Stores a checked bulk, all or nothing ({@link ReportRepository.Exists} when one of its shifts has a report). */
    public List<Long> createAll(List<ReportRepository.New> reports, Actor actor) {
        return repo.createAll(reports, actor, clock.instant());
    }

    public Optional<ReportRepository.Saved> save(long id, int version, ReportContent content, ReportRules.Result checked, Actor actor) {
        return repo.save(id, version, content, checked, hash(content), actor, clock.instant());
    }

    /** {@code name}: the person's name as the report's approvals show it. */
    public boolean transition(ReportRepository.Stored r, Status next, ApprovalFlow.Action action, String comment, Actor actor, String name) {
        return repo.transition(r.header().id(), r.header().status(), next, action, comment, actor, name, clock.instant());
    }

    /** The sensors' figures of the report's window read again (a shift still on has more of them by now). */
    public void remeasure(ReportRepository.Stored r, Actor actor) {
        ReportRepository.Header h = r.header();
        SensorProposal.Measured measured = measure(h.rig(), h.window());
        repo.remeasure(h.id(), measured, check(h.rig(), h.window(), r.content(), measured), actor, clock.instant());
    }

    /**
     * Reads the sensors again for every draft whose shift is on at {@code at} or ended less than {@code after} before
     * it (its rig's backlog may still come in); how many. One draft that fails does not keep the others from it.
     */
    public int remeasureOpenDrafts(Instant at, java.time.Duration after, Actor actor) {
        int n = 0;
        RuntimeException failed = null;
        for (long id : repo.openDrafts(at, after)) {
            try {
                Optional<ReportRepository.Stored> r = repo.find(id);
                if (r.isPresent() && r.get().header().status() == Status.DRAFT) {
                    remeasure(r.get(), actor);
                    n++;
                }
            } catch (RuntimeException e) {
                failed = failed == null ? new IllegalStateException("report " + id + " was not measured again: " + e.getMessage(), e) : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        return n;
    }

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today(ZoneId zone) {
        return clock.instant().atZone(zone).toLocalDate();
    }

    /** A digest of the content as stored: the same save sent twice is recognised and stored once. */
    static String hash(ReportContent content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ReportRepository.json(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double metres) {
        return Math.round(metres * 100) / 100.0;
    }
}
