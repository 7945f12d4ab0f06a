package io.derrick.hub.equipment;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * {@code /api/equipment}, {@code /api/maintenance}, {@code /api/incidents}. Staff read everything of the rigs they
 * see; a client's user sees only equipment, work orders and incidents of its rigs that are marked shareable, and no
 * schedules or models. Maintenance (and admins) write equipment, schedules and work orders and run the models;
 * supervisors, managers and maintenance report incidents; managers close them.
 */
final class EquipmentRoutes {
    static final Access MAINTAIN = Access.roles(Role.MAINTENANCE, Role.ADMIN);
    static final Access REPORT = Access.roles(Role.SUPERVISOR, Role.MANAGER, Role.MAINTENANCE, Role.ADMIN);
    static final Set<String> KINDS = Set.of("top_drive", "mud_pump", "drawworks", "generator", "rotary_table", "shaker", "centrifuge",
            "compressor", "bop", "other");
    static final Set<String> WO_TYPES = Set.of("preventive", "corrective", "emergency");
    static final Set<String> CATEGORIES = Set.of("safety", "environmental", "equipment", "regulatory");
    static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private static final String CHANNEL = "[A-Za-z0-9_.\\-]{1,40}";

    private final EquipmentHealth health;
    private final RigScope scope;
    private final LongConsumer queue;

    EquipmentRoutes(EquipmentHealth health, RigScope scope, LongConsumer queue) {
        this.health = health;
        this.scope = scope;
        this.queue = queue;
    }

