package io.derrick.hub.report;

import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.report.ApprovalFlow.Action;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/reports}: shift reports (create with the sensors' pre-fill, read, save, the approval flow), the 24-hour
 * view, the bill of quantities, the activity codes and materials, who supervises a rig, CSV of a report. A client's
 * user sees the reports of its own client only (the client fixed on the shift), as if the others did not exist.
 */
final class ReportRoutes {
    static final Access WRITE = Access.roles(Role.SUPERVISOR, Role.ADMIN);
    static final Access MANAGE = Access.roles(Role.MANAGER, Role.ADMIN);
    static final Access CLIENT = Access.roles(Role.CLIENT);
    /** a whole report with its rows */
    static final int MAX_BODY = 256 * 1024;
    static final int MAX_ROWS = 200;
    /** reports in one range export: a rig's year is 730 */
    static final int MAX_EXPORT = 2000;
    /** shifts in one bulk, and its body: a rig's quarter, day and night */
    static final int MAX_BULK = 200;
    static final int MAX_BULK_BODY = 16 * 1024 * 1024;
    /** how far back the landing view looks, and how many of each it shows */
    static final int INBOX_DAYS = 62;
    static final int INBOX_ROWS = 20;
    private static final Set<String> REPORT_FIELDS = Set.of("version", "location", "standby", "standbyReason", "standbyHours", "remarks",
            "crew", "progress", "activities", "materials", "surveys", "casing");

    private final Reports reports;
    private final Photos photos;
    private final RigScope scope;

    ReportRoutes(Reports reports, Photos photos, RigScope scope) {
        this.reports = reports;
        this.photos = photos;
        this.scope = scope;
    }

    void routes(Routes r) {
        r.get("/", Access.SIGNED_IN, this::list)
                .get("/inbox", Access.SIGNED_IN, this::inbox)
                .post("/", WRITE, this::create)
                .post("/bulk", WRITE, this::bulk)
                .get("/codes", Access.SIGNED_IN, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, reports.repository().codes().values());
                })
                .post("/codes", MANAGE, this::addCode)
                .get("/materials", Access.SIGNED_IN, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, reports.repository().materials());
                })
                .get("/export.csv", Access.SIGNED_IN, (req, res) -> export(req, res, "csv"))
                .get("/export.xlsx", Access.SIGNED_IN, (req, res) -> export(req, res, "xlsx"))
                .get("/export.pdf", Access.SIGNED_IN, (req, res) -> export(req, res, "pdf"))
                .get("/daily", Access.SIGNED_IN, (req, res) -> daily(req, res, false))
                .get("/daily.pdf", Access.SIGNED_IN, (req, res) -> daily(req, res, true))
                .get("/boq", Access.SIGNED_IN, (req, res) -> boq(req, res, "json"))
                .get("/boq.csv", Access.SIGNED_IN, (req, res) -> boq(req, res, "csv"))
                .get("/boq.xlsx", Access.SIGNED_IN, (req, res) -> boq(req, res, "xlsx"))
                .get("/rigs/{rig}/supervisors", Access.STAFF, (req, res) -> {
                    String rig = scope.rigInPath(req);
                    Jsons.send(res, Map.of("rig", rig, "supervisors", reports.repository().supervisors(rig)));
                })
                .put("/rigs/{rig}/supervisors", Access.roles(Role.ADMIN), this::setSupervisors)
                .get("/rigs/{rig}/current", Access.SIGNED_IN, this::current)
                .get("/{report}", Access.SIGNED_IN, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, ReportView.of(report(req), reports.repository().codes()));
                })
                .put("/{report}", WRITE, this::save)
                .post("/{report}/measure", WRITE, this::measure)
                .get("/{report}/report.csv", Access.SIGNED_IN, (req, res) -> file(req, res, "csv"))
                .get("/{report}/report.pdf", Access.SIGNED_IN, (req, res) -> file(req, res, "pdf"))
                .get("/{report}/report.xlsx", Access.SIGNED_IN, (req, res) -> file(req, res, "xlsx"))
                .get("/{report}/photos", Access.SIGNED_IN, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, photos.list(report(req).header().id()));
                })
                .post("/{report}/photos", WRITE, this::upload)
                .get("/{report}/photos/{photo}", Access.SIGNED_IN, (req, res) -> picture(req, res, false))
                .get("/{report}/photos/{photo}/thumbnail", Access.SIGNED_IN, (req, res) -> picture(req, res, true))
                .delete("/{report}/photos/{photo}", WRITE, this::removePhoto);
        for (Action a : Action.values()) {
            Access access = switch (a) {
                case SUBMIT -> WRITE;
                case APPROVE, REJECT, REOPEN -> MANAGE;
                case CLIENT_APPROVE, CLIENT_REJECT -> CLIENT;
            };
            r.post("/{report}/" + a.wire(), access, (req, res) -> act(req, res, a));
        }
    }

    // ---- reading

    private void list(ServerRequest req, ServerResponse res) {
        Jsons.send(res, reports.repository().list(filter(req, 50, 500)));
    }

    /**
     * What a caller has to do, by role: a supervisor's drafts and rejected reports (of the rigs assigned to them), a
     * manager's reports awaiting approval and the exceptions (reports with warnings, the lowest score first), a
     * client's reports awaiting its approval; for everyone the recently approved.
     */
    private void inbox(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        Principal caller = Routes.caller(req);
        LocalDate today = reports.today(java.time.ZoneOffset.UTC);
        LocalDate from = today.minusDays(INBOX_DAYS);
        LocalDate to = today.plusDays(1);
        String client = caller.client();
        List<String> seen = client == null ? null : ApprovalFlow.Status.CLIENT_SEES;
        List<Map<String, Object>> sections = new ArrayList<>();
        java.util.function.BiConsumer<String, ReportRepository.Filter> add = (key, f) -> {
            ReportRepository.Page page = reports.repository().list(f);
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("key", key);
            section.put("total", page.total());
            section.put("items", page.items());
            sections.add(section);
        };
        if (caller.user().has(Role.ADMIN) || caller.user().has(Role.SUPERVISOR)) {
            List<String> rigs = caller.user().has(Role.ADMIN) ? null : reports.repository().rigsOf(caller.user().id());
            if (rigs == null || !rigs.isEmpty()) {
                add.accept("drafts", new ReportRepository.Filter(from, to, rigs, client, null, List.of("draft", "rejected"), null, false, false, INBOX_ROWS, 0, seen));
            }
        }
        if (caller.user().has(Role.ADMIN) || caller.user().has(Role.MANAGER)) {
            add.accept("awaiting", new ReportRepository.Filter(from, to, null, null, null, List.of("submitted"), null, false, false, INBOX_ROWS, 0, seen));
            add.accept("exceptions", new ReportRepository.Filter(from, to, null, null, null, null, null, true, true, INBOX_ROWS, 0, seen));
        }
        if (client != null && caller.user().has(Role.CLIENT)) {
            add.accept("awaiting", new ReportRepository.Filter(from, to, null, client, null, List.of("manager_approved"), null, false, false, INBOX_ROWS, 0, seen));
        }
        add.accept("recent", new ReportRepository.Filter(today.minusDays(14), to, null, client, null, List.of("approved"), null, false, false, INBOX_ROWS, 0, seen));
        Jsons.send(res, Map.of("from", from.toString(), "sections", sections));
    }

    /** The reports of the list's filters with all their rows, as one CSV, workbook or PDF (a page per shift), oldest first. */
    private void export(ServerRequest req, ServerResponse res, String type) {
        ReportRepository.Filter f = filter(req, MAX_EXPORT, MAX_EXPORT);
        List<ReportRepository.Stored> all = reports.repository().findAll(f);
        Map<String, ActivityCode> codes = reports.repository().codes();
        String name = "reports-" + f.from() + "-" + f.to() + (f.rigs() == null ? "" : "-" + f.rigs().getFirst()) + "." + type;
        send(res, type, name, switch (type) {
            case "csv" -> ReportExport.csv(all, codes);
            case "pdf" -> ReportExport.pdf(all, codes);
            default -> ReportExport.xlsx(all, codes);
        });
    }

    /** The list's filters (from, to, rig, client, shiftType, status, hole, limit, offset); a client's user gets its own client's only. */
    private ReportRepository.Filter filter(ServerRequest req, int defaultLimit, int maxLimit) {
        Params p = new Params(req, Set.of("from", "to", "rig", "client", "shiftType", "status", "hole", "limit", "offset"));
        LocalDate to = p.date("to", reports.today(java.time.ZoneOffset.UTC).plusDays(1));
        LocalDate from = p.date("from", to.minusDays(31));
        String rig = p.id("rig");
        String client = p.text("client");
        String type = p.choice("shiftType", null, Set.of("day", "night"));
        String status = p.choice("status", null, Arrays.stream(ApprovalFlow.Status.values()).map(ApprovalFlow.Status::wire).collect(Collectors.toSet()));
        String hole = p.text("hole");
        int limit = p.integer("limit", defaultLimit, 1, maxLimit);
        int offset = p.integer("offset", 0, 0, 1_000_000);
        if (from.isAfter(to)) {
            p.error("from", "after to (" + to + ")");
        }
        p.check();
        Principal caller = Routes.caller(req);
        List<String> rigs = null;
        if (rig != null) {
            scope.require(req, rig);
            rigs = List.of(rig);
        }
        List<String> seen = null;
        if (caller.client() != null) {
            client = caller.client();            // a client's user: its own client's reports, whatever it asked,
            seen = ApprovalFlow.Status.CLIENT_SEES;  // from the manager's approval on
        }
        return new ReportRepository.Filter(from, to, rigs, client, type, status == null ? null : List.of(status), hole, false, false, limit, offset,
                seen);
    }

    /** Day and night of one rig and date side by side, with the 24-hour totals. */
    private void daily(ServerRequest req, ServerResponse res, boolean pdf) {
        Params p = new Params(req, Set.of("rig", "date"));
        String rig = p.id("rig");
        if (rig == null) {
            p.error("rig", "required: the rig's id");
        }
        LocalDate date = p.date("date", null);
        if (date == null) {
            p.error("date", "required: the date, e.g. 2026-12-01");
        }
        p.check();
        scope.require(req, rig);
        Map<String, ActivityCode> codes = reports.repository().codes();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rig", rig);
        out.put("date", date.toString());
        ReportView.Totals total = null;
        List<ReportRepository.Stored> shifts = new ArrayList<>();
        for (ShiftWindow.Type t : ShiftWindow.Type.values()) {
            ReportRepository.Stored s = reports.repository().idOf(rig, date, t).flatMap(reports.repository()::find)
                    .filter(x -> visible(req, x)).orElse(null);
            out.put(t.wire(), s == null ? null : ReportView.of(s, codes));
            if (s != null) {
                shifts.add(s);
                ReportView.Totals shift = ReportView.Totals.of(s.content(), s.header().window(), codes);
                total = total == null ? shift : total.plus(shift);
            }
        }
        out.put("totals", total);
        if (!pdf) {
            Jsons.send(res, out);
        } else if (shifts.isEmpty()) {
            throw ApiException.notFound("rig " + rig + " has no report for " + date);
        } else {
            send(res, "pdf", rig + "-" + date + "-24h.pdf", ReportExport.dailyPdf(rig, date, shifts, total, codes));
        }
    }

    private void boq(ServerRequest req, ServerResponse res, String type) {
        Params p = new Params(req, Set.of("from", "to", "rig", "client", "all", "period"));
        LocalDate from = p.date("from", null);
        LocalDate to = p.date("to", null);
        if (from == null) {
            p.error("from", "required: the first date, e.g. 2026-11-01");
        }
        if (to == null) {
            p.error("to", "required: the last date, e.g. 2026-11-30");
        }
        if (from != null && to != null && from.isAfter(to)) {
            p.error("from", "after to (" + to + ")");
        }
        String rig = p.id("rig");
        String client = p.text("client");
        boolean all = "true".equals(p.choice("all", "false", Set.of("true", "false")));
        ReportRepository.Period period = ReportRepository.Period.parse(p.choice("period", "range", Set.of("range", "day", "month")));
        p.check();
        if (rig != null) {
            scope.require(req, rig);
        }
        Principal caller = Routes.caller(req);
        List<String> statuses = all ? null : List.of(ApprovalFlow.Status.APPROVED.wire());
        if (caller.client() != null) {
            client = caller.client();
            statuses = all ? ApprovalFlow.Status.CLIENT_SEES : statuses;   // a client's bill: what it may see
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("approvedOnly", !all);
        out.put("period", period.wire());
        ReportRepository.Boq boq = reports.repository().boq(from, to, rig == null ? null : List.of(rig), client, statuses, period);
        String name = "boq-" + from + "-" + to + (rig == null ? "" : "-" + rig) + "." + type;
        switch (type) {
            case "csv" -> send(res, type, name, ReportExport.boqCsv(boq));
            case "xlsx" -> send(res, type, name, ReportExport.boqXlsx(boq, from, to, period, !all));
            default -> {
                out.put("metres", boq.metres());
                out.put("standby", boq.standby());
                out.put("materials", boq.materials());
                Jsons.send(res, out);
            }
        }
    }

    /** The shift on at the rig now, and its report if there is one: what the "new report" button opens. */
    private void current(ServerRequest req, ServerResponse res) {
        String rig = scope.rigInPath(req);
        FleetQuery.RigInfo info = reports.rig(rig).orElseThrow(() -> ApiException.notFound("no rig " + rig));
        ShiftWindow w = reports.current(info);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rig", rig);
        out.put("date", w.date().toString());
        out.put("shiftType", w.type().wire());
        out.put("window", w.label());
        out.put("timeZone", w.zone().getId());
        out.put("report", reports.repository().idOf(rig, w.date(), w.type()).orElse(null));
        Jsons.send(res, out);
    }

    // ---- writing

    private void create(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, Set.of("rig", "date", "shiftType"), false);
        String rig = body.text("rig", true, 64);
        LocalDate date = body.date("date", true);
        String type = body.choice("shiftType", true, Set.of("day", "night"));
        body.check();
        scope.require(req, rig);
        Principal caller = Routes.caller(req);
        requireAssigned(caller, rig);
        FleetQuery.RigInfo info = reports.rig(rig).orElseThrow(() -> ApiException.notFound("no rig " + rig));
        ShiftWindow w = reports.window(info, date, ShiftWindow.Type.parse(type));
        if (w.start().isAfter(reports.now())) {
            throw ApiException.badField("date", "the " + type + " shift of " + date + " (" + w.label() + " " + w.zone().getId() + ") has not started yet");
        }
        Reports.Created created = reports.create(info, w, caller.actor());
        if (!created.created()) {
            throw new ApiException(409, "rig " + rig + " already has the " + type + " report of " + date + ": report " + created.id(),
                    List.of(new ApiException.FieldError("date", "report " + created.id() + " exists")));
        }
        res.status(Status.CREATED_201);
        res.header(HeaderNames.LOCATION, "/api/reports/" + created.id());
        Jsons.send(res, ReportView.of(reports.repository().find(created.id()).orElseThrow(), reports.repository().codes()));
    }

    /**
     * Many shifts at once with their rows (a week typed offline, a backlog from the system Derrick replaces): each
     * checked as its save would be, errors named {@code reports[i].field}; stored all in one transaction, or none.
     */
    private void bulk(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, Set.of("reports"), false, MAX_BULK_BODY);
        Map<String, ActivityCode> codes = reports.repository().codes();
        Set<String> fields = new java.util.HashSet<>(REPORT_FIELDS);
        fields.remove("version");
        fields.addAll(Set.of("rig", "date", "shiftType"));
        List<JsonBody> items = body.objects("reports", fields, MAX_BULK);
        if (items.isEmpty()) {
            body.error("reports", "expected 1 to " + MAX_BULK + " shifts, each {rig, date, shiftType} with its sections");
        }
        Principal caller = Routes.caller(req);
        List<Reports.Typed> typed = new ArrayList<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonBody item = items.get(i);
            String rig = item.text("rig", true, 64);
            LocalDate date = item.date("date", true);
            String type = item.choice("shiftType", true, Set.of("day", "night"));
            ReportContent content = content(item, codes);
            if (rig == null || date == null || type == null) {
                continue;
            }
            Integer twin = seen.putIfAbsent(rig + " " + date + " " + type, i);
            if (twin != null) {
                item.error("date", "the same shift as reports[" + twin + "]");
                continue;
            }
            FleetQuery.RigInfo info = reports.rig(rig).filter(x -> scope.sees(req, x.id())).orElse(null);
            if (info == null) {
                item.error("rig", "no rig " + rig);
                continue;
            }
            requireAssigned(caller, rig);
            ShiftWindow w = reports.window(info, date, ShiftWindow.Type.parse(type));
            if (w.start().isAfter(reports.now())) {
                item.error("date", "the " + type + " shift of " + date + " (" + w.label() + " " + w.zone().getId() + ") has not started yet");
                continue;
            }
            typed.add(new Reports.Typed(info, w, content));
        }
        body.check();
        Reports.Checked checked = reports.check(typed);
        if (!checked.errors().isEmpty()) {
            throw ApiException.badRequest(checked.errors().stream().map(f -> new ApiException.FieldError(f.field(), f.message())).toList());
        }
        try {
            List<Long> ids = reports.createAll(checked.reports(), caller.actor());
            res.status(Status.CREATED_201);
            Jsons.send(res, Map.of("created", ids.size(), "reports", ids));
        } catch (ReportRepository.Exists e) {
            Reports.Typed t = typed.get(e.index);
            long existing = reports.repository().idOf(t.rig().id(), t.window().date(), t.window().type()).orElse(0L);
            throw new ApiException(409, "rig " + t.rig().id() + " already has the " + t.window().type().wire() + " report of " + t.window().date()
                    + " (report " + existing + "): nothing of the bulk was stored",
                    List.of(new ApiException.FieldError("reports[" + e.index + "].date", "report " + existing + " exists")));
        }
    }

    private void save(ServerRequest req, ServerResponse res) {
        // the header is enough to authorize; the save reads the whole report under its lock
        long id = Params.positiveId(req, "report", "report");
        ReportRepository.Header current = reports.repository().header(id).filter(hd -> visible(req, hd))
                .orElseThrow(() -> ApiException.notFound("no report " + id));
        Principal caller = Routes.caller(req);
        requireAssigned(caller, current.rig());
        JsonBody body = JsonBody.read(req, REPORT_FIELDS, false, MAX_BODY);
        Integer version = body.integer("version", 1, Integer.MAX_VALUE);
        if (version == null) {
            body.error("version", "required: the version the edit started from (" + current.version() + ")");
        }
        Map<String, ActivityCode> codes = reports.repository().codes();
        ReportContent content = content(body, codes);
        body.check();
        ReportRules.Result checked = reports.check(current.rig(), current.window(), content, current.measured());
        if (!checked.errors().isEmpty()) {
            throw ApiException.badRequest(checked.errors().stream().map(f -> new ApiException.FieldError(f.field(), f.message())).toList());
        }
        ReportRepository.Saved saved = reports.save(id, version, content, checked, caller.actor())
                .orElseThrow(() -> ApiException.notFound("no report " + id));
        switch (saved) {
            case ReportRepository.Saved.Done done -> Jsons.send(res, ReportView.of(done.report(), codes));
            case ReportRepository.Saved.Stale stale -> Jsons.stale(res, "report " + id + " was saved by " + stale.current().header().updatedBy()
                    + " meanwhile (version " + stale.current().header().version() + "; this edit started from " + version + "): nothing was stored",
                    ReportView.of(stale.current(), codes));
            case ReportRepository.Saved.Locked locked -> throw new ApiException(409, "report " + id + " is "
                    + locked.current().header().status().wire().replace('_', ' ') + ": it changes only as a draft or after a rejection", List.of());
        }
    }

    /** Reads the sensors again for an editable report: a draft started early in its shift has more to show by now. */
    private void measure(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        ReportRepository.Stored current = report(req);
        Principal caller = Routes.caller(req);
        requireAssigned(caller, current.header().rig());
        requireEditable(current, "its figures stay as they were approved");
        reports.remeasure(current, caller.actor());
        Jsons.send(res, ReportView.of(reports.repository().find(current.header().id()).orElseThrow(), reports.repository().codes()));
    }

    private void act(ServerRequest req, ServerResponse res, Action action) {
        ReportRepository.Stored current = report(req);
        JsonBody body = JsonBody.read(req, Set.of("comment"), true);
        String comment = body.text("comment", false, 2000);
        body.check();
        Principal caller = Routes.caller(req);
        boolean assigned = caller.user().has(Role.SUPERVISOR) && reports.repository().isSupervisorOf(caller.user().id(), current.header().rig());
        ApprovalFlow.Decision d = ApprovalFlow.decide(current.header().status(), action,
                new ApprovalFlow.Caller(caller.user().roles(), assigned, caller.client()), current.header().client(), comment);
        if (!d.allowed()) {
            if (d.refusal() == 400) {
                throw ApiException.badField("comment", d.reason().substring("comment: ".length()));
            }
            throw d.refusal() == 403 ? ApiException.forbidden(d.reason()) : new ApiException(409, d.reason(), List.of());
        }
        if (action == Action.SUBMIT) {
            // a report is submitted as it was last checked: its rules again, in case the codes changed since
            ReportRules.Result checked = reports.check(current.header().rig(), current.header().window(), current.content(), current.header().measured());
            if (!checked.errors().isEmpty()) {
                throw ApiException.badRequest(checked.errors().stream().map(f -> new ApiException.FieldError(f.field(), f.message())).toList());
            }
        }
        if (!reports.transition(current, d.next(), action, comment, caller.actor(), caller.user().displayName())) {
            throw new ApiException(409, "report " + current.header().id() + " changed meanwhile: reload it", List.of());
        }
        Jsons.send(res, ReportView.of(reports.repository().find(current.header().id()).orElseThrow(), reports.repository().codes()));
    }

    private void addCode(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, Set.of("code", "label", "productive", "rigState"), false);
        String code = body.text("code", true, 16);
        if (code != null && !code.matches("[A-Za-z0-9][A-Za-z0-9.\\-]{0,15}")) {
            body.error("code", "letters, digits, '.' and '-', e.g. X.1");
        }
        String label = body.text("label", true, 80);
        Boolean productive = body.bool("productive");
        if (productive == null) {
            body.error("productive", "required: true for productive time, false for non-productive");
        }
        String state = body.choice("rigState", false, Set.of("drilling", "connection", "trip", "circulating", "idle"));
        body.check();
        ActivityCode c = new ActivityCode(code, label, productive, state, false);
        if (!reports.repository().addCode(c, Routes.caller(req).actor(), reports.now())) {
            throw new ApiException(409, "activity code " + code + " exists", List.of(new ApiException.FieldError("code", "exists")));
        }
        res.status(Status.CREATED_201);
        Jsons.send(res, c);
    }

    private void setSupervisors(ServerRequest req, ServerResponse res) {
        String rig = scope.rigInPath(req);
        JsonBody body = JsonBody.read(req, Set.of("supervisors"), false);
        List<String> names = body.texts("supervisors", 50, 64);
        body.check();
        List<String> refused = reports.repository().setSupervisors(rig, names, Routes.caller(req).actor(), reports.now());
        if (!refused.isEmpty()) {
            throw ApiException.badField("supervisors", "not an enabled user with the supervisor role: " + String.join(", ", refused));
        }
        Jsons.send(res, Map.of("rig", rig, "supervisors", reports.repository().supervisors(rig)));
    }

    private void file(ServerRequest req, ServerResponse res, String type) {
        new Params(req, Set.of()).check();
        ReportRepository.Stored s = report(req);
        Map<String, ActivityCode> codes = reports.repository().codes();
        send(res, type, ReportExport.fileName(s, type), switch (type) {
            case "csv" -> ReportExport.csv(List.of(s), codes);
            case "pdf" -> ReportExport.pdf(List.of(s), codes);
            default -> ReportExport.xlsx(List.of(s), codes);
        });
    }

    private static void send(ServerResponse res, String type, String fileName, byte[] bytes) {
        res.header(HeaderNames.CONTENT_TYPE, switch (type) {
            case "csv" -> "text/csv; charset=utf-8";
            case "pdf" -> "application/pdf";
            default -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        });
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        res.send(bytes);
    }

    // ---- photos

    /**
     * A core tray photo: the body is the picture itself (JPEG or PNG, whatever the Content-Type says); the query names
     * the hole of the report's progress it shows, and optionally the tray's depths, a caption and the file's name.
     */
    private void upload(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("hole", "fromDepth", "toDepth", "caption", "name"));
        String hole = p.text("hole", 40);
        Double from = p.number("fromDepth", 0, 20_000);
        Double to = p.number("toDepth", 0, 20_000);
        String caption = p.text("caption", 200);
        String name = p.text("name", 200);
        if (hole == null) {
            p.error("hole", "required: the hole of the progress row the photo shows, e.g. H-7");
        }
        if (from != null && to != null && to <= from) {
            p.error("toDepth", "must be deeper than fromDepth (" + from + " m)");
        }
        p.check();
        ReportRepository.Stored current = report(req);
        Principal caller = Routes.caller(req);
        requireAssigned(caller, current.header().rig());
        requireEditable(current, "its photos stay as they were approved");
        if (current.content().progress().stream().noneMatch(row -> row.hole().equals(hole))) {
            throw ApiException.badField("hole", "report " + current.header().id() + " has no progress row of hole '" + hole
                    + "': add the row (and save) first");
        }
        byte[] bytes;
        try (java.io.InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, photos.limits().maxBytes() + 1));
        } catch (java.io.IOException e) {
            throw ApiException.badField("file", "the upload broke off: " + e.getMessage());
        }
        try {
            Photos.Photo photo = photos.add(current.header().id(), hole, from, to, caption, name, bytes, caller.actor());
            res.status(Status.CREATED_201);
            res.header(HeaderNames.LOCATION, "/api/reports/" + current.header().id() + "/photos/" + photo.id());
            Jsons.send(res, photo);
        } catch (Photos.Refusal r) {
            throw new ApiException(r.status, r.getMessage(), List.of(new ApiException.FieldError(r.field, r.getMessage())));
        }
    }

    private void picture(ServerRequest req, ServerResponse res, boolean thumbnail) {
        new Params(req, Set.of()).check();
        ReportRepository.Stored s = report(req);
        long id = Params.positiveId(req, "photo", "photo");
        Photos.Photo photo = photos.find(s.header().id(), id).orElseThrow(() -> ApiException.notFound("no photo " + id + " on report " + s.header().id()));
        java.nio.file.Path file = photos.file(photo, thumbnail);
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new ApiException(500, "photo " + id + "'s file is missing from the hub's photo directory", List.of());
        }
        res.header(HeaderNames.CONTENT_TYPE, photo.contentType());   // a thumbnail is of the picture's own type
        // the bytes behind an id never change; private: only who may read the report
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=86400, immutable");
        String name = photo.fileName() == null ? "photo-" + id : photo.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
        res.header(HeaderNames.CONTENT_DISPOSITION, "inline; filename=\"" + name + "\"");
        res.send(bytes);
    }

    private void removePhoto(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        ReportRepository.Stored current = report(req);
        Principal caller = Routes.caller(req);
        requireAssigned(caller, current.header().rig());
        requireEditable(current, "its photos stay as they were approved");
        long id = Params.positiveId(req, "photo", "photo");
        if (!photos.remove(current.header().id(), id, caller.actor())) {
            throw ApiException.notFound("no photo " + id + " on report " + current.header().id());
        }
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    // ---- helpers

    private static void requireEditable(ReportRepository.Stored s, String why) {
        if (!s.header().status().editable()) {
            throw new ApiException(409, "report " + s.header().id() + " is " + s.header().status().wire().replace('_', ' ') + ": " + why, List.of());
        }
    }

    /** The report in the path, when the caller may see it; else 404, as for a report that does not exist. */
    private ReportRepository.Stored report(ServerRequest req) {
        long id = Params.positiveId(req, "report", "report");
        return reports.repository().find(id).filter(s -> visible(req, s))
                .orElseThrow(() -> ApiException.notFound("no report " + id));
    }

    private boolean visible(ServerRequest req, ReportRepository.Stored s) {
        return visible(req, s.header());
    }

    /** A client's user sees the reports of its own client only, from the manager's approval on. */
    private static boolean visible(ServerRequest req, ReportRepository.Header h) {
        Principal p = Routes.caller(req);
        return p.client() == null || p.client().equals(h.client()) && h.status().clientSees();
    }

    private void requireAssigned(Principal caller, String rig) {
        if (!caller.user().has(Role.ADMIN) && !reports.repository().isSupervisorOf(caller.user().id(), rig)) {
            throw ApiException.forbidden("only a supervisor assigned to rig " + rig + " writes its reports (an admin assigns them)");
        }
    }

    /** A report's content from the body: every row's problems named by their place, e.g. progress[1].toDepth. */
    static ReportContent content(JsonBody b, Map<String, ActivityCode> codes) {
        String location = b.text("location", false, 120);
        Boolean standby = b.bool("standby");
        String standbyReason = b.text("standbyReason", false, 500);
        Double standbyHours = b.number("standbyHours", false, 0, 24);
        String remarks = b.text("remarks", false, 4000);
        List<ReportContent.Crew> crew = new ArrayList<>();
        for (JsonBody row : b.objects("crew", Set.of("role", "name", "hours"), 50)) {
            String role = row.choice("role", true, Set.copyOf(ReportContent.CREW_ROLES));
            String name = row.text("name", true, 80);
            Double hours = row.number("hours", true, 0, 24);
            if (role != null && name != null && hours != null) {
                crew.add(new ReportContent.Crew(role, name, hours));
            }
        }
        List<ReportContent.Progress> progress = new ArrayList<>();
        // derived values may come back as the report showed them (a page sends rows as it got them): accepted, never read
        for (JsonBody row : b.objects("progress", Set.of("hole", "coreSize", "fromDepth", "toDepth", "start", "end", "coreRecovered",
                "casingSize", "remarks", "metres", "hours", "rop", "recoveryPct", "coreLossGain"), MAX_ROWS)) {
            String hole = row.text("hole", true, 40);
            String size = row.text("coreSize", true, 20);
            Double from = row.number("fromDepth", true, 0, 20_000);
            Double to = row.number("toDepth", true, 0, 20_000);
            LocalTime start = row.time("start", true);
            LocalTime end = row.time("end", true);
            Double recovered = row.number("coreRecovered", false, 0, 20_000);
            String casing = row.text("casingSize", false, 20);
            String rowRemarks = row.text("remarks", false, 500);
            if (hole != null && size != null && from != null && to != null && start != null && end != null) {
                progress.add(new ReportContent.Progress(hole, size, from, to, start, end, recovered, casing, rowRemarks));
            }
        }
        List<ReportContent.Activity> activities = new ArrayList<>();
        for (JsonBody row : b.objects("activities", Set.of("code", "start", "end", "description", "label", "productive", "hours"), MAX_ROWS)) {
            String code = row.text("code", true, 16);
            if (code != null && !codes.containsKey(code)) {
                row.error("code", "unknown activity code '" + code + "'; GET /api/reports/codes lists them");
                code = null;
            }
            LocalTime start = row.time("start", true);
            LocalTime end = row.time("end", true);
            String description = row.text("description", false, 500);
            if (code != null && start != null && end != null) {
                activities.add(new ReportContent.Activity(code, start, end, description));
            }
        }
        List<ReportContent.Material> materials = new ArrayList<>();
        for (JsonBody row : b.objects("materials", Set.of("name", "quantity", "unit", "remarks"), MAX_ROWS)) {
            String name = row.text("name", true, 80);
            Double qty = row.number("quantity", true, 0.000001, 1e9);
            String unit = row.text("unit", true, 20);
            String rowRemarks = row.text("remarks", false, 500);
            if (name != null && qty != null && unit != null) {
                materials.add(new ReportContent.Material(name, qty, unit, rowRemarks));
            }
        }
        List<ReportContent.Survey> surveys = new ArrayList<>();
        for (JsonBody row : b.objects("surveys", Set.of("depth", "dip", "azimuth", "tool", "remarks"), MAX_ROWS)) {
            Double depth = row.number("depth", true, 0, 20_000);
            Double dip = row.number("dip", true, -90, 90);
            Double az = row.number("azimuth", true, 0, 359.999);
            String tool = row.text("tool", false, 40);
            String rowRemarks = row.text("remarks", false, 500);
            if (depth != null && dip != null && az != null) {
                surveys.add(new ReportContent.Survey(depth, dip, az, tool, rowRemarks));
            }
        }
        List<ReportContent.Casing> casing = new ArrayList<>();
        for (JsonBody row : b.objects("casing", Set.of("size", "fromDepth", "toDepth", "length"), MAX_ROWS)) {
            String size = row.text("size", true, 20);
            Double from = row.number("fromDepth", true, 0, 20_000);
            Double to = row.number("toDepth", true, 0, 20_000);
            if (from != null && to != null && to <= from) {
                row.error("toDepth", "must be deeper than fromDepth (" + from + " m)");
            } else if (size != null && from != null && to != null) {
                casing.add(new ReportContent.Casing(size, from, to));
            }
        }
        return new ReportContent(location, Boolean.TRUE.equals(standby), standbyReason, standbyHours == null ? 0 : standbyHours, remarks,
                crew, progress, activities, materials, surveys, casing);
    }
}
