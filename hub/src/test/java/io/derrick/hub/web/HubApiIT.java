package io.derrick.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.edge.EdgeAgent;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.hardware.simulator.RigSimulator;
import io.derrick.hardware.simulator.Simulator;
import io.derrick.hardware.simulator.SimulatorMain;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import io.derrick.edge.testing.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub's HTTP surface over data from a simulated rig: fleet, history (raw vs rollups), CSV, live, errors, docs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestDatabase db;
    private InProcessHub hub;
    private Simulator simulator;
    private EdgeAgent agent;
    private String rig;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        db = TestDatabase.create();
        hub = new InProcessHub(db, dir.resolve("hub"));
        simulator = new Simulator(SimulatorMain.parse(new String[] {"--rigs", "1", "--base-port", Integer.toString(FreePort.block(3))})).start();
        RigSimulator sim = simulator.rigs().getFirst();
        rig = sim.rig();
        agent = new EdgeAgent(AgentYaml.of(rig, "edge-01").simulatedRig(sim, 200).broker(hub.hub().brokerUrl())
                .load(dir.resolve("agent")), Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM reading") > 500);
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
        simulator.close();
        hub.close();
        db.close();
    }

    private JsonNode json(String path, int status) throws Exception {
        HttpResponse<String> r = hub.get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void fleetShowsTheRigOnlineWithItsActivityAndKeyValues() throws Exception {
        JsonNode rigs = json("/api/rigs", 200);
        JsonNode tile = null;
        for (JsonNode r : rigs) {
            if (r.get("id").asText().equals(rig)) {
                tile = r;
            }
        }
        assertThat(tile).as("the simulated rig among %s", rigs).isNotNull();
        assertThat(tile.get("online").asBoolean()).isTrue();
        assertThat(tile.get("activity").asText()).isIn("DRILLING", "CONNECTION", "CIRCULATING");
        assertThat(tile.get("keyValues").get("HKLD").get("unit").asText()).isEqualTo("kN");
        JsonNode detail = json("/api/rigs/" + rig, 200);
        assertThat(detail.get("channels").size()).isEqualTo(23);
        assertThat(detail.get("nodes").get(0).get("agentVersion").asText()).isEqualTo("0.1.0");
        assertThat(json("/api/rigs/" + rig + "/latest", 200).get("WOB").get("quality").asText()).isEqualTo("G");
    }

    @Test
    void historyFromRawAndFromRollupsAgreeOnCountsAndExtremes() throws Exception {
        // a closed window of a rig of the test's own: ten whole minutes, an hour ago, a reading a second on two channels
        String rig = "rig-hist";
        Instant from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        Instant to = from.plus(Duration.ofMinutes(10));
        try (io.derrick.hub.testing.Publisher edge = new io.derrick.hub.testing.Publisher(hub.hub().brokerUrl(), "history-edge")) {
            edge.publish(new io.derrick.protocol.Birth(rig, "edge-01", "test", "cfg", Instant.now(), 1, 0, 0, java.util.List.of(
                    new io.derrick.protocol.ChannelSpec("HKLD", "kN", 0, 4000, "daq", "hookload"),
                    new io.derrick.protocol.ChannelSpec("SPPA", "kPa", 0, 40_000, "daq", "standpipe pressure"))));
            for (int batch = 0; batch < 4; batch++) {          // 150 s each, the last one ending 30 s past the window
                int n = 150;
                long start = from.toEpochMilli() + batch * 150_000L + (batch == 3 ? 30_000 : 0);
                long[] t = java.util.stream.LongStream.range(0, n).map(i -> start + i * 1000).toArray();
                double[] hookload = java.util.stream.LongStream.range(0, n).mapToDouble(i -> 800 + (i * 37 % 101)).toArray();
                double[] pressure = java.util.stream.LongStream.range(0, n).mapToDouble(i -> 18_000 + (i * 53 % 997)).toArray();
                io.derrick.protocol.Quality[] good = new io.derrick.protocol.Quality[n];
                java.util.Arrays.fill(good, io.derrick.protocol.Quality.GOOD);
                edge.publish(new io.derrick.protocol.ReadingBatch(rig, "edge-01", batch + 1, java.util.List.of(
                        new io.derrick.protocol.ChannelSeries("HKLD", t, hookload, good),
                        new io.derrick.protocol.ChannelSeries("SPPA", t, pressure, good))));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading r JOIN channel c ON c.id = r.channel_id"
                + " WHERE c.rig_id = 'rig-hist'") == 4 * 150 * 2);
        String window = "channels=HKLD,SPPA&from=" + enc(from) + "&to=" + enc(to) + "&points=10";
        JsonNode raw = json("/api/rigs/" + rig + "/history?" + window + "&source=raw", 200);
        JsonNode minute = json("/api/rigs/" + rig + "/history?" + window + "&source=1m", 200);
        JsonNode auto = json("/api/rigs/" + rig + "/history?" + window, 200);
        assertThat(auto.get("source").asText()).as("60 s buckets come from the minute rollup").isEqualTo("MINUTE");
        for (int s = 0; s < 2; s++) {
            assertThat(sum(raw.get("series").get(s).get("n"))).as("the readings in the window").isEqualTo(570)
                    .isEqualTo(sum(minute.get("series").get(s).get("n")));
            assertThat(max(raw.get("series").get(s).get("max"))).isEqualTo(max(minute.get("series").get(s).get("max")));
        }
        assertThat(raw.get("series").get(0).get("unit").asText()).isEqualTo("kN");
    }

    @Test
    void csvExportHasAHeaderWithUnitsAndOneRowPerBucket() throws Exception {
        HttpResponse<String> r = hub.get("/api/rigs/" + rig + "/history.csv?channels=HKLD,WOB&points=50");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        String[] lines = r.body().split("\n");
        assertThat(lines[0]).isEqualTo("time,HKLD [kN],WOB [kN]");
        assertThat(lines.length).isBetween(2, 51);
        assertThat(lines[1].split(",")).hasSize(3);
    }

    @Test
    void badRequestsNameEveryOffendingField() throws Exception {
        JsonNode e = json("/api/rigs/" + rig + "/history?channels=NOPE&points=0&from=yesterday&colour=red", 400);
        assertThat(e.get("status").asInt()).isEqualTo(400);
        assertThat(e.get("path").asText()).isEqualTo("/api/rigs/" + rig + "/history");
        assertThat(e.get("fields").findValuesAsText("field")).containsExactlyInAnyOrder("colour", "from", "points");
        JsonNode unknownChannel = json("/api/rigs/" + rig + "/history?channels=NOPE", 400);
        assertThat(unknownChannel.get("fields").get(0).get("message").asText()).contains("has no channel NOPE").contains("HKLD");
        String reversed = "from=" + enc(Instant.now()) + "&to=" + enc(Instant.now().minusSeconds(60));
        assertThat(json("/api/rigs/" + rig + "/history?channels=HKLD&" + reversed, 400).get("fields").get(0).get("field").asText()).isEqualTo("from");
        assertThat(json("/api/rigs/no-such-rig", 404).get("message").asText()).contains("no-such-rig");
        assertThat(json("/api/rigs/" + URLEncoder.encode("Bad Rig!", StandardCharsets.UTF_8), 400).get("fields").get(0).get("field").asText()).isEqualTo("rig");
        assertThat(json("/api/rejects?limit=5000", 400).get("fields").get(0).get("field").asText()).isEqualTo("limit");
    }

    @Test
    void liveStreamDeliversCommittedBatches() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/api/rigs/" + rig + "/live"))
                        .header("Authorization", "Bearer " + hub.admin().bearerToken().orElseThrow()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("event: readings")) {
                // comments and retry
            }
            JsonNode data = JSON.readTree(in.readLine().substring("data: ".length()));
            assertThat(data.get("rig").asText()).isEqualTo(rig);
            assertThat(data.get("channels").has("HKLD")).isTrue();
            assertThat(data.get("activity").asText()).isNotBlank();
        }
    }

    @Test
    void openApiHealthAndMetricsAreServed() throws Exception {
        HttpResponse<String> openapi = hub.get("/openapi");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/rigs/{rig}/history").contains("Error");
        assertThat(json("/observe/health/ready", 200).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.url() + "/observe/metrics"))
                .header("Accept", "text/plain").header("Authorization", "Bearer " + hub.admin().bearerToken().orElseThrow()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("derrick_ingest_readings_stored(_total)?\\{[^}]*\\} [1-9]");
    }

    /** The form the OpenAPI shows, with raw ':' in the query, as a person types it into curl. */
    @Test
    void rawColonsInAQueryAreAccepted() throws Exception {
        String from = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode h = json("/api/rigs/" + rig + "/history?from=" + from + "&channels=edge-01:HKLD", 200);
        assertThat(h.get("series").get(0).get("channel").asText()).isEqualTo("HKLD");
        assertThat(h.get("from").asText()).isEqualTo(from);
    }

    /** Every answer, of every kind, carries the security headers; static files keep their caching. */
    @Test
    void securityHeadersAreOnPagesApiAnswersAndErrors() throws Exception {
        String token = hub.admin().bearerToken().orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        String vendor = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/app/vendor.js")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher webjar = java.util.regex.Pattern.compile("'(/webjars/[^']+)'").matcher(vendor);
        assertThat(webjar.find()).as("vendor.js names its WebJar: " + vendor).isTrue();
        record Ask(String method, String path, boolean signedIn, int status) {
        }
        for (Ask ask : java.util.List.of(new Ask("GET", "/", false, 200), new Ask("GET", "/rig.html", false, 200),
                new Ask("GET", "/app/html.js", false, 200), new Ask("GET", webjar.group(1), false, 200),
                new Ask("GET", "/api/rigs", true, 200), new Ask("GET", "/api/rigs", false, 401), new Ask("GET", "/api/rigs/no-such-rig", true, 404),
                new Ask("GET", "/api/rejects?limit=0", true, 400), new Ask("DELETE", "/api/rigs", true, 405), new Ask("GET", "/no-such-page", false, 404),
                new Ask("GET", "/observe/health", false, 200), new Ask("GET", "/observe/metrics", false, 401), new Ask("GET", "/openapi", false, 200))) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.url() + ask.path())).method(ask.method(), HttpRequest.BodyPublishers.noBody());
            if (ask.signedIn()) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String what = ask.method() + " " + ask.path();
            assertThat(r.statusCode()).as(what).isEqualTo(ask.status());
            assertThat(r.headers().firstValue("content-security-policy")).as(what).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(r.headers().firstValue("x-content-type-options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("referrer-policy")).as(what).hasValue("same-origin");
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/app/html.js")).build(), HttpResponse.BodyHandlers.ofString());
        String etag = page.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/app/html.js")).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as("a cached static file is not sent again").isEqualTo(304);
        assertThat(again.headers().firstValue("content-security-policy")).isPresent();
    }

    /** Load balancers see UP or DOWN; the broker's address and the ingest's queue are for signed-in staff. */
    @Test
    void healthDetailsAreForSignedInStaffOnly() throws Exception {
        JsonNode anonymous = JSON.readTree(hub.anonymous().get("/observe/health").body());
        assertThat(anonymous.get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.has("checks")).isFalse();
        assertThat(anonymous.toString()).doesNotContain("tcp://");
        JsonNode staff = json("/observe/health", 200);
        assertThat(staff.get("checks").findValuesAsText("name")).containsExactly("database", "broker");
        assertThat(staff.get("checks").get(1).get("data").get("broker").asText()).isEqualTo(hub.hub().brokerUrl());
        hub.admin().json("POST", "/api/admin/clients", "{\"id\":\"health-co\",\"name\":\"Health Co\"}", 201);
        JsonNode client = JSON.readTree(hub.user("health.client", "client", "health-co").get("/observe/health").body());
        assertThat(client.has("checks")).as("a client's user is not the contractor's staff").isFalse();
        assertThat(JSON.readTree(hub.anonymous().get("/observe/health/live").body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void aWrongMethodOnAKnownPathIs405WithAllow() throws Exception {
        HttpResponse<String> r = hub.admin().send("DELETE", "/api/rigs/" + rig + "/history", null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, OPTIONS");
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains("DELETE is not allowed on /api/rigs/{rig}/history");
        HttpResponse<String> options = hub.admin().send("OPTIONS", "/api/alarms/{id}/ack".replace("{id}", "1"), null);
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("allow")).hasValue("OPTIONS, POST");
        assertThat(hub.admin().send("GET", "/api/no-such-thing", null).statusCode()).isEqualTo(404);
    }

    /** An instant for a query, encoded as a browser does (raw colons are accepted too: {@link #rawColonsInAQueryAreAccepted}). */
    private static String enc(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    private static long sum(JsonNode array) {
        long s = 0;
        for (JsonNode n : array) {
            s += n.asLong();
        }
        return s;
    }

    private static double max(JsonNode array) {
        double m = Double.NEGATIVE_INFINITY;
        for (JsonNode n : array) {
            m = Math.max(m, n.asDouble());
        }
        return m;
    }
}