    void routes(Routes api) {
        api.get("/equipment", Access.SIGNED_IN, this::list)
                .post("/equipment", MAINTAIN, (req, res) -> putEquipment(req, res, null))
                .get("/equipment/health", Access.SIGNED_IN, this::fleetHealth)
                .get("/equipment/models", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().models());
                })
                .post("/equipment/models/{kind}/train", MAINTAIN, this::train)
                .post("/equipment/score", MAINTAIN, this::scoreNow)
                .get("/equipment/jobs", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    Jsons.send(res, repo().jobs(50));
                })
                .get("/equipment/jobs/{job}", Access.STAFF, (req, res) -> {
                    new Params(req, Set.of()).check();
                    long id = Params.positiveId(req, "job", "job");
                    Jsons.send(res, repo().job(id).orElseThrow(() -> ApiException.notFound("no job " + id)));
                })
                .get("/equipment/{equipment}", Access.SIGNED_IN, this::detail)
                .put("/equipment/{equipment}", MAINTAIN, (req, res) -> putEquipment(req, res, Params.positiveId(req, "equipment", "equipment")))
                .get("/maintenance/board", Access.STAFF, this::board)
                .get("/maintenance/schedules", Access.STAFF, (req, res) -> {
                    Params q = new Params(req, Set.of("rig"));
                    Collection<String> rigs = rigs(req, q);
                    q.check();
                    Jsons.send(res, health.withDue(maintenance().schedules(rigs)));
                })
                .post("/maintenance/schedules", MAINTAIN, (req, res) -> putSchedule(req, res, null))
                .put("/maintenance/schedules/{schedule}", MAINTAIN, (req, res) -> putSchedule(req, res, Params.positiveId(req, "schedule", "schedule")))
                .get("/maintenance/work-orders", Access.SIGNED_IN, this::workOrders)
                .post("/maintenance/work-orders", MAINTAIN, (req, res) -> putWorkOrder(req, res, null))
                .put("/maintenance/work-orders/{workOrder}", MAINTAIN, (req, res) -> putWorkOrder(req, res, Params.positiveId(req, "workOrder", "work order")))
                .post("/maintenance/work-orders/{workOrder}/{action}", MAINTAIN, this::moveWorkOrder)
                .get("/incidents", Access.SIGNED_IN, this::incidents)
                .post("/incidents", REPORT, this::report)
                .post("/incidents/{incident}/{action}", REPORT, this::moveIncident);
    }

    private EquipmentRepository repo() {
        return health.repository();
    }

    private MaintenanceRepository maintenance() {
        return health.maintenance();
    }

    private static Principal caller(ServerRequest req) {
        return Routes.caller(req);
    }

    private static boolean isClient(ServerRequest req) {
        return caller(req).client() != null;
    }

    /** The rigs asked for ({@code rig}, else all) that the caller sees. */
    private Collection<String> rigs(ServerRequest req, Params q) {
        String rig = q.id("rig");
        if (rig != null) {
            scope.require(req, rig);
            return List.of(rig);
        }
        Set<String> visible = scope.visible(req);
        return visible == null ? repo().allRigs() : visible;
    }

    /** The equipment, when the caller may see it (a client: shareable, of its rig), else 404. */
    private EquipmentRepository.Equipment visibleEquipment(ServerRequest req, long id) {
        EquipmentRepository.Equipment e = repo().equipment(id).orElseThrow(() -> ApiException.notFound("no equipment " + id));
        if (!scope.sees(req, e.rig()) || (isClient(req) && !e.shareable())) {
            throw ApiException.notFound("no equipment " + id);
        }
        return e;
    }

    // ---- equipment

    private void list(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("rig"));
        Collection<String> rigs = rigs(req, q);
        q.check();
        boolean client = isClient(req);
        Jsons.send(res, repo().equipment(rigs).stream().filter(e -> !client || e.shareable()).toList());
    }

    /** Per rig the caller sees, its equipment's worst health: the lowest remaining life relative to its kind's threshold. */
    private void fleetHealth(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of());
        Collection<String> rigs = rigs(req, q);
        q.check();
        boolean client = isClient(req);
        Map<String, Map<String, Object>> worst = new LinkedHashMap<>();
        for (EquipmentRepository.Equipment e : repo().equipment(rigs)) {
            if ((client && !e.shareable()) || e.rul() == null) {
                continue;
            }
            Double threshold = health.thresholds().get(e.kind());
            String state = threshold == null ? "ok" : e.rul().rulHours() < threshold ? (e.rul().lowHours() <= 0 ? "critical" : "warning") : "ok";
            Map<String, Object> current = worst.get(e.rig());
            if (current == null || (double) current.get("rulHours") > e.rul().rulHours()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("equipment", e.id());
                m.put("name", e.name());
                m.put("kind", e.kind());
                m.put("rulHours", e.rul().rulHours());
                m.put("lowHours", e.rul().lowHours());
                m.put("highHours", e.rul().highHours());
                m.put("state", state);
                worst.put(e.rig(), m);
            }
        }
        Jsons.send(res, worst);
    }

    private void detail(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        EquipmentRepository.Equipment e = visibleEquipment(req, Params.positiveId(req, "equipment", "equipment"));
        boolean client = isClient(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("equipment", e);
        out.put("threshold", health.thresholds().get(e.kind()));
        EquipmentHealth.KindSpec spec = EquipmentHealth.KINDS.get(e.kind());
        out.put("modelChannels", spec == null ? null : spec.channels());
        out.put("predictions", repo().predictions(e.id(), 500));
        out.put("hours", repo().hours(e.id(), 30));
        List<MaintenanceRepository.WorkOrder> orders = maintenance().workOrders(List.of(e.rig()), client, e.id());
        out.put("workOrders", orders);
        out.put("lastMaintenance", orders.stream().filter(w -> w.status().equals("completed")).findFirst().orElse(null));
        out.put("schedules", client ? List.of() : health.withDue(maintenance().schedules(List.of(e.rig())).stream()
                .filter(s -> s.equipment() == e.id()).toList()));
        Jsons.send(res, out);
    }

    private void putEquipment(ServerRequest req, ServerResponse res, Long id) {
        JsonBody b = JsonBody.read(req, Set.of("version", "rig", "kind", "name", "make", "model", "serial", "installedOn", "hoursAtInstall",
                "node", "devices", "runChannel", "runAbove", "channels", "shareable"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (id != null && version == null) {
            b.error("version", "required: the version the edit started from");
        }
        EquipmentRepository.Equipment before = id == null ? null : visibleEquipment(req, id);
        String rig = id == null ? b.text("rig", true, 40) : before.rig();
        if (id != null && b.has("rig") && !before.rig().equals(b.text("rig", false, 40))) {
            b.error("rig", "equipment does not move between rigs: add it to the other rig");
        }
        if (id == null && rig != null && !repo().rigExists(rig)) {
            b.error("rig", "no rig " + rig);
        }
        String kind = b.choice("kind", true, KINDS);
        String name = b.text("name", true, 80);
        String make = b.text("make", false, 80);
        String model = b.text("model", false, 80);
        String serial = b.text("serial", false, 80);
        LocalDate installed = b.date("installedOn", false);
        if (installed != null && installed.isAfter(LocalDate.ofInstant(health.now(), ZoneOffset.UTC))) {
            b.error("installedOn", "is in the future");
        }
        Double hoursAtInstall = b.number("hoursAtInstall", false, 0, 1_000_000);
        String node = b.text("node", false, 80);
        if (node != null && rig != null && !repo().nodeExists(rig, node)) {
            b.error("node", "rig " + rig + " has no edge node " + node);
        }
        List<String> devices = b.has("devices") ? b.texts("devices", 20, 80) : List.of();
        String runChannel = b.text("runChannel", false, 40);
        if (runChannel != null && !runChannel.matches(CHANNEL)) {
            b.error("runChannel", "a channel mnemonic (letters, digits, _ . -), got '" + runChannel + "'");
        }
        Double runAbove = b.number("runAbove", false, -1e9, 1e9);
        List<String> channels = b.has("channels") ? b.texts("channels", 40, 40) : List.of();
        for (int i = 0; i < channels.size(); i++) {
            if (!channels.get(i).matches(CHANNEL)) {
                b.error("channels[" + i + "]", "a channel mnemonic (letters, digits, _ . -), got '" + channels.get(i) + "'");
            }
        }
        Boolean shareable = b.bool("shareable");
        if (name != null && rig != null && repo().nameTaken(rig, name, id)) {
            b.error("name", rig + " has equipment named '" + name + "'");
        }
        b.check();
        var f = new EquipmentRepository.EquipmentFields(rig, kind, name, make, model, serial, installed, hoursAtInstall == null ? 0 : hoursAtInstall,
                node, devices, runChannel, runAbove == null ? 0 : runAbove, channels, Boolean.TRUE.equals(shareable));
        if (id == null) {
            res.status(201);
            Jsons.send(res, repo().createEquipment(f, caller(req).actor(), health.now()));
            return;
        }
        send(res, repo().updateEquipment(id, version, f, caller(req).actor(), health.now())
                .orElseThrow(() -> ApiException.notFound("no equipment " + id)), "equipment " + id);
    }

    private void train(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of());
        String kind = q.idPath("kind");
        q.check();
        if (!EquipmentHealth.KINDS.containsKey(kind)) {
            throw ApiException.notFound("no RUL model for equipment of kind " + kind + " (models: " + String.join(", ", EquipmentHealth.KINDS.keySet()) + ")");
        }
        accepted(res, repo().queueJob("train", kind, caller(req).actor(), health.now()));
    }

    private void scoreNow(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        accepted(res, repo().queueJob("score", null, caller(req).actor(), health.now()));
    }

    private void accepted(ServerResponse res, EquipmentRepository.Job job) {
        queue.accept(job.id());
        res.status(202);
        res.header(HeaderNames.LOCATION, "/api/equipment/jobs/" + job.id());
        Jsons.send(res, job);
    }

    /** The body's {@code equipment}: required, and equipment the caller sees (null with the field's error otherwise). */
    private Long equipmentField(ServerRequest req, JsonBody b) {
        Integer e = b.integer("equipment", 1, Integer.MAX_VALUE);
        if (e == null && !b.has("equipment")) {
            b.error("equipment", "required: the equipment's id");
        } else if (e != null && repo().equipment(e).filter(x -> scope.sees(req, x.rig())).isEmpty()) {
            b.error("equipment", "no equipment " + e);
        }
        return e == null ? null : e.longValue();
    }

    // ---- schedules

    private void putSchedule(ServerRequest req, ServerResponse res, Long id) {
        JsonBody b = JsonBody.read(req, Set.of("version", "equipment", "name", "basis", "everyDays", "everyHours", "rulBelowHours",
                "lastDoneOn", "lastDoneHours", "autoWorkOrder", "active"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (id != null && version == null) {
            b.error("version", "required: the version the edit started from");
        }
        MaintenanceRepository.ScheduleRow before = id == null ? null : maintenance().schedule(id)
                .filter(s -> scope.sees(req, s.rig())).orElseThrow(() -> ApiException.notFound("no schedule " + id));
        Long equipment = before != null ? (Long) before.equipment() : equipmentField(req, b);
        String name = b.text("name", true, 120);
        String basis = b.choice("basis", true, Set.of("calendar", "hours", "condition"));
        Integer everyDays = b.integer("everyDays", 1, 3650);
        Double everyHours = b.number("everyHours", false, 1, 100_000);
        Double rulBelow = b.number("rulBelowHours", false, 1, 100_000);
        if (basis != null) {
            require(b, basis.equals("calendar"), "everyDays", everyDays != null, basis);
            require(b, basis.equals("hours"), "everyHours", everyHours != null, basis);
            require(b, basis.equals("condition"), "rulBelowHours", rulBelow != null, basis);
        }
        LocalDate lastDoneOn = b.date("lastDoneOn", false);
        Double lastDoneHours = b.number("lastDoneHours", false, 0, 1_000_000);
        Boolean auto = b.bool("autoWorkOrder");
        Boolean active = b.bool("active");
        b.check();
        var f = new MaintenanceRepository.ScheduleFields(equipment, name, basis, everyDays, everyHours, rulBelow, lastDoneOn, lastDoneHours,
                auto == null || auto, active == null || active);
        if (id == null) {
            res.status(201);
            Jsons.send(res, maintenance().createSchedule(f, caller(req).actor(), health.now()));
            return;
        }
        send(res, maintenance().updateSchedule(id, version, f, caller(req).actor(), health.now())
                .orElseThrow(() -> ApiException.notFound("no schedule " + id)), "schedule " + id);
    }

    /** A field the basis needs is there, and one it does not is absent. */
    private static void require(JsonBody b, boolean needed, String field, boolean present, String basis) {
        if (needed && !present && !b.has(field)) {
            b.error(field, "required for a " + basis + " schedule");
        } else if (!needed && present) {
            b.error(field, "not used by a " + basis + " schedule: leave it out");
        }
    }

    // ---- work orders

    private void workOrders(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("rig", "equipment", "status"));
        Collection<String> rigs = rigs(req, q);
        String status = q.choice("status", null, Set.of("scheduled", "in_progress", "completed", "cancelled"));
        String e = q.text("equipment", 20);
        Long equipment = null;
        if (e != null) {
            try {
                equipment = Long.parseLong(e);
            } catch (NumberFormatException x) {
                q.error("equipment", "an equipment id, got '" + e + "'");
            }
        }
        q.check();
        Jsons.send(res, maintenance().workOrders(rigs, isClient(req), equipment).stream()
                .filter(w -> status == null || w.status().equals(status)).toList());
    }

    private void putWorkOrder(ServerRequest req, ServerResponse res, Long id) {
        JsonBody b = JsonBody.read(req, Set.of("version", "equipment", "type", "description", "scheduledOn", "performedBy", "parts", "cost",
                "shareable"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (id != null && version == null) {
            b.error("version", "required: the version the edit started from");
        }
        MaintenanceRepository.WorkOrder before = id == null ? null : maintenance().workOrder(id)
                .filter(w -> scope.sees(req, w.rig())).orElseThrow(() -> ApiException.notFound("no work order " + id));
        if (before != null && (before.status().equals("completed") || before.status().equals("cancelled"))) {
            throw new ApiException(409, "work order " + id + " is " + before.status() + ": it is a record now and is not edited",
                    List.of(new ApiException.FieldError("status", before.status())));
        }
        Long equipment = before != null ? (Long) before.equipment() : equipmentField(req, b);
        String type = b.choice("type", true, WO_TYPES);
        String description = b.text("description", true, 2000);
        LocalDate scheduledOn = b.date("scheduledOn", true);
        String performedBy = b.text("performedBy", false, 120);
        List<MaintenanceRepository.Part> parts = new ArrayList<>();
        for (JsonBody p : b.objects("parts", Set.of("part", "quantity", "unitCost"), 100)) {
            String part = p.text("part", true, 120);
            Double qty = p.number("quantity", true, 0.001, 1e6);
            Double unit = p.number("unitCost", false, 0, 1e9);
            if (part != null && qty != null) {
                parts.add(new MaintenanceRepository.Part(part, qty, unit));
            }
        }
        Double cost = b.number("cost", false, 0, 1e12);
        Boolean shareable = b.bool("shareable");
        b.check();
        var f = new MaintenanceRepository.WorkOrderFields(equipment, before == null ? null : before.schedule(), type, description, scheduledOn,
                performedBy, parts, cost == null ? null : BigDecimal.valueOf(cost).setScale(2, java.math.RoundingMode.HALF_UP),
                Boolean.TRUE.equals(shareable));
        if (id == null) {
            res.status(201);
            Jsons.send(res, maintenance().createWorkOrder(f, caller(req).actor(), health.now()));
            return;
        }
        send(res, maintenance().updateWorkOrder(id, version, f, caller(req).actor(), health.now())
                .orElseThrow(() -> ApiException.notFound("no work order " + id)), "work order " + id);
    }

    private void moveWorkOrder(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        long id = Params.positiveId(req, "workOrder", "work order");
        String action = req.path().pathParameters().get("action");
        JsonBody b = JsonBody.read(req, Set.of("version", "note", "completedOn"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (version == null && !b.has("version")) {
            b.error("version", "required: the version the change started from");
        }
        String note = b.text("note", false, 2000);
        LocalDate completedOn = b.date("completedOn", false);
        LocalDate today = LocalDate.ofInstant(health.now(), ZoneOffset.UTC);
        if (completedOn != null && completedOn.isAfter(today)) {
            b.error("completedOn", "is in the future");
        }
        b.check();
        MaintenanceRepository.WorkOrder w = maintenance().workOrder(id).filter(x -> scope.sees(req, x.rig()))
                .orElseThrow(() -> ApiException.notFound("no work order " + id));
        Flows.Decision d = Flows.decide(Flows.WORK_ORDER, w.status(), action, caller(req).user().roles(), note);
        refuseUnless(d);
        EquipmentRepository.Equipment e = repo().equipment(w.equipment()).orElseThrow();
        send(res, maintenance().move(id, version, d.to(), note, completedOn == null ? today : completedOn, e.runningHours(),
                caller(req).actor(), health.now()).orElseThrow(() -> ApiException.notFound("no work order " + id)), "work order " + id);
    }

    private static void refuseUnless(Flows.Decision d) {
        if (!d.allowed()) {
            throw new ApiException(d.refusal(), d.reason(), List.of(new ApiException.FieldError(d.field(), d.reason())));
        }
    }

    // ---- incidents

    private void incidents(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("rig"));
        Collection<String> rigs = rigs(req, q);
        q.check();
        Jsons.send(res, maintenance().incidents(rigs, isClient(req)));
    }

    private void report(ServerRequest req, ServerResponse res) {
        JsonBody b = JsonBody.read(req, Set.of("rig", "equipment", "category", "severity", "title", "description", "occurredAt", "location",
                "injuries", "environmentalImpact", "regulatorNotification", "shareable"), false);
        String rig = b.text("rig", true, 40);
        if (rig != null && (!repo().rigExists(rig) || !scope.sees(req, rig))) {
            b.error("rig", "no rig " + rig);
        }
        Integer equipment = b.integer("equipment", 1, Integer.MAX_VALUE);
        if (equipment != null && repo().equipment(equipment).filter(e -> e.rig().equals(rig)).isEmpty()) {
            b.error("equipment", "rig " + rig + " has no equipment " + equipment);
        }
        String category = b.choice("category", true, CATEGORIES);
        String severity = b.choice("severity", true, SEVERITIES);
        String title = b.text("title", true, 200);
        String description = b.text("description", true, 5000);
        Instant occurred = b.instant("occurredAt", true);
        if (occurred != null && occurred.isAfter(health.now().plusSeconds(300))) {
            b.error("occurredAt", "is in the future");
        }
        String location = b.text("location", false, 200);
        Integer injuries = b.integer("injuries", 0, 10_000);
        String impact = b.text("environmentalImpact", false, 2000);
        Boolean regulator = b.bool("regulatorNotification");
        Boolean shareable = b.bool("shareable");
        b.check();
        res.status(201);
        Jsons.send(res, maintenance().report(new MaintenanceRepository.IncidentFields(rig, equipment == null ? null : equipment.longValue(),
                category, severity, title, description, occurred, location, injuries == null ? 0 : injuries, impact,
                Boolean.TRUE.equals(regulator), Boolean.TRUE.equals(shareable)), caller(req).actor(), health.now()));
    }

    private void moveIncident(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        long id = Params.positiveId(req, "incident", "incident");
        String action = req.path().pathParameters().get("action");
        JsonBody b = JsonBody.read(req, Set.of("version", "note"), false);
        Integer version = b.integer("version", 1, Integer.MAX_VALUE);
        if (version == null && !b.has("version")) {
            b.error("version", "required: the version the change started from");
        }
        String note = b.text("note", false, 5000);
        b.check();
        MaintenanceRepository.Incident i = maintenance().incident(id).filter(x -> scope.sees(req, x.rig()))
                .orElseThrow(() -> ApiException.notFound("no incident " + id));
        Flows.Decision d = Flows.decide(Flows.INCIDENT, i.status(), action, caller(req).user().roles(), note);
        refuseUnless(d);
        send(res, maintenance().moveIncident(id, version, d.to(), note, caller(req).actor(), health.now())
                .orElseThrow(() -> ApiException.notFound("no incident " + id)), "incident " + id);
    }

    // ---- the board

    private void board(ServerRequest req, ServerResponse res) {
        Params q = new Params(req, Set.of("rig"));
        Collection<String> rigs = rigs(req, q);
        q.check();
        List<EquipmentHealth.Scheduled> due = health.withDue(maintenance().schedules(rigs)).stream().filter(EquipmentHealth.Scheduled::isDue).toList();
        Map<String, List<MaintenanceRepository.WorkOrder>> byStatus = new LinkedHashMap<>();
        for (String s : List.of("scheduled", "in_progress", "completed", "cancelled")) {
            byStatus.put(s, new ArrayList<>());
        }
        LocalDate since = LocalDate.ofInstant(health.now(), ZoneOffset.UTC).minusDays(30);
        for (MaintenanceRepository.WorkOrder w : maintenance().workOrders(rigs, false, null)) {
            boolean closed = w.status().equals("completed") || w.status().equals("cancelled");
            if (!closed || (w.completedOn() != null ? !w.completedOn().isBefore(since) : !w.scheduledOn().isBefore(since))) {
                byStatus.get(w.status()).add(w);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("due", due);
        out.put("workOrders", byStatus);
        out.put("incidents", maintenance().incidents(rigs, false).stream().filter(i -> !i.status().equals("closed")).toList());
        Jsons.send(res, out);
    }

    private static <T> void send(ServerResponse res, EquipmentRepository.Edit<T> edit, String what) {
        if (edit.stale()) {
            Jsons.stale(res, what + " was changed meanwhile: nothing was stored; 'current' is how it is now", edit.row());
        } else {
            Jsons.send(res, edit.row());
        }
    }
}
