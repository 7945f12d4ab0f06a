package io.derrick.hub.platform.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /observe/health} (and {@code /ready}, {@code /live}): open to anyone, as load balancers and systemd watchdogs
 * need, but only UP or DOWN; the checks and their details (the broker's address, the ingest's queue) only for the
 * contractor's signed-in staff. 200 when every check is up, 503 otherwise.
 */
public final class Health {
    /** One thing the hub needs to be ready: its name and how to check it now. */
    public record Check(String name, Supplier<Result> probe) {
    }

    /** A check's outcome, with details for staff. */
    public record Result(boolean up, Map<String, Object> details) {
        public static Result of(boolean up) {
            return new Result(up, Map.of());
        }
    }

    private final List<Check> checks;
    private final Routes routes;

    Health(List<Check> checks, Routes routes) {
        this.checks = List.copyOf(checks);
        this.routes = routes;
    }

    void routes(Routes observe) {
        observe.get("/health", Access.ANYONE, this::ready)
                .get("/health/ready", Access.ANYONE, this::ready)
                .get("/health/live", Access.ANYONE, this::live);
    }

    private void live(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        Jsons.send(res, Map.of("status", "UP"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        boolean staff = routes.authenticate(req).filter(p -> p.client() == null).isPresent();
        boolean up = true;
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Check check : checks) {
            Result result = check.probe().get();
            up &= result.up();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", check.name());
            one.put("status", result.up() ? "UP" : "DOWN");
            one.put("data", result.details());
            shown.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        if (staff) {
            body.put("checks", shown);
        }
        res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        Jsons.send(res, body);
    }
}
