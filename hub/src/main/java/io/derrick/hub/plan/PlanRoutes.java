package io.derrick.hub.plan;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/plan}: rigs for planning, wells, scenarios (clone, approve, archive), campaigns, campaign wells with
 * their dependencies, calculation runs. Staff read; editors, managers and admins write drafts; managers approve and
 * archive, and may still correct an approved scenario; an archived one is read-only. A stale edit gets 409 with the
 * current row.
 */
final class PlanRoutes {
    static final Access EDIT = Access.roles(Role.EDITOR, Role.MANAGER, Role.ADMIN);
    static final Access MANAGE = Access.roles(Role.MANAGER, Role.ADMIN);
    /** Reads an import's {@code mapping} parameter (field → column). */
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPING = new com.fasterxml.jackson.databind.ObjectMapper();
    static final Set<String> WELL_TYPES = Set.of("exploration", "appraisal", "development", "water", "geotechnical", "other");
    static final Set<String> CW_STATUS = Set.of("planned", "in_progress", "complete", "cancelled");
    static final Set<String> CW_FIELDS = Set.of("version", "campaign", "well", "rig", "plannedStart", "plannedEnd", "durationDays", "status",
            "actualStart", "actualEnd", "nptDays", "extras", "dependencies", "hole");

    private final Plans plans;
    private final PlanFeature.Settings settings;
    private final java.util.function.Supplier<java.util.function.LongConsumer> background;

    PlanRoutes(Plans plans, PlanFeature.Settings settings, java.util.function.Supplier<java.util.function.LongConsumer> background) {
        this.plans = plans;
        this.settings = settings;
        this.background = background;
    }

