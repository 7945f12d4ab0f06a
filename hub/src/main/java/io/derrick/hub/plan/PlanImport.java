package io.derrick.hub.plan;

import io.derrick.hub.platform.web.ApiException.FieldError;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The planner's import (docs/planning.md): a sheet of rigs, wells or a scenario's campaign wells, its columns mapped
 * to the fields, each row checked against the stored plan as the API would check it, and the row's fate —
 * {@code create}, {@code change} (with each field's before and after), {@code unchanged} or {@code refused} (with each
 * reason, named by field and column). Plain logic: the stored plan comes in, the operations go out; applying them is
 * the repository's, in one transaction, and only when no row is refused.
 */
final class PlanImport {
    enum Entity {
        RIGS("rigs", "Rigs"), WELLS("wells", "Wells"), CAMPAIGN_WELLS("campaign-wells", "Campaign wells");

        final String wire;
        final String sheet;

        Entity(String wire, String sheet) {
            this.wire = wire;
            this.sheet = sheet;
        }

        static Entity of(String wire) {
            for (Entity e : values()) {
                if (e.wire.equals(wire)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** A field of an entity; {@code names}: the column headers it is recognised by (lower case, letters and digits only). */
    record Field(String name, boolean required, String help, List<String> names) {
    }

    static final Map<Entity, List<Field>> FIELDS = Map.of(
            Entity.RIGS, List.of(
                    new Field("id", true, "the rig's id, as on the fleet (rig-1)", List.of("id", "rig", "rigid")),
                    new Field("name", true, "the rig's name", List.of("name", "rigname")),
                    new Field("dayRate", true, "day rate, a number", List.of("dayrate", "rate")),
                    new Field("currency", true, "ISO 4217 code (USD)", List.of("currency", "ccy")),
                    new Field("status", false, "active, standby or maintenance (active)", List.of("status")),
                    new Field("availableFrom", false, "first day available (ISO date)", List.of("availablefrom", "from")),
                    new Field("availableTo", false, "day it stops being available (ISO date, exclusive)", List.of("availableto", "to"))),
            Entity.WELLS, List.of(
                    new Field("name", true, "the well's name, unique", List.of("name", "well", "wellname")),
                    new Field("field", false, "field", List.of("field")),
                    new Field("type", true, String.join(", ", PlanRoutes.WELL_TYPES.stream().sorted().toList()), List.of("type", "welltype")),
                    new Field("plannedDepth", false, "planned total depth in metres", List.of("planneddepth", "depth", "td", "plannedtd")),
                    new Field("location", false, "location", List.of("location"))),
            Entity.CAMPAIGN_WELLS, List.of(
                    new Field("campaign", true, "the campaign's name (a new one is created)", List.of("campaign")),
                    new Field("well", true, "the well's name (a stored well)", List.of("well", "wellname", "name")),
                    new Field("rig", false, "the rig's id (with planning data)", List.of("rig", "rigid")),
                    new Field("plannedStart", false, "planned start (ISO date)", List.of("plannedstart", "start")),
                    new Field("plannedEnd", false, "planned end (ISO date; or days)", List.of("plannedend", "end")),
                    new Field("durationDays", false, "days it takes (or start and end)", List.of("durationdays", "days", "duration")),
                    new Field("status", false, "planned, in_progress, complete or cancelled (planned)", List.of("status")),
                    new Field("nptDays", false, "non-productive days (0)", List.of("nptdays", "npt")),
                    new Field("hole", false, "the hole of the rig's daily reports", List.of("hole")),
                    new Field("after", false, "the wells it waits for, by name, ';' between, '+N' for a lag in days (Emu-1 +2)",
                            List.of("after", "dependencies", "predecessors", "dependson"))));

    /** What the stored plan holds that a row is checked against. */
    record Stored(List<PlanRepository.RigRow> rigs, List<PlanRepository.WellRow> wells, PlanRepository.Full scenario) {
    }

    /** A row's fate; {@code changes}: field → [before, after]. */
    record RowResult(int row, String action, String key, List<FieldError> errors, Map<String, List<Object>> changes) {
    }

    /** The operations of an import that refuses nothing, for the repository to apply. */
    record Ops(List<RigOp> rigs, List<WellOp> wells, List<String> newCampaigns, List<CampaignWellOp> campaignWells) {
    }

    /** {@code version} null: create. */
    record RigOp(String id, String name, double dayRate, String currency, String status, List<PlanRepository.Window> available, Integer version) {
    }

    /** {@code id} null: create. */
    record WellOp(Long id, Integer version, String name, String field, String type, Double depth, String location) {
    }

    /** {@code id} null: create; {@code after}: the predecessors by well name, with their lags. */
    record CampaignWellOp(Long id, Integer version, String campaign, long well, String wellName, String rig, LocalDate plannedStart, double days,
                          String status, double nptDays, String hole, Map<String, Double> after, PlanRepository.CampaignWellRow before) {
    }

    record Result(List<RowResult> rows, Ops ops) {
        Map<String, Integer> summary() {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String a : List.of("create", "change", "unchanged", "refused")) {
                out.put(a, (int) rows.stream().filter(r -> r.action().equals(a)).count());
            }
            return out;
        }

        boolean refusesAny() {
            return rows.stream().anyMatch(r -> r.action().equals("refused"));
        }
    }

    private PlanImport() {
    }

    /** The column each field is read from, as recognised from the headers (a field no header matches is left out). */
    static Map<String, String> suggestMapping(Entity entity, List<String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : FIELDS.get(entity)) {
            for (String h : headers) {
                if (f.names().contains(norm(h)) && !out.containsValue(h)) {
                    out.put(f.name(), h);
                    break;
                }
            }
        }
        return out;
    }

    /** The mapping's own errors: unknown fields, columns the sheet lacks, required fields without a column. */
    static List<FieldError> checkMapping(Entity entity, Map<String, String> mapping, List<String> headers) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> known = new java.util.HashSet<>();
        FIELDS.get(entity).forEach(f -> known.add(f.name()));
        mapping.forEach((field, column) -> {
            if (!known.contains(field)) {
                errors.add(new FieldError("mapping." + field, "no such field of " + entity.wire + " (fields: " + String.join(", ", known.stream().sorted().toList()) + ")"));
            } else if (column != null && !column.isEmpty() && !headers.contains(column)) {
                errors.add(new FieldError("mapping." + field, "the sheet has no column '" + column + "' (it has: " + String.join(", ", headers) + ")"));
            }
        });
        for (Field f : FIELDS.get(entity)) {
            if (f.required() && (mapping.get(f.name()) == null || mapping.get(f.name()).isEmpty())) {
                errors.add(new FieldError("mapping." + f.name(), "required: the column with " + f.help()));
            }
        }
        return errors;
    }

