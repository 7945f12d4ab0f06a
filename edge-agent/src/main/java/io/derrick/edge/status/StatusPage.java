package io.derrick.edge.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.derrick.edge.Workers;
import io.derrick.edge.detect.Alarm;
import io.derrick.edge.detect.AlarmBook;
import io.derrick.edge.detect.Params;
import io.derrick.edge.health.AgentMetrics;
import io.derrick.edge.health.HealthSnapshot;
import io.derrick.edge.live.LiveValues;
import io.derrick.protocol.Event;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The crew's status page on the rig LAN (Jetty 12): live values with units and sparklines, device and uplink
 * state, backlog, active alarms with acknowledge, last events. One self-contained page (no external assets),
 * kept live by server-sent events; it needs nothing but the agent, so it works with the uplink down.
 * Acknowledging asks for the PIN when the config sets one; wrong PINs are throttled per client address (five a minute),
 * so a tablet guessing does not lock the crew's own tablet out. Every answer carries a Content-Security-Policy that allows
 * only the page's own inline script and style (by their hashes), nothing from elsewhere and no framing.
 */
public final class StatusPage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String rig;
    private final String node;
    private final Map<String, String> units;
    private final LiveValues live;
    private final AlarmBook alarms;
    private final Supplier<HealthSnapshot> health;
    private final Clock clock;
    private final String pin;
    private final Server server;
    private final byte[] page;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> Workers.daemon("status-sse", r));
    private static final int WRONG_PINS_PER_MINUTE = 5;
    /** wrong PINs per client address in the last minute; the oldest address is forgotten past 256 */
    private final Map<String, ArrayDeque<Long>> wrongPins = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
            return size() > 256;
        }
    };
    private final String contentSecurityPolicy;

    private record Stream(Response response, Callback done) {
    }

    private StatusPage(String rig, String node, Map<String, String> units, LiveValues live, AlarmBook alarms,
                       Supplier<HealthSnapshot> health, Clock clock, String bind, int port, String pin) {
        this.rig = rig;
        this.node = node;
        this.units = Map.copyOf(units);
        this.live = live;
        this.alarms = alarms;
        this.health = health;
        this.clock = clock;
        this.pin = pin;
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/index.html")) {
            this.page = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the status page is part of the agent jar", e);
        }
        String html = new String(page, StandardCharsets.UTF_8);
        this.contentSecurityPolicy = "default-src 'none'; script-src " + hashOf(html, "script") + "; style-src " + hashOf(html, "style")
                + "; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        this.server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Routes());
    }

    /** Starts the page the {@code statusPage} block asks for, or returns null (not configured, or problems added to the list). */
    public static StatusPage start(JsonNode block, Path dir, String rig, String node, Map<String, String> units, LiveValues live,
                                   AlarmBook alarms, Supplier<HealthSnapshot> health, Clock clock, List<String> problems) {
        if (block == null || block.isNull()) {
            return null;
        }
        int before = problems.size();
        Params p = new Params(block, "statusPage", problems);
        int port = (int) p.number("port", 8081, 1, 65535);
        String bind = p.text("bind", "0.0.0.0");
        String pin = p.text("pin", null);
        String pinFile = p.text("pinFile", null);
        if (pin != null && pinFile != null) {
            p.problem("pin", "give pin or pinFile, not both");
        } else if (pinFile != null) {
            try {
                pin = Files.readString(dir.resolve(pinFile)).strip();
            } catch (IOException e) {
                p.problem("pinFile", dir.resolve(pinFile) + " cannot be read: " + e.getMessage());
            }
        }
        if (pin != null && pin.length() < 4) {
            p.problem("pin", "must have at least 4 characters");
        }
        p.finish();
        if (problems.size() > before) {
            return null;
        }
        StatusPage statusPage = new StatusPage(rig, node, units, live, alarms, health, clock, bind, port, pin);
        try {
            statusPage.server.start();
        } catch (Exception e) {
            problems.add("statusPage: cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
            statusPage.close();
            return null;
        }
        statusPage.pusher.scheduleAtFixedRate(statusPage::push, 1, 1, TimeUnit.SECONDS);
        log.info("status page on http://{}:{}/ ({})", bind, statusPage.port(), pin == null ? "acknowledging needs no PIN" : "acknowledging needs the PIN");
        return statusPage;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The whole page state, as the page's script renders it. */
    ObjectNode status() {
        ObjectNode root = JSON.createObjectNode();
        long now = clock.millis();
        root.put("rig", rig).put("node", node).put("now", now).put("pinRequired", pin != null);
        HealthSnapshot h = health.get();
        root.putObject("uplink").put("state", h.broker()).put("error", h.brokerError())
                .put("backlogReadings", h.backlogReadings()).put("backlogBatches", h.backlogBatches()).put("dropped", h.droppedTotal());
        ArrayNode devices = root.putArray("devices");
        for (AgentMetrics.DeviceHealth d : h.devices()) {
            devices.addObject().put("name", d.name()).put("endpoint", d.endpoint()).put("state", d.state().name()).put("error", d.lastError());
        }
        ArrayNode values = root.putArray("values");
        for (LiveValues.Value v : live.snapshot().values()) {
            ObjectNode o = values.addObject().put("channel", v.channel()).put("unit", units.getOrDefault(v.channel(), ""))
                    .put("quality", v.quality().name()).put("ageS", (now - v.timeMs()) / 1000);
            if (Double.isNaN(v.value())) {
                o.putNull("value");
            } else {
                o.put("value", v.value());
            }
            ArrayNode trend = o.putArray("trend");
            live.trend(v.channel()).forEach(pt -> trend.add(pt[1]));
        }
        ArrayNode active = root.putArray("alarms");
        for (Alarm a : alarms.active()) {
            active.addObject().put("key", a.key()).put("severity", a.severity().name()).put("reason", a.reason())
                    .put("since", a.raisedAtMs()).put("acknowledged", a.acknowledged()).put("by", a.acknowledgedBy());
        }
        ArrayNode events = root.putArray("events");
        for (Event e : alarms.recentEvents()) {
            events.addObject().put("at", e.at().toEpochMilli()).put("type", e.type().name()).put("severity", e.severity().name())
                    .put("alarm", e.alarm()).put("reason", e.reason());
        }
        return root;
    }

    private void push() {
        if (streams.isEmpty()) {
            return;
        }
        byte[] frame;
        try {
            frame = ("event: status\ndata: " + JSON.writeValueAsString(status()) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            log.warn("status page: {}", e.toString());
            return;
        }
        for (Stream s : streams) {
            FutureCallback written = new FutureCallback();
            s.response().write(false, ByteBuffer.wrap(frame), written);
            try {
                written.get(5, TimeUnit.SECONDS);
            } catch (Exception gone) {
                streams.remove(s);           // the tablet went away: end its request
                s.done().failed(gone);
            }
        }
    }

    /** The CSP source of the page's one inline {@code <tag>} element: its SHA-256. */
    private static String hashOf(String html, String tag) {
        int open = html.indexOf('>', html.indexOf("<" + tag + ">")) + 1;
        int close = html.indexOf("</" + tag + ">", open);
        if (open <= 0 || close < 0) {
            throw new IllegalStateException("the status page has no inline <" + tag + ">");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(html.substring(open, close).getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy);
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("X-Frame-Options", "DENY");
            response.getHeaders().put("Referrer-Policy", "no-referrer");
            switch (path) {
                case "/" -> {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                    response.write(true, ByteBuffer.wrap(page), callback);
                }
                case "/api/status" -> json(response, callback, HttpStatus.OK_200, status());
                case "/api/stream" -> {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                    streams.add(new Stream(response, callback));
                    response.write(false, ByteBuffer.wrap(("retry: 2000\nevent: status\ndata: " + JSON.writeValueAsString(status()) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
                }
                case "/api/alarms/ack" -> {
                    if (!method.equals("POST")) {
                        error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "acknowledge with POST");
                        return true;
                    }
                    Fields form = FormFields.getFields(request);
                    acknowledge(form.getValue("key"), form.getValue("pin"), Request.getRemoteAddr(request), response, callback);
                }
                default -> error(response, callback, HttpStatus.NOT_FOUND_404, "no page at " + path);
            }
            return true;
        }
    }

    private void acknowledge(String key, String given, String address, Response response, Callback callback) throws Exception {
        if (key == null || key.isBlank()) {
            error(response, callback, HttpStatus.BAD_REQUEST_400, "key is required: the alarm to acknowledge, or * for all");
            return;
        }
        if (pin != null) {
            synchronized (wrongPins) {
                long now = clock.millis();
                ArrayDeque<Long> recent = wrongPins.computeIfAbsent(address, a -> new ArrayDeque<>());
                while (!recent.isEmpty() && recent.peekFirst() < now - 60_000) {
                    recent.removeFirst();
                }
                if (recent.size() >= WRONG_PINS_PER_MINUTE) {
                    error(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "too many wrong PINs from this tablet; wait a minute");
                    return;
                }
                if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), pin.getBytes(StandardCharsets.UTF_8))) {
                    recent.addLast(now);
                    error(response, callback, HttpStatus.FORBIDDEN_403, "wrong PIN");
                    return;
                }
            }
        }
        int done = alarms.acknowledge(key, "status page", clock.millis()).size();
        json(response, callback, HttpStatus.OK_200, JSON.createObjectNode().put("acknowledged", done));
        push();
    }

    private static void json(Response response, Callback callback, int status, JsonNode body) throws Exception {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
    }

    private static void error(Response response, Callback callback, int status, String message) throws Exception {
        json(response, callback, status, JSON.createObjectNode().put("status", status).put("message", message));
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        streams.forEach(s -> s.done().succeeded());
        streams.clear();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the status page: {}", e.getMessage());
        }
    }

}
