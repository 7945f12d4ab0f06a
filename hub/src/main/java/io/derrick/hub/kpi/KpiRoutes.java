package io.derrick.hub.kpi;

import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.derrick.protocol.Ids;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/kpis}: the operations dashboard's figures, all with the same filters (docs/kpis.md). Any signed-in user
 * reads them; a client's user over the client's rigs only, and only the reports the client may see (from the
 * manager's approval on). Scripts and BI tools call them with an API token (Authorization: Bearer).
 */
final class KpiRoutes {
    static final Set<String> FILTERS = Set.of("from", "to", "rigs", "clients", "fields", "shift", "reports");
    static final int MAX_DAYS = 800;

    private final Kpis kpis;
    private final RigScope scope;
    private final Database db;

    KpiRoutes(Kpis kpis, RigScope scope, Database db) {
        this.kpis = kpis;
        this.scope = scope;
        this.db = db;
    }

    void routes(Routes api) {
        api.get("/kpis/filters", Access.SIGNED_IN, this::filters)
                .get("/kpis/summary", Access.SIGNED_IN, (req, res) -> Jsons.send(res, kpis.summary(filter(req, Set.of()).filter())))
                .get("/kpis/rigs", Access.SIGNED_IN, (req, res) -> Jsons.send(res, kpis.byRig(filter(req, Set.of()).filter())))
                .get("/kpis/trend", Access.SIGNED_IN, (req, res) -> {
                    Parsed p = filter(req, Set.of("period"));
                    Jsons.send(res, kpis.trend(p.filter(), p.period()));
                })
                .get("/kpis/shifts", Access.SIGNED_IN, (req, res) -> Jsons.send(res, kpis.shifts(filter(req, Set.of()).filter())))
                .get("/kpis/npt", Access.SIGNED_IN, (req, res) -> Jsons.send(res, kpis.npt(filter(req, Set.of()).filter())))
                .get("/kpis/heatmap", Access.SIGNED_IN, (req, res) -> Jsons.send(res, kpis.heatmap(filter(req, Set.of()).filter())))
                .get("/kpis/reports", Access.SIGNED_IN, (req, res) -> {
                    Parsed p = filter(req, Set.of("code", "limit"));
                    Jsons.send(res, kpis.repository().reports(p.filter(), p.code(), p.limit()));
                })
                .get("/kpis/export", Access.SIGNED_IN, this::export)
                .post("/kpis/refresh", Access.roles(Role.ADMIN), this::rebuild);
    }

    /** The filter's choices for the caller: the rigs it sees (with their clients) and the fields of those rigs. */
    private void filters(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        List<Kpis.Rig> rigs = visibleRigs(req);
        Set<String> clients = new java.util.TreeSet<>();
        rigs.stream().map(Kpis.Rig::client).filter(c -> c != null && !c.isEmpty()).forEach(clients::add);
        Jsons.send(res, Map.of("rigs", rigs, "clients", clients, "fields", kpis.repository().fields(rigs.stream().map(Kpis.Rig::id).toList()),
                "today", kpis.today().toString()));
    }

    private List<Kpis.Rig> visibleRigs(ServerRequest req) {
        Set<String> visible = scope.visible(req);
        return kpis.rigs().stream().filter(r -> visible == null || visible.contains(r.id())).toList();
    }

    record Parsed(KpiRepository.Filter filter, String period, String code, int limit) {
    }

    /**
     * The filters every route takes, checked together: {@code from}/{@code to} (default the 30 days to today), {@code rigs},
     * {@code clients}, {@code fields} (comma-separated), {@code shift} (day, night), {@code reports} (all, approved).
     */
    private Parsed filter(ServerRequest req, Set<String> more) {
        Set<String> allowed = new HashSet<>(FILTERS);
        allowed.addAll(more);
        Params p = new Params(req, allowed);
        LocalDate today = kpis.today();
        LocalDate to = p.date("to", today);
        LocalDate from = p.date("from", to.minusDays(29));
        if (from.isAfter(to)) {
            p.error("from", "must not be after to (" + to + "), got " + from);
        } else if (to.toEpochDay() - from.toEpochDay() + 1 > MAX_DAYS) {
            p.error("from", "at most " + MAX_DAYS + " days from to, got " + (to.toEpochDay() - from.toEpochDay() + 1));
        }
        List<Kpis.Rig> visible = visibleRigs(req);
        Map<String, Kpis.Rig> byId = new LinkedHashMap<>();
        visible.forEach(r -> byId.put(r.id(), r));
        List<String> rigs = new ArrayList<>(byId.keySet());
        List<String> askedRigs = list(req, p, "rigs", 200, true);
        if (askedRigs != null) {
            for (String r : askedRigs) {
                if (Ids.isValidId(r) && !byId.containsKey(r)) {
                    p.error("rigs", "no rig " + r);
                }
            }
            rigs.retainAll(askedRigs);
        }
        List<String> clients = list(req, p, "clients", 100, true);
        if (clients != null) {
            Set<String> known = new HashSet<>();
            visible.forEach(r -> known.add(r.client()));
            for (String c : clients) {
                if (Ids.isValidId(c) && !known.contains(c)) {
                    p.error("clients", "no client " + c + " among the rigs you see");
                }
            }
            rigs.removeIf(r -> !clients.contains(byId.get(r).client()));
        }
        List<String> fields = list(req, p, "fields", 100, false);
        String shift = p.choice("shift", null, Set.of("day", "night"));
        Principal caller = Routes.caller(req);
        String reports = p.choice("reports", caller.client() == null ? "all" : "approved", Set.of("all", "approved"));
        if (caller.client() != null && reports.equals("all")) {
            p.error("reports", "a client's user sees the reports from the manager's approval on: use reports=approved");
        }
        String period = more.contains("period") ? p.choice("period", "day", Set.of("day", "week", "month")) : null;
        if ("day".equals(period) && to.toEpochDay() - from.toEpochDay() + 1 > 400) {
            p.error("period", "a daily trend covers at most 400 days: use week or month");
        }
        String code = more.contains("code") ? p.text("code", 16) : null;
        int limit = more.contains("limit") ? p.integer("limit", 100, 1, 1000) : 0;
        p.check();
        boolean everyRig = caller.client() == null && askedRigs == null && clients == null;   // the staff see every rig
        return new Parsed(new KpiRepository.Filter(from, to, List.copyOf(rigs), fields, shift, reports.equals("approved"), everyRig,
                caller.client() != null), period, code, limit);
    }

    /** A comma-separated list: ids (rigs, clients) or names (fields, up to 80 characters each); null when absent. */
    private static List<String> list(ServerRequest req, Params p, String name, int max, boolean ids) {
        String value = req.query().first(name).orElse(null);
        if (value == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String v = part.strip();
            if (v.isEmpty()) {
                continue;
            }
            if (ids ? !Ids.isValidId(v) : v.length() > 80 || v.chars().anyMatch(Character::isISOControl)) {
                p.error(name, ids ? "not an id: '" + v + "'" : "a name of 1-80 characters, no control characters: '" + v + "'");
            }
            out.add(v);
        }
        if (out.isEmpty()) {
            p.error(name, "name at least one, separated by commas");
        } else if (out.size() > max) {
            p.error(name, "at most " + max + ", got " + out.size());
        }
        return List.copyOf(out);
    }

    private void export(ServerRequest req, ServerResponse res) {
        String table = req.query().first("table").orElse("");
        if (!KpiExport.TABLES.contains(table)) {
            throw io.derrick.hub.platform.web.ApiException.badField("table", "expected one of " + String.join(", ", KpiExport.TABLES) + ", got '" + table + "'");
        }
        Set<String> more = new HashSet<>(Set.of("table", "format"));
        if (table.equals("trend")) {
            more.add("period");
        }
        Parsed p = filter(req, more);
        // the format was checked with the others: read it again, now known good
        String format = req.query().first("format").orElse("csv");
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw io.derrick.hub.platform.web.ApiException.badField("format", "expected csv or xlsx, got '" + format + "'");
        }
        KpiRepository.Filter f = p.filter();
        KpiExport.Table t = switch (table) {
            case "rigs" -> KpiExport.rigs(kpis.byRig(f));
            case "trend" -> KpiExport.trend(kpis.trend(f, p.period()));
            case "npt" -> KpiExport.npt(kpis.npt(f).pareto());
            case "equipment" -> KpiExport.equipment(kpis.npt(f).equipment());
            case "heatmap" -> KpiExport.heatmap(kpis.heatmap(f));
            default -> KpiExport.shifts(kpis.shifts(f));
        };
        String name = "derrick-kpi-" + table + "-" + f.from() + "-" + f.to() + "." + format;
        res.header(HeaderNames.CONTENT_TYPE, format.equals("csv") ? "text/csv; charset=utf-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        res.send(format.equals("csv") ? KpiExport.csv(t) : KpiExport.xlsx(t));
    }

    /** Rebuilds every table from the sources now (after a restore, or to check them); audited. */
    private void rebuild(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        java.time.Instant now = kpis.now();
        long t0 = System.nanoTime();
        int shifts = kpis.refresher().rebuild(now);
        double seconds = (System.nanoTime() - t0) / 1e9;
        db.useTransaction(h -> Audit.record(h, now, Routes.caller(req).actor(), "kpi.rebuild", "kpi", "all", null, Map.of("shifts", shifts)));
        Jsons.send(res, Map.of("shifts", shifts, "seconds", Math.round(seconds * 100) / 100.0));
    }
}