    static Result check(Entity entity, PlanSheet sheet, Map<String, String> mapping, Stored stored) {
        return switch (entity) {
            case RIGS -> rigs(sheet, mapping, stored);
            case WELLS -> wells(sheet, mapping, stored);
            case CAMPAIGN_WELLS -> campaignWells(sheet, mapping, stored);
        };
    }

    /** One row's cells by field, and the errors found reading them, each naming the field and its column. */
    private static final class Cells {
        final Map<String, String> mapping;
        final List<String> row;
        final PlanSheet sheet;
        final List<FieldError> errors = new ArrayList<>();

        Cells(PlanSheet sheet, Map<String, String> mapping, List<String> row) {
            this.sheet = sheet;
            this.mapping = mapping;
            this.row = row;
        }

        String raw(String field) {
            return sheet.cell(row, mapping.get(field));
        }

        void error(String field, String message) {
            String column = mapping.get(field);
            errors.add(new FieldError(field, (column == null ? "" : "column '" + column + "': ") + message));
        }

        String text(String field, boolean required, int max) {
            String v = raw(field);
            if (v.isEmpty()) {
                if (required) {
                    error(field, "required");
                }
                return null;
            }
            if (v.length() > max || v.chars().anyMatch(c -> c < 0x20)) {
                error(field, v.length() > max ? "at most " + max + " characters, got " + v.length() : "holds control characters");
                return null;
            }
            return v;
        }