    void routes(Routes r) {
        r.get("/rigs", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().rigs());
                })
                .put("/rigs/{rig}", EDIT, this::putRig)
                .get("/wells", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().wells());
                })
                .post("/wells", EDIT, (req, res) -> well(req, res, null))
                .put("/wells/{well}", EDIT, (req, res) -> well(req, res, Params.positiveId(req, "well", "well")))
                .get("/scenarios", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().scenarios());
                })
                .post("/scenarios", EDIT, this::createScenario)
                .get("/scenarios/{scenario}", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, full(req));
                })
                .post("/scenarios/{scenario}/clone", EDIT, this::cloneScenario)
                .post("/scenarios/{scenario}/approve", MANAGE, (req, res) -> status(req, res, "draft", "approved"))
                .post("/scenarios/{scenario}/archive", MANAGE, (req, res) -> status(req, res, null, "archived"))
                .post("/scenarios/{scenario}/campaigns", EDIT, this::createCampaign)
                .post("/scenarios/{scenario}/wells", EDIT, (req, res) -> campaignWell(req, res, null))
                .put("/campaign-wells/{campaignWell}", EDIT, (req, res) -> campaignWell(req, res, Params.positiveId(req, "campaignWell", "campaign well")))
                .delete("/campaign-wells/{campaignWell}", EDIT, this::deleteCampaignWell)
                .post("/scenarios/{scenario}/calc", EDIT, this::calc)
                .get("/scenarios/{scenario}/runs", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().runs(scenario(req).id()));
                })
                .get("/scenarios/{scenario}/runs/{run}", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, run(req));
                })
                .get("/scenarios/{scenario}/runs/{run}/schedule.csv", Access.STAFF, this::scheduleCsv)
                .get("/scenarios/{scenario}/comments", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().comments(scenario(req).id()));
                })
                .post("/campaign-wells/{campaignWell}/comments", Access.STAFF, this::comment)
                .delete("/comments/{comment}", Access.STAFF, this::deleteComment)
                .get("/scenarios/{scenario}/subscribers", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().subscribers(scenario(req).id()));
                })
                .put("/scenarios/{scenario}/subscription", Access.STAFF, (req, res) -> subscribe(req, res, true))
                .delete("/scenarios/{scenario}/subscription", Access.STAFF, (req, res) -> subscribe(req, res, false))
                .get("/compare", Access.STAFF, this::compare)
                .get("/scenarios/{scenario}/suggestions", EDIT, this::suggestions)
                .post("/scenarios/{scenario}/suggestions/apply", EDIT, this::applySuggestions)
                .post("/import/columns", EDIT, this::importColumns)
                .post("/import", EDIT, this::importSheet)
                .get("/scenarios/{scenario}/export.xlsx", Access.STAFF, (req, res) -> export(req, res, true))
                .get("/scenarios/{scenario}/export.csv", Access.STAFF, (req, res) -> export(req, res, false));
    }

    // ---- import and export

    private PlanImport.Entity entity(Params q) {
        String e = q.choice("entity", null, Set.of("rigs", "wells", "campaign-wells"));
        if (e == null && q.text("entity") == null) {
            q.error("entity", "required: rigs, wells or campaign-wells");
        }
        return e == null ? null : PlanImport.Entity.of(e);
    }

    private PlanSheet sheet(ServerRequest req, PlanImport.Entity entity) {
        byte[] body;
        try (java.io.InputStream in = req.content().inputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.importMaxBytes() + 1));
        } catch (IOException e) {
            throw ApiException.badField("file", "the upload broke off: " + e.getMessage());
        }
        if (body.length > settings.importMaxBytes()) {
            throw new ApiException(413, "the file is larger than the " + settings.importMaxBytes() / 1_000_000 + " MB an import may have (plan.import.maxBytes)",
                    List.of(new ApiException.FieldError("file", "too large")));
        }
        try {
            return PlanSheet.read(body, entity.sheet, settings.importMaxRows());
        } catch (PlanSheet.BadFile e) {
            throw ApiException.badField("file", e.getMessage());
        }
    }

    /** The first step: the sheet's columns, a few rows, and the mapping the import suggests for them. */
    private void importColumns(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("entity"));
        PlanImport.Entity entity = entity(q);
        q.check();
        PlanSheet sheet = sheet(req, entity);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entity", entity.wire);
        out.put("format", sheet.format());
        out.put("sheet", sheet.sheet());
        out.put("headers", sheet.headers());
        out.put("rows", sheet.rows().size());
        out.put("sample", sheet.rows().subList(0, Math.min(5, sheet.rows().size())));
        out.put("fields", PlanImport.FIELDS.get(entity));
        out.put("mapping", PlanImport.suggestMapping(entity, sheet.headers()));
        Jsons.send(res, out);
    }

    /** The dry run ({@code apply=false}: what would be created, changed or refused, row by row) or the import, all or nothing. */
    private void importSheet(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("entity", "scenario", "mapping", "apply"));
        PlanImport.Entity entity = entity(q);
        String apply = q.choice("apply", "false", Set.of("true", "false"));
        Map<String, String> mapping = null;
        String m = q.text("mapping", 20_000);
        if (m != null) {
            try {
                mapping = MAPPING.readValue(m, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
            } catch (IOException e) {
                q.error("mapping", "a JSON object of field → column, e.g. {\"name\":\"Well name\"}");
            }
        }
        PlanRepository.ScenarioRow scenario = null;
        if (entity == PlanImport.Entity.CAMPAIGN_WELLS) {
            int sid = q.integer("scenario", 0, 1, Integer.MAX_VALUE);
            if (sid == 0 && req.query().first("scenario").isEmpty()) {
                q.error("scenario", "required: the scenario the campaign wells are imported into");
            } else if (sid > 0) {
                scenario = repo().scenario(sid).orElse(null);
                if (scenario == null) {
                    q.error("scenario", "no scenario " + sid);
                }
            }
        }
        q.check();
        if (scenario != null && "true".equals(apply)) {
            requireEditable(req, scenario);
        }
        PlanSheet sheet = sheet(req, entity);
        if (mapping == null) {
            mapping = PlanImport.suggestMapping(entity, sheet.headers());
        }
        List<ApiException.FieldError> bad = PlanImport.checkMapping(entity, mapping, sheet.headers());
        if (!bad.isEmpty()) {
            throw new ApiException(400, "the column mapping does not fit the sheet", bad);
        }
        boolean doIt = "true".equals(apply);
        PlanImport.Result r;
        try {
            r = plans.importSheet(entity, scenario == null ? null : scenario.id(), sheet, mapping, doIt, caller(req).actor());
        } catch (PlanRepository.StaleImport stale) {
            throw new ApiException(409, stale.getMessage(), List.of());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean refused = r.refusesAny();
        out.put("status", refused && doIt ? 422 : 200);
        out.put("message", refused ? r.summary().get("refused") + " of " + r.rows().size() + " rows are refused" + (doIt ? ": nothing was imported" : "")
                : doIt ? "imported " + r.rows().size() + " rows" : "dry run: nothing was stored");
        out.put("entity", entity.wire);
        out.put("applied", doIt && !refused);
        out.put("mapping", mapping);
        out.put("summary", r.summary());
        out.put("rows", r.rows());
        res.status(refused && doIt ? 422 : 200);
        Jsons.send(res, out);
    }

    private void export(ServerRequest req, ServerResponse res, boolean xlsx) {
        new Params(req, Set.of()).check();
        PlanRepository.ScenarioRow s = scenario(req);
        Plans.ForExport e;
        try {
            e = plans.forExport(s.id());
        } catch (Scheduler.Cycle c) {
            throw new ApiException(409, c.getMessage(), List.of());
        }
        String name = "scenario-" + s.id() + "-" + s.name().replaceAll("[^A-Za-z0-9._-]+", "_");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + (xlsx ? ".xlsx" : ".csv") + "\"");
        if (xlsx) {
            res.header(HeaderNames.CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            res.send(PlanExport.xlsx(e.snapshot(), e.calculated()));
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
            res.send(PlanExport.csv(e.snapshot(), e.calculated()));
        }
    }

    // ---- comments and subscriptions

    private void comment(ServerRequest req, ServerResponse res) {
        long id = Params.positiveId(req, "campaignWell", "campaign well");
        long sid = repo().scenarioOfCampaignWell(id).orElseThrow(() -> ApiException.notFound("no campaign well " + id));
        JsonBody b = JsonBody.read(req, Set.of("body"), false);
        String text = b.text("body", true, 2000);
        b.check();
        if (repo().scenario(sid).orElseThrow().status().equals("archived")) {
            throw new ApiException(409, "the scenario is archived: read-only", List.of());
        }
        res.status(Status.CREATED_201);
        Jsons.send(res, repo().addComment(id, text, caller(req).actor(), plans.now()));
    }

    private void deleteComment(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        long id = Params.positiveId(req, "comment", "comment");
        PlanRepository.Comment c = repo().comment(id).orElseThrow(() -> ApiException.notFound("no comment " + id));
        Principal p = caller(req);
        if (!c.author().equals(p.user().username()) && !p.user().has(Role.ADMIN)) {
            throw ApiException.forbidden("only " + c.author() + " (or an admin) may delete this comment");
        }
        repo().deleteComment(c, p.actor(), plans.now());
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    /** The caller subscribes to (or leaves) a scenario's emails about changes of its approved schedule. */
    private void subscribe(ServerRequest req, ServerResponse res, boolean on) {
        new Params(req, Set.of()).check();
        PlanRepository.ScenarioRow s = scenario(req);
        Principal p = caller(req);
        if (on && (p.user().email() == null || p.user().email().isBlank())) {
            throw ApiException.badField("email", "your account has no email address: an admin adds it (Users), then subscribe");
        }
        repo().subscribe(s.id(), p.user().username(), on, p.actor(), plans.now());
        Jsons.send(res, repo().subscribers(s.id()));
    }

    // ---- compare and levelling

    private void compare(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("a", "b", "from", "to"));
        int a = q.integer("a", 0, 1, Integer.MAX_VALUE);
        int b = q.integer("b", 0, 1, Integer.MAX_VALUE);
        if (a == 0 && req.query().first("a").isEmpty()) {
            q.error("a", "required: the first scenario's id");
        }
        if (b == 0 && req.query().first("b").isEmpty()) {
            q.error("b", "required: the second scenario's id");
        }
        LocalDate from = q.date("from", plans.today());
        LocalDate to = q.date("to", from.plusYears(1));
        if (!to.isAfter(from)) {
            q.error("to", "must be after from (" + from + ")");
        }
        q.check();
        for (long id : new long[] {a, b}) {
            if (repo().scenario(id).isEmpty()) {
                throw ApiException.notFound("no scenario " + id);
            }
        }
        Jsons.send(res, plans.compare(a, b, from, to));
    }

    private void suggestions(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("moves"));
        int moves = q.integer("moves", 5, 1, 50);
        q.check();
        try {
            Jsons.send(res, plans.suggest(scenario(req).id(), moves, SUGGESTION_BUDGET));
        } catch (Scheduler.Cycle c) {
            throw new ApiException(409, c.getMessage(), List.of());
        }
    }

    /** Schedules tried for one suggestion at most (each is a full forward pass). */
    static final int SUGGESTION_BUDGET = 400;

    private void applySuggestions(ServerRequest req, ServerResponse res) {
        PlanRepository.ScenarioRow s = scenario(req);
        requireEditable(req, s);
        JsonBody b = JsonBody.read(req, Set.of("moves"), false);
        PlanRepository.Full full = repo().full(s.id()).orElseThrow();
        Set<String> rigs = new java.util.HashSet<>();
        repo().rigs().forEach(r -> rigs.add(r.id()));
        List<PlanRepository.RigMove> moves = new ArrayList<>();
        List<JsonBody> rows = b.objects("moves", Set.of("campaignWell", "version", "rig"), 50);
        if (rows.isEmpty()) {
            b.error("moves", "required: the moves to apply, each {campaignWell, version, rig}");
        }
        for (JsonBody m : rows) {
            Integer id = m.integer("campaignWell", 1, Integer.MAX_VALUE);
            Integer version = m.integer("version", 1, Integer.MAX_VALUE);
            String rig = m.text("rig", true, 64);
            if (id != null && full.wells().stream().noneMatch(w -> w.id() == id)) {
                m.error("campaignWell", "no campaign well " + id + " in scenario " + s.name());
            }
            if (version == null) {
                m.error("version", "required: the version the suggestion was made from");
            }
            if (rig != null && !rigs.contains(rig)) {
                m.error("rig", "rig " + rig + " has no planning data");
            }
            if (id != null && version != null && rig != null) {
                moves.add(new PlanRepository.RigMove(id, version, rig));
            }
        }
        b.check();
        try {
            Jsons.send(res, repo().moveToRigs(moves, caller(req).actor(), plans.now()));
        } catch (PlanRepository.StaleMove stale) {
            stale(res, "campaign well " + stale.current().id() + " (none of the moves was applied)", stale.current());
        }
    }

    private PlanRepository repo() {
        return plans.repository();
    }

    // ---- rigs and wells

    private void putRig(ServerRequest req, ServerResponse res) {
        String id = new Params(req, Set.of()).idPath("rig");
        JsonBody b = JsonBody.read(req, Set.of("version", "name", "dayRate", "currency", "status", "available"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        String name = b.text("name", true, 80);
        Double rate = b.number("dayRate", true, 0, 1e9);
        String currency = b.text("currency", true, 3);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            b.error("currency", "an ISO 4217 code, e.g. USD");
        }
        String status = b.choice("status", true, Set.of("active", "standby", "maintenance"));
        List<PlanRepository.Window> windows = new ArrayList<>();
        for (JsonBody w : b.objects("available", Set.of("from", "to"), 100)) {
            LocalDate from = w.date("from", true);
            LocalDate to = w.date("to", false);
            if (from != null && to != null && !to.isAfter(from)) {
                w.error("to", "must be after from (" + from + ")");
            } else if (from != null) {
                windows.add(new PlanRepository.Window(from, to));
            }
        }
        b.check();
        var edit = repo().putRig(id, name, rate, currency, status, windows, version, caller(req).actor(), plans.now())
                .orElseThrow(() -> ApiException.notFound("no planning data for rig " + id + ": send it without a version to create it"));
        send(res, edit, version == null ? 201 : 200, "rig " + id);
    }

    private void well(ServerRequest req, ServerResponse res, Long id) {
        JsonBody b = JsonBody.read(req, Set.of("version", "name", "field", "type", "plannedDepth", "location"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (id != null && version == null) {
            b.error("version", "required: the version the edit started from");
        }
        String name = b.text("name", true, 80);
        String field = b.text("field", false, 80);
        String type = b.choice("type", true, WELL_TYPES);
        Double depth = b.number("plannedDepth", false, 0.1, 20_000);
        String location = b.text("location", false, 200);
        if (name != null && repo().wellNameTaken(name, id)) {
            b.error("name", "a well named '" + name + "' exists");
        }
        b.check();
        if (id == null) {
            res.status(Status.CREATED_201);
            Jsons.send(res, repo().createWell(name, field, type, depth, location, caller(req).actor(), plans.now()));
            return;
        }
        var edit = repo().updateWell(id, version, name, field, type, depth, location, caller(req).actor(), plans.now())
                .orElseThrow(() -> ApiException.notFound("no well " + id));
        send(res, edit, 200, "well " + id);
    }

    // ---- scenarios

    private void createScenario(ServerRequest req, ServerResponse res) {
        JsonBody b = JsonBody.read(req, Set.of("name", "horizon"), false);
        String name = b.text("name", true, 80);
        String horizon = b.text("horizon", true, 40);
        if (name != null && repo().scenarioNameTaken(name)) {
            b.error("name", "a scenario named '" + name + "' exists");
        }
        b.check();
        res.status(Status.CREATED_201);
        Jsons.send(res, repo().createScenario(name, horizon, caller(req).actor(), plans.now()));
    }

    private void cloneScenario(ServerRequest req, ServerResponse res) {
        PlanRepository.ScenarioRow s = scenario(req);
        JsonBody b = JsonBody.read(req, Set.of("name"), false);
        String name = b.text("name", true, 80);
        if (name != null && repo().scenarioNameTaken(name)) {
            b.error("name", "a scenario named '" + name + "' exists");
        }
        b.check();
        PlanRepository.ScenarioRow copy = repo().cloneScenario(s.id(), name, caller(req).actor(), plans.now());
        res.status(Status.CREATED_201);
        Jsons.send(res, repo().full(copy.id()).orElseThrow());
    }

    /** {@code from}: the status the move starts from (null: any but {@code to}). */
    private void status(ServerRequest req, ServerResponse res, String from, String to) {
        PlanRepository.ScenarioRow s = scenario(req);
        JsonBody b = JsonBody.read(req, Set.of("version"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (version == null) {
            b.error("version", "required: the scenario's version (" + s.version() + ")");
        }
        b.check();
        String start = from == null ? s.status() : from;
        if (!s.status().equals(start) || s.status().equals(to)) {
            throw new ApiException(409, "scenario " + s.name() + " is " + s.status() + ": it cannot be " + to, List.of());
        }
        var after = repo().setStatus(s.id(), version, start, to, caller(req).actor(), plans.now());
        if (after.isEmpty()) {
            stale(res, "scenario " + s.name(), repo().scenario(s.id()).orElseThrow());
        } else {
            Jsons.send(res, after.get());
        }
    }

    private void createCampaign(ServerRequest req, ServerResponse res) {
        PlanRepository.ScenarioRow s = scenario(req);
        requireEditable(req, s);
        JsonBody b = JsonBody.read(req, Set.of("name"), false);
        String name = b.text("name", true, 80);
        b.check();
        PlanRepository.CampaignRow c = repo().createCampaign(s.id(), name, caller(req).actor(), plans.now())
                .orElseThrow(() -> new ApiException(409, "scenario " + s.name() + " has a campaign named '" + name + "'",
                        List.of(new ApiException.FieldError("name", "exists"))));
        res.status(Status.CREATED_201);
        Jsons.send(res, c);
    }

    // ---- campaign wells

    private void campaignWell(ServerRequest req, ServerResponse res, Long id) {
        PlanRepository.ScenarioRow s;
        if (id == null) {
            s = scenario(req);
        } else {
            long sid = repo().scenarioOfCampaignWell(id).orElseThrow(() -> ApiException.notFound("no campaign well " + id));
            s = repo().scenario(sid).orElseThrow();
        }
        requireEditable(req, s);
        PlanRepository.Full full = repo().full(s.id()).orElseThrow();
        JsonBody b = JsonBody.read(req, CW_FIELDS, false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (id != null && version == null) {
            b.error("version", "required: the version the edit started from");
        }
        Integer campaign = b.integer("campaign", 1, Integer.MAX_VALUE);
        if (campaign == null) {
            b.error("campaign", "required: the campaign (of this scenario) the well is drilled in");
        } else if (full.campaigns().stream().noneMatch(c -> c.id() == campaign)) {
            b.error("campaign", "scenario " + s.name() + " has no campaign " + campaign);
        }
        Integer well = b.integer("well", 1, Integer.MAX_VALUE);
        if (well == null) {
            b.error("well", "required: the well's id");
        } else if (repo().well(well).isEmpty()) {
            b.error("well", "no well " + well);
        }
        String rig = b.text("rig", false, 64);
        if (rig != null && repo().rig(rig).isEmpty()) {
            b.error("rig", "rig " + rig + " has no planning data (PUT /api/plan/rigs/" + rig + ")");
        }
        LocalDate start = b.date("plannedStart", false);
        LocalDate end = b.date("plannedEnd", false);
        Double days = b.number("durationDays", false, 0.01, 3650);
        if (end != null && start == null) {
            b.error("plannedEnd", "needs plannedStart (or give durationDays)");
        } else if (end != null && days != null) {
            b.error("plannedEnd", "give the end or durationDays, not both");
        } else if (end != null && !end.isAfter(start)) {
            b.error("plannedEnd", "must be after plannedStart (" + start + ")");
        } else if (end != null) {
            days = (double) (end.toEpochDay() - start.toEpochDay());
        } else if (days == null) {
            b.error("durationDays", "required: the days it takes (or plannedStart and plannedEnd)");
        }
        String status = b.choice("status", false, CW_STATUS);
        LocalDate actualStart = b.date("actualStart", false);
        LocalDate actualEnd = b.date("actualEnd", false);
        if (actualEnd != null && (actualStart == null || actualEnd.isBefore(actualStart))) {
            b.error("actualEnd", actualStart == null ? "needs actualStart" : "before actualStart (" + actualStart + ")");
        }
        Double npt = b.number("nptDays", false, 0, 3650);
        String hole = b.text("hole", false, 40);
        if (hole != null && rig == null) {
            b.error("hole", "needs the rig whose daily reports drill it");
        }
        List<PlanRepository.Extra> extras = new ArrayList<>();
        for (JsonBody e : b.objects("extras", Set.of("name", "amount"), 50)) {
            String n = e.text("name", true, 80);
            Double amount = e.number("amount", true, -1e12, 1e12);
            if (n != null && amount != null) {
                extras.add(new PlanRepository.Extra(n, amount));
            }
        }
        List<PlanRepository.Dependency> deps = new ArrayList<>();
        Set<Long> inScenario = new java.util.HashSet<>();
        full.wells().forEach(w -> inScenario.add(w.id()));
        List<JsonBody> depRows = b.objects("dependencies", Set.of("predecessor", "lagDays"), 50);
        for (JsonBody d : depRows) {
            Integer p = d.integer("predecessor", 1, Integer.MAX_VALUE);
            Double lag = d.number("lagDays", false, -365, 365);
            if (p == null) {
                d.error("predecessor", "required: the campaign well it waits for");
            } else if (!inScenario.contains((long) p) || id != null && p.longValue() == id) {
                d.error("predecessor", id != null && p.longValue() == id ? "a well cannot wait for itself" : "no campaign well " + p + " in scenario " + s.name());
            } else {
                deps.add(new PlanRepository.Dependency(p, lag == null ? 0 : lag));
            }
        }
        b.check();
        PlanRepository.CampaignWellFields f = new PlanRepository.CampaignWellFields(campaign, well, rig, start, days, status == null ? "planned" : status,
                actualStart, actualEnd, npt == null ? 0 : npt, extras, deps, hole);
        if (id != null) {
            try {
                plans.refuseCycles(full, new PlanRepository.CampaignWellRow(id, campaign, well, rig, start, days, f.status(), actualStart, actualEnd,
                        f.nptDays(), extras, deps, hole, version));
            } catch (Scheduler.Cycle c) {
                throw ApiException.badField("dependencies", c.getMessage());
            }
            var edit = repo().updateCampaignWell(id, version, f, caller(req).actor(), plans.now())
                    .orElseThrow(() -> ApiException.notFound("no campaign well " + id));
            send(res, edit, 200, "campaign well " + id);
            return;
        }
        // a new well waits for others; nothing waits for it yet: it closes no loop
        res.status(Status.CREATED_201);
        Jsons.send(res, repo().createCampaignWell(f, caller(req).actor(), plans.now()));
    }

    private void deleteCampaignWell(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        long id = Params.positiveId(req, "campaignWell", "campaign well");
        long sid = repo().scenarioOfCampaignWell(id).orElseThrow(() -> ApiException.notFound("no campaign well " + id));
        requireEditable(req, repo().scenario(sid).orElseThrow());
        repo().deleteCampaignWell(id, caller(req).actor(), plans.now());
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    // ---- calculations

    private void calc(ServerRequest req, ServerResponse res) {
        PlanRepository.ScenarioRow s = scenario(req);
        JsonBody b = JsonBody.read(req, Set.of("from", "to"), true);
        LocalDate from = b.date("from", false);
        LocalDate to = b.date("to", false);
        LocalDate f = from == null ? plans.today() : from;
        LocalDate t = to == null ? f.plusYears(1) : to;
        if (!t.isAfter(f)) {
            b.error("to", "must be after from (" + f + ")");
        }
        b.check();
        PlanRepository.Run run = plans.request(s.id(), f, t, caller(req).actor(), settings.inlineWells(), background.get());
        // done at once: 201 with the results; in the background: 202, and the run's address to follow its progress
        res.status(run.status().equals("pending") ? Status.ACCEPTED_202 : Status.CREATED_201);
        res.header(HeaderNames.LOCATION, "/api/plan/scenarios/" + s.id() + "/runs/" + run.id());
        Jsons.send(res, run);
    }

    @SuppressWarnings("unchecked")
    private void scheduleCsv(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        PlanRepository.Run run = run(req);
        if (!(run.results() instanceof Map<?, ?> results)) {
            throw new ApiException(409, "run " + run.id() + " " + run.status() + (run.error() == null ? "" : ": " + run.error()), List.of());
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("campaign_well", "name", "campaign", "rig", "start", "end", "days", "driver", "driven_by").get())) {
            for (Map<String, Object> row : (List<Map<String, Object>>) results.get("schedule")) {
                csv.printRecord(row.get("campaignWell"), row.get("name"), row.get("campaign"), row.get("rig"), row.get("start"), row.get("end"),
                        row.get("days"), row.get("driver"), row.get("drivenBy"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"scenario-" + run.scenario() + "-run-" + run.id() + ".csv\"");
        res.send(out.toString());
    }

    // ---- helpers

    private static Principal caller(ServerRequest req) {
        return Routes.caller(req);
    }

    private PlanRepository.ScenarioRow scenario(ServerRequest req) {
        long id = Params.positiveId(req, "scenario", "scenario");
        return repo().scenario(id).orElseThrow(() -> ApiException.notFound("no scenario " + id));
    }

    private Map<String, Object> full(ServerRequest req) {
        PlanRepository.Full f = repo().full(scenario(req).id()).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", f.scenario());
        out.put("campaigns", f.campaigns());
        out.put("wells", f.wells());
        return out;
    }

    private PlanRepository.Run run(ServerRequest req) {
        PlanRepository.ScenarioRow s = scenario(req);
        long id = Params.positiveId(req, "run", "run");
        return repo().run(s.id(), id).orElseThrow(() -> ApiException.notFound("no run " + id + " of scenario " + s.name()));
    }

    /** An approved scenario changes only by a manager's hand; an archived one not at all. */
    private static void requireEditable(ServerRequest req, PlanRepository.ScenarioRow s) {
        Principal p = caller(req);
        if (s.status().equals("archived")
                || s.status().equals("approved") && !(p.user().has(Role.MANAGER) || p.user().has(Role.ADMIN))) {
            throw new ApiException(409, "scenario " + s.name() + " is " + s.status() + ": read-only"
                    + (s.status().equals("approved") ? " to editors (clone it to plan changes)" : ""), List.of());
        }
    }

    private static <T> void send(ServerResponse res, PlanRepository.Edit<T> edit, int status, String what) {
        switch (edit) {
            case PlanRepository.Edit.Done<T> done -> {
                res.status(status);
                Jsons.send(res, done.row());
            }
            case PlanRepository.Edit.Stale<T> stale -> stale(res, what, stale.current());
        }
    }

    private static void stale(ServerResponse res, String what, Object current) {
        Jsons.stale(res, what + " was changed meanwhile (or exists): nothing was stored; 'current' is how it is now", current);
    }
}