        Double number(String field, boolean required, double min, double max) {
            String v = raw(field);
            if (v.isEmpty()) {
                if (required) {
                    error(field, "required");
                }
                return null;
            }
            try {
                double d = Double.parseDouble(v.replace(",", ""));
                if (!(d >= min && d <= max)) {
                    error(field, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + v);
                    return null;
                }
                return d;
            } catch (NumberFormatException e) {
                error(field, "not a number: '" + v + "'");
                return null;
            }
        }

        LocalDate date(String field) {
            String v = raw(field);
            if (v.isEmpty()) {
                return null;
            }
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                error(field, "not a date (YYYY-MM-DD): '" + v + "'");
                return null;
            }
        }

        String choice(String field, Set<String> allowed, String fallback) {
            String v = raw(field).toLowerCase(Locale.ROOT).replace(' ', '_');
            if (v.isEmpty()) {
                return fallback;
            }
            if (!allowed.contains(v)) {
                error(field, "'" + raw(field) + "' is not one of " + String.join(", ", allowed.stream().sorted().toList()));
                return null;
            }
            return v;
        }
    }

    private static Result rigs(PlanSheet sheet, Map<String, String> mapping, Stored stored) {
        Map<String, PlanRepository.RigRow> byId = new HashMap<>();
        stored.rigs().forEach(r -> byId.put(r.id(), r));
        List<RowResult> rows = new ArrayList<>();
        List<RigOp> ops = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < sheet.rows().size(); i++) {
            Cells c = new Cells(sheet, mapping, sheet.rows().get(i));
            String id = c.text("id", true, 64);
            if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                c.error("id", "letters, digits, '_' and '-', got '" + id + "'");
            } else if (id != null && !seen.add(id)) {
                c.error("id", "rig " + id + " is in the sheet twice");
            }
            String name = c.text("name", true, 80);
            Double rate = c.number("dayRate", true, 0, 1e9);
            String currency = c.text("currency", true, 3);
            if (currency != null && !currency.matches("[A-Z]{3}")) {
                c.error("currency", "an ISO 4217 code, e.g. USD, got '" + currency + "'");
            }
            String status = c.choice("status", Set.of("active", "standby", "maintenance"), "active");
            LocalDate from = c.date("availableFrom");
            LocalDate to = c.date("availableTo");
            if (to != null && from == null) {
                c.error("availableFrom", "required with availableTo");
            } else if (to != null && !to.isAfter(from)) {
                c.error("availableTo", "must be after availableFrom (" + from + ")");
            }
            PlanRepository.RigRow before = id == null ? null : byId.get(id);
            String key = id == null ? "" : id;
            if (!c.errors.isEmpty()) {
                rows.add(new RowResult(sheet.numbers().get(i), "refused", key, c.errors, Map.of()));
                continue;
            }
            List<PlanRepository.Window> windows = from == null ? (before == null ? List.of() : before.available())
                    : List.of(new PlanRepository.Window(from, to));
            Map<String, List<Object>> changes = new LinkedHashMap<>();
            if (before != null) {
                change(changes, "name", before.name(), name);
                change(changes, "dayRate", before.dayRate(), rate);
                change(changes, "currency", before.currency(), currency);
                change(changes, "status", before.status(), status);
                change(changes, "available", before.available(), windows);
            }
            String action = before == null ? "create" : changes.isEmpty() ? "unchanged" : "change";
            rows.add(new RowResult(sheet.numbers().get(i), action, key, List.of(), changes));
            if (!action.equals("unchanged")) {
                ops.add(new RigOp(id, name, rate, currency, status, windows, before == null ? null : before.version()));
            }
        }
        return new Result(rows, new Ops(ops, List.of(), List.of(), List.of()));
    }

    private static Result wells(PlanSheet sheet, Map<String, String> mapping, Stored stored) {
        Map<String, PlanRepository.WellRow> byName = new HashMap<>();
        stored.wells().forEach(w -> byName.put(w.name(), w));
        List<RowResult> rows = new ArrayList<>();
        List<WellOp> ops = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < sheet.rows().size(); i++) {
            Cells c = new Cells(sheet, mapping, sheet.rows().get(i));
            String name = c.text("name", true, 80);
            if (name != null && !seen.add(name)) {
                c.error("name", "well " + name + " is in the sheet twice");
            }
            String field = c.text("field", false, 80);
            String type = c.choice("type", PlanRoutes.WELL_TYPES, null);
            if (type == null && c.raw("type").isEmpty()) {
                c.error("type", "required: " + String.join(", ", PlanRoutes.WELL_TYPES.stream().sorted().toList()));
            }
            Double depth = c.number("plannedDepth", false, 0.1, 20_000);
            String location = c.text("location", false, 200);
            PlanRepository.WellRow before = name == null ? null : byName.get(name);
            String key = name == null ? "" : name;
            if (!c.errors.isEmpty()) {
                rows.add(new RowResult(sheet.numbers().get(i), "refused", key, c.errors, Map.of()));
                continue;
            }
            Map<String, List<Object>> changes = new LinkedHashMap<>();
            if (before != null) {
                change(changes, "field", before.field(), field);
                change(changes, "type", before.type(), type);
                change(changes, "plannedDepth", before.plannedDepth(), depth);
                change(changes, "location", before.location(), location);
            }
            String action = before == null ? "create" : changes.isEmpty() ? "unchanged" : "change";
            rows.add(new RowResult(sheet.numbers().get(i), action, key, List.of(), changes));
            if (!action.equals("unchanged")) {
                ops.add(new WellOp(before == null ? null : before.id(), before == null ? null : before.version(), name, field, type, depth, location));
            }
        }
        return new Result(rows, new Ops(List.of(), ops, List.of(), List.of()));
    }

    private static Result campaignWells(PlanSheet sheet, Map<String, String> mapping, Stored stored) {
        PlanRepository.Full scenario = stored.scenario();
        Map<String, PlanRepository.WellRow> wellByName = new HashMap<>();
        Map<Long, String> wellName = new HashMap<>();
        stored.wells().forEach(w -> {
            wellByName.put(w.name(), w);
            wellName.put(w.id(), w.name());
        });
        Set<String> rigIds = new java.util.HashSet<>();
        stored.rigs().forEach(r -> rigIds.add(r.id()));
        Map<String, Long> campaignIds = new HashMap<>();
        Map<Long, String> campaignNames = new HashMap<>();
        scenario.campaigns().forEach(c -> {
            campaignIds.put(c.name(), c.id());
            campaignNames.put(c.id(), c.name());
        });
        Map<String, PlanRepository.CampaignWellRow> existing = new HashMap<>();   // "campaign\0well"
        for (PlanRepository.CampaignWellRow w : scenario.wells()) {
            existing.put(campaignNames.get(w.campaign()) + "\0" + wellName.get(w.well()), w);
        }
        List<RowResult> rows = new ArrayList<>();
        List<CampaignWellOp> ops = new ArrayList<>();
        List<String> newCampaigns = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        List<Map<String, Double>> afters = new ArrayList<>();
        List<Cells> cells = new ArrayList<>();
        for (int i = 0; i < sheet.rows().size(); i++) {
            Cells c = new Cells(sheet, mapping, sheet.rows().get(i));
            cells.add(c);
            String campaign = c.text("campaign", true, 80);
            String well = c.text("well", true, 80);
            if (well != null && !wellByName.containsKey(well)) {
                c.error("well", "no well named '" + well + "': import the wells first");
            }
            if (campaign != null && well != null && !seen.add(campaign + "\0" + well)) {
                c.error("well", "well " + well + " is in campaign " + campaign + " twice in the sheet");
            }
            String rig = c.text("rig", false, 64);
            if (rig != null && !rigIds.contains(rig)) {
                c.error("rig", "rig " + rig + " has no planning data (import the rigs first)");
            }
            LocalDate start = c.date("plannedStart");
            LocalDate end = c.date("plannedEnd");
            Double days = c.number("durationDays", false, 0.01, 3650);
            if (end != null && start == null && c.errors.stream().noneMatch(e -> e.field().equals("plannedStart"))) {
                c.error("plannedEnd", "needs plannedStart (or give durationDays)");
            } else if (end != null && days != null) {
                c.error("plannedEnd", "give the end or durationDays, not both");
            } else if (end != null && start != null && !end.isAfter(start)) {
                c.error("plannedEnd", "must be after plannedStart (" + start + ")");
            } else if (end != null && start != null) {
                days = (double) (end.toEpochDay() - start.toEpochDay());
            } else if (days == null && c.raw("durationDays").isEmpty() && c.raw("plannedEnd").isEmpty()) {
                c.error("durationDays", "required: the days it takes (or plannedStart and plannedEnd)");
            }
            String status = c.choice("status", PlanRoutes.CW_STATUS, "planned");
            Double npt = c.number("nptDays", false, 0, 3650);
            String hole = c.text("hole", false, 40);
            if (hole != null && rig == null) {
                c.error("hole", "needs the rig whose daily reports drill it");
            }
            Map<String, Double> after = new LinkedHashMap<>();
            String deps = c.raw("after");
            if (!deps.isEmpty()) {
                for (String part : deps.split(";")) {
                    String p = part.strip();
                    if (p.isEmpty()) {
                        continue;
                    }
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.+?)\\s*(?:\\+\\s*(-?\\d+(?:\\.\\d+)?)\\s*d?)?").matcher(p);
                    m.matches();
                    after.put(m.group(1).strip(), m.group(2) == null ? 0 : Double.parseDouble(m.group(2)));
                }
            }
            afters.add(after);
            String key = (campaign == null ? "?" : campaign) + " / " + (well == null ? "?" : well);
            PlanRepository.CampaignWellRow before = campaign == null || well == null ? null : existing.get(campaign + "\0" + well);
            ops.add(c.errors.isEmpty() ? new CampaignWellOp(before == null ? null : before.id(), before == null ? null : before.version(), campaign,
                    wellByName.get(well).id(), well, rig, start, days, status, npt == null ? 0 : npt, hole, after, before) : null);
            rows.add(new RowResult(sheet.numbers().get(i), "pending", key, List.of(), Map.of()));
            if (campaign != null && !campaignIds.containsKey(campaign) && !newCampaigns.contains(campaign)) {
                newCampaigns.add(campaign);
            }
        }
        // the dependencies: each predecessor is one campaign well, of the scenario or of the sheet
        Map<String, Set<Long>> named = new HashMap<>();      // a well's name → the campaign wells it may mean (a new row: −1 − its index)
        for (PlanRepository.CampaignWellRow w : scenario.wells()) {
            named.computeIfAbsent(wellName.get(w.well()), k -> new java.util.HashSet<>()).add(w.id());
        }
        for (int i = 0; i < ops.size(); i++) {
            String well = cells.get(i).raw("well");
            PlanRepository.CampaignWellRow kept = existing.get(cells.get(i).raw("campaign") + "\0" + well);
            if (!well.isEmpty()) {
                named.computeIfAbsent(well, k -> new java.util.HashSet<>()).add(kept != null ? kept.id() : -1L - i);
            }
        }
        for (int i = 0; i < ops.size(); i++) {
            for (String p : afters.get(i).keySet()) {
                int times = named.getOrDefault(p, Set.of()).size();
                if (p.equals(cells.get(i).raw("well"))) {
                    cells.get(i).error("after", "a well cannot wait for itself");
                } else if (times == 0) {
                    cells.get(i).error("after", "no well '" + p + "' in scenario " + scenario.scenario().name() + " or the sheet");
                } else if (times > 1) {
                    cells.get(i).error("after", "well '" + p + "' is in the scenario more than once: it cannot be named here");
                }
            }
        }
        // a loop through the scenario and the sheet together is refused on the rows it goes through
        if (cells.stream().allMatch(c -> c.errors.isEmpty())) {
            List<Long> cycle = cycle(scenario, ops, wellName);
            if (!cycle.isEmpty()) {
                for (int i = 0; i < ops.size(); i++) {
                    CampaignWellOp op = ops.get(i);
                    if (cycle.contains(op.id() != null ? op.id() : -1L - i)) {
                        cells.get(i).error("after", "the dependencies go round: " + String.join(" → ", cycle.stream()
                                .map(id -> id < 0 ? ops.get((int) (-1 - id)).wellName() : wellNameOf(scenario, id, wellName)).toList()));
                    }
                }
            }
        }
        List<RowResult> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Cells c = cells.get(i);
            RowResult r = rows.get(i);
            CampaignWellOp op = ops.get(i);
            if (!c.errors.isEmpty() || op == null) {
                out.add(new RowResult(r.row(), "refused", r.key(), c.errors, Map.of()));
                ops.set(i, null);
                continue;
            }
            Map<String, List<Object>> changes = new LinkedHashMap<>();
            PlanRepository.CampaignWellRow b = op.before();
            if (b != null) {
                change(changes, "rig", b.rig(), op.rig());
                change(changes, "plannedStart", b.plannedStart(), op.plannedStart());
                change(changes, "durationDays", b.durationDays(), op.days());
                change(changes, "status", b.status(), op.status());
                change(changes, "nptDays", b.nptDays(), op.nptDays());
                change(changes, "hole", b.hole(), op.hole());
                Map<String, Double> was = new LinkedHashMap<>();
                b.dependencies().forEach(d -> was.put(wellNameOf(scenario, d.predecessor(), wellName), d.lagDays()));
                change(changes, "after", was, op.after());
            }
            String action = b == null ? "create" : changes.isEmpty() ? "unchanged" : "change";
            out.add(new RowResult(r.row(), action, r.key(), List.of(), changes));
            if (action.equals("unchanged")) {
                ops.set(i, null);
            }
        }
        return new Result(out, new Ops(List.of(), List.of(), newCampaigns, ops.stream().filter(Objects::nonNull).toList()));
    }

    private static String wellNameOf(PlanRepository.Full scenario, long campaignWell, Map<Long, String> wellName) {
        return scenario.wells().stream().filter(w -> w.id() == campaignWell).findFirst().map(w -> wellName.get(w.well())).orElse("#" + campaignWell);
    }

    /** The first loop of the scenario with the sheet's rows in place (a new row's id: −1 − its index), or none. */
    private static List<Long> cycle(PlanRepository.Full scenario, List<CampaignWellOp> ops, Map<Long, String> wellName) {
        Map<String, Long> idOfWell = new HashMap<>();
        for (PlanRepository.CampaignWellRow w : scenario.wells()) {
            idOfWell.put(wellName.get(w.well()), w.id());
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) != null) {
                idOfWell.put(ops.get(i).wellName(), ops.get(i).id() != null ? ops.get(i).id() : -1L - i);
            }
        }
        Map<Long, Plan.Well> byId = new LinkedHashMap<>();
        for (PlanRepository.CampaignWellRow w : scenario.wells()) {
            byId.put(w.id(), Plans.well(w, wellName));
        }
        for (int i = 0; i < ops.size(); i++) {
            CampaignWellOp op = ops.get(i);
            if (op == null) {
                continue;
            }
            long id = op.id() != null ? op.id() : -1L - i;
            List<Plan.Dependency> deps = op.after().entrySet().stream().filter(e -> idOfWell.containsKey(e.getKey()))
                    .map(e -> new Plan.Dependency(idOfWell.get(e.getKey()), e.getValue())).toList();
            byId.put(id, new Plan.Well(id, op.wellName(), 0, op.rig(), op.plannedStart(), op.days(), Plan.Status.PLANNED, null, null, 0, List.of(), deps));
        }
        try {
            Scheduler.refuseCycles(byId);
            return List.of();
        } catch (Scheduler.Cycle c) {
            return c.wells();
        }
    }

    private static void change(Map<String, List<Object>> changes, String field, Object before, Object after) {
        boolean same = before instanceof Number a && after instanceof Number b ? a.doubleValue() == b.doubleValue() : Objects.equals(before, after);
        if (!same) {
            changes.put(field, java.util.Arrays.asList(before, after));
        }
    }

    private static String norm(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
