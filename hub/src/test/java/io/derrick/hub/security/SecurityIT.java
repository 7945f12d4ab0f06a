package io.derrick.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.auth.Users;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.Publisher;
import io.derrick.hub.testing.TestDatabase;
import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.ChannelSpec;
import io.derrick.protocol.Event;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * People and security against the real hub and PostgreSQL: the route table walked (anonymous callers, viewers,
 * clients), sessions with CSRF, API tokens, lockout, passwords, the audit trail and its atomicity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** self-service writes every signed-in user may make: sign out, own password, own tokens */
    private static final Set<String> SELF_SERVICE = Set.of("DELETE /api/session", "POST /api/session/password",
            "POST /api/tokens", "DELETE /api/tokens/{id}",
            // the planner: any of the staff comments on a well (and deletes only their own), and subscribes themselves
            "POST /api/plan/campaign-wells/{campaignWell}/comments", "DELETE /api/plan/comments/{comment}",
            "PUT /api/plan/scenarios/{scenario}/subscription", "DELETE /api/plan/scenarios/{scenario}/subscription");

    private TestDatabase db;
    private InProcessHub hub;
    private HubClient admin;
    private HubClient viewer;
    private HubClient acme;
    private long zenithAlarm;
    private long acmeAlarm;
    /** each rig's shift report of yesterday (rig-a's is acme's, rig-b's zenith's) */
    private final Map<String, Long> reports = new java.util.HashMap<>();
    /** a core tray photo on each of those reports */
    private final Map<String, Long> photos = new java.util.HashMap<>();
    private final Map<String, Long> equipment = new java.util.HashMap<>();
    private final Map<String, Long> incidents = new java.util.HashMap<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        db = TestDatabase.create();
        Path config = dir.resolve("hub.yaml");
        // generous per-address and per-credential limits here: RateLimitIT has its own hub
        Files.writeString(config, "security: {signInsPerMinute: 1000, requestsPerMinute: 100000}\n");
        hub = new InProcessHub(db, dir.resolve("hub"), config);
        admin = hub.admin();
        try (Publisher edge = new Publisher(hub.hub().brokerUrl(), "security-it")) {
            long t = Instant.now().toEpochMilli();
            for (String rig : List.of("rig-a", "rig-b", "rig-c")) {
                edge.publish(new Birth(rig, node(rig), "test", "cfg", Instant.now(), 0, 0, 0,
                        List.of(new ChannelSpec("HKLD", "kN", 0, 5000, "daq", "hookload"))));
                edge.publish(new ReadingBatch(rig, node(rig), 1, List.of(new ChannelSeries("HKLD", new long[] {t, t + 1000},
                        new double[] {1200, 1210}, new Quality[] {Quality.GOOD, Quality.GOOD}))));
                edge.publish(new Event(rig, node(rig), 2, Instant.now(), Event.Type.ALARM_RAISED, Event.Severity.CRITICAL,
                        List.of("HKLD"), 0.9, "secret of " + rig, Map.of(), "kick"));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM alarm") == 3);
        admin.json("POST", "/api/admin/clients", "{\"id\":\"acme\",\"name\":\"Acme Mining\"}", 201);
        admin.json("POST", "/api/admin/clients", "{\"id\":\"zenith\",\"name\":\"Zenith Gold\"}", 201);
        admin.json("PUT", "/api/admin/rigs/rig-a/client", "{\"client\":\"acme\"}", 200);
        admin.json("PUT", "/api/admin/rigs/rig-b/client", "{\"client\":\"zenith\"}", 200);
        acmeAlarm = (Long) db.query("SELECT id FROM alarm WHERE rig_id = 'rig-a'").get(0).get(0);
        zenithAlarm = (Long) db.query("SELECT id FROM alarm WHERE rig_id = 'rig-b'").get(0).get(0);
        for (String rig : List.of("rig-a", "rig-b", "rig-c")) {
            JsonNode report = admin.json("POST", "/api/reports", "{\"rig\":\"" + rig + "\",\"date\":\""
                    + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1) + "\",\"shiftType\":\"day\"}", 201);
            long id = report.get("id").asLong();
            reports.put(rig, id);
            admin.json("PUT", "/api/reports/" + id, "{\"version\":" + report.get("version").asInt() + ",\"progress\":[{\"hole\":\"H-1\","
                    + "\"coreSize\":\"NQ\",\"fromDepth\":10,\"toDepth\":12,\"start\":\"07:00\",\"end\":\"08:00\"}]}", 200);
            HttpResponse<String> photo = admin.upload("/api/reports/" + id + "/photos?hole=H-1", io.derrick.hub.testing.Pictures.noisePng(8, 8, 1), "image/png");
            assertThat(photo.statusCode()).as(photo.body()).isEqualTo(201);
            photos.put(rig, new ObjectMapper().readTree(photo.body()).get("id").asLong());
            // through the manager: a client's users see a report from the manager's approval on
            admin.json("POST", "/api/reports/" + id + "/submit", "{}", 200);
            admin.json("POST", "/api/reports/" + id + "/approve", "{}", 200);
        }
        for (String rig : List.of("rig-a", "rig-b", "rig-c")) {
            // equipment, a work order and an incident on each rig, all shareable with the rig's client
            JsonNode e = admin.json("POST", "/api/equipment", "{\"rig\":\"" + rig + "\",\"kind\":\"mud_pump\",\"name\":\"pump (secret of " + rig
                    + ")\",\"node\":\"" + node(rig) + "\",\"channels\":[\"HKLD\"],\"shareable\":true}", 201);
            equipment.put(rig, e.get("id").asLong());
            admin.json("POST", "/api/maintenance/work-orders", "{\"equipment\":" + e.get("id").asLong() + ",\"type\":\"corrective\","
                    + "\"description\":\"valves (secret of " + rig + ")\",\"scheduledOn\":\"2026-01-05\",\"shareable\":true}", 201);
            JsonNode i = admin.json("POST", "/api/incidents", "{\"rig\":\"" + rig + "\",\"category\":\"safety\",\"severity\":\"low\","
                    + "\"title\":\"slip (secret of " + rig + ")\",\"description\":\"wet floor\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"shareable\":true}", 201);
            incidents.put(rig, i.get("id").asLong());
        }
        viewer = hub.user("vera.viewer", "viewer", null);
        acme = hub.user("ann@acme.example", "client", "acme");
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
        db.close();
    }

    /** rig-a's node is edge-a: a node's name in an answer tells whose data it is */
    private static String node(String rig) {
        return rig.replace("rig-", "edge-");
    }

    private List<Routes.Route> routes() {
        return hub.hub().routes();
    }

    /** A route's path with its parameters filled in: {@code rig} as given, {@code id} as given. */
    private String path(Routes.Route route, String rig, long id) {
        return route.path().replace("{rig}", rig).replace("{node}", node(rig)).replace("{id}", Long.toString(id))
                .replace("{report}", Long.toString(reports.get(rig))).replace("{photo}", Long.toString(photos.get(rig)))
                .replace("{equipment}", Long.toString(equipment.get(rig))).replace("{incident}", Long.toString(incidents.get(rig)))
                // the planner's ids ({scenario}, {well}, {campaignWell}, {run}): the walk checks access, which comes first
                .replaceAll("\\{[A-Za-z]+}", "1");
    }

    private static String name(Routes.Route r) {
        return r.method().text() + " " + r.path();
    }

    @Test
    void everyRouteButSigningInRefusesAnAnonymousCaller() throws Exception {
        assertThat(routes()).hasSizeGreaterThan(25);
        assertThat(routes().stream().filter(r -> r.access().kind() == Access.Kind.ANYONE).map(SecurityIT::name))
                .as("open to anyone: health (UP or DOWN only), the API's description and signing in, nothing else")
                .containsExactlyInAnyOrder("GET /observe/health", "GET /observe/health/ready", "GET /observe/health/live", "GET /openapi",
                        "POST /api/session");
        for (Routes.Route route : routes()) {
            if (route.access().kind() == Access.Kind.ANYONE) {
                continue;
            }
            HttpResponse<String> r = hub.anonymous().send(route.method().text(), path(route, "rig-a", acmeAlarm), route.writes() ? "{}" : null);
            assertThat(r.statusCode()).as(name(route) + " anonymous → " + r.body()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(name(route)).hasValue("Bearer realm=\"derrick\"");
            // a made-up token is no better
            HttpResponse<String> forged = HubClient.bearer(hub.url(), "drk_made-up").send(route.method().text(),
                    path(route, "rig-a", acmeAlarm), route.writes() ? "{}" : null);
            assertThat(forged.statusCode()).as(name(route) + " with a forged token").isEqualTo(401);
        }
        assertThat(hub.anonymous().get("/observe/metrics").statusCode()).as("metrics").isEqualTo(401);
        assertThat(admin.get("/observe/metrics").statusCode()).isEqualTo(200);
        assertThat(hub.anonymous().get("/observe/health").statusCode()).as("health stays open for load balancers").isEqualTo(200);
        assertThat(hub.anonymous().get("/").statusCode()).as("the UI's files are open; their data is not").isEqualTo(200);
    }

    /** The browser forgets the cookie when the hub forgets the session (12 h idle), not a week later. */
    @Test
    void theSessionCookieLivesAsLongAsTheSession() throws Exception {
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.url() + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"" + InProcessHub.ADMIN + "\",\"password\":\""
                        + InProcessHub.ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        String cookie = r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(Routes.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        java.util.regex.Matcher maxAge = java.util.regex.Pattern.compile("Max-Age=(\\d+)").matcher(cookie);
        assertThat(maxAge.find()).as(cookie).isTrue();
        assertThat(Long.parseLong(maxAge.group(1))).as("the session's idle time, 12 h").isBetween(12 * 3600L - 60, 12 * 3600L);
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void theOpenApiDocumentNamesEveryRouteWithItsAccess() throws Exception {
        // the document the hub serves, merged from every feature's part
        JsonNode doc = new ObjectMapper().readTree(hub.anonymous().get("/openapi?format=json").body());
        for (Routes.Route route : routes()) {
            JsonNode operation = doc.path("paths").path(route.path()).path(route.method().text().toLowerCase(java.util.Locale.ROOT));
            assertThat(operation.isMissingNode()).as(name(route) + " is documented").isFalse();
            assertThat(operation.path("x-access").asText()).as(name(route)).isEqualTo(route.access().toString());
        }
    }

    @Test
    void everyWriteRouteRefusesAViewerExceptTheViewersOwnAccount() throws Exception {
        List<String> selfService = new ArrayList<>();
        for (Routes.Route route : routes()) {
            if (!route.writes() || route.access().kind() == Access.Kind.ANYONE) {
                continue;
            }
            if (route.access().kind() != Access.Kind.ROLES) {
                selfService.add(name(route));
                continue;
            }
            assertThat(route.access().roles()).as(name(route)).doesNotContain(Role.VIEWER);
            HttpResponse<String> r = viewer.send(route.method().text(), path(route, "rig-a", acmeAlarm), "{}");
            assertThat(r.statusCode()).as(name(route) + " as a viewer → " + r.body()).isEqualTo(403);
            assertThat(r.body()).contains("needs one of the roles");
        }
        assertThat(selfService).as("writes open to any signed-in user").containsExactlyInAnyOrderElementsOf(SELF_SERVICE);
        assertThat(db.count("SELECT count(*) FROM alarm WHERE acknowledged_at IS NOT NULL")).as("nothing changed").isZero();
        // and every read a viewer may make answers
        assertThat(viewer.get("/api/rigs").statusCode()).isEqualTo(200);
        assertThat(viewer.get("/api/alarms").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientReadsOnlyItsOwnRigs() throws Exception {
        JsonNode rigs = acme.json("GET", "/api/rigs", null, 200);
        assertThat(rigs).extracting(r -> r.get("id").asText()).containsExactly("rig-a");
        JsonNode alarms = acme.json("GET", "/api/alarms", null, 200);
        assertThat(alarms).extracting(a -> a.get("rig").asText()).containsExactly("rig-a");
        assertThat(acme.get("/api/alarms?rig=rig-b").statusCode()).isEqualTo(404);

        for (Routes.Route route : routes()) {
            if (route.writes() || route.path().equals("/api/live")) {
                continue; // the fleet-wide stream is checked below
            }
            HttpResponse<String> others = acme.get(path(route, "rig-b", zenithAlarm));
            assertThat(others.body()).as(name(route) + " → " + others.statusCode()).doesNotContain("secret of rig-b", "edge-b");
            if (route.path().contains("{")) {
                assertThat(others.statusCode()).as(name(route) + ": another client's rig is as if it did not exist").isIn(403, 404);
                String own = path(route, "rig-a", acmeAlarm);
                if (!own.endsWith("/live") && route.access().kind() == Access.Kind.SIGNED_IN) {
                    own += own.contains("/history") ? "?channels=HKLD" : "";
                    assertThat(acme.get(own).statusCode()).as(own).isEqualTo(200);
                }
            }
        }
        assertThat(acme.get("/api/alerts").statusCode()).as("alert emails are the contractor's").isEqualTo(403);
        assertThat(acme.get("/api/rigs/rig-c").statusCode()).as("a rig of no client: staff only").isEqualTo(404);
        assertThat(viewer.json("GET", "/api/rigs", null, 200)).as("staff see all").hasSize(3);
    }

    @Test
    void aClientsLiveStreamCarriesOnlyItsRigs() throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.url() + "/api/live"))
                .header("Authorization", "Bearer " + acme.token("live").bearerToken().orElseThrow()).build();
        HttpResponse<java.util.stream.Stream<String>> stream = java.net.http.HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = Thread.startVirtualThread(() -> stream.body().forEach(seen::add));
        try (Publisher edge = new Publisher(hub.hub().brokerUrl(), "security-live")) {
            long t = Instant.now().toEpochMilli();
            await("rig-a's readings on acme's stream; seen " + seen).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (String rig : List.of("rig-b", "rig-a")) {
                    edge.publish(new ReadingBatch(rig, node(rig), 100 + seen.size() + System.nanoTime() % 1000, List.of(new ChannelSeries("HKLD",
                            new long[] {t}, new double[] {1300}, new Quality[] {Quality.GOOD}))));
                }
                return seen.stream().anyMatch(l -> l.contains("rig-a"));
            });
        } finally {
            reader.interrupt();
            stream.body().close();
        }
        assertThat(seen).as("rig-b's readings never reach acme").noneMatch(l -> l.contains("rig-b"));
    }

    @Test
    void aBrowserWriteNeedsTheSessionsCsrfTokenAndAnApiTokenNeedsNone() throws Exception {
        HubClient session = HubClient.session(hub.url(), InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
        HttpResponse<String> forged = session.withoutCsrf().post("/api/admin/clients", "{\"id\":\"forged\",\"name\":\"F\"}");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("X-CSRF-Token");
        assertThat(db.count("SELECT count(*) FROM client WHERE id = 'forged'")).isZero();
        session.json("POST", "/api/admin/clients", "{\"id\":\"via-session\",\"name\":\"S\"}", 201);
        admin.json("POST", "/api/admin/clients", "{\"id\":\"via-token\",\"name\":\"T\"}", 201);
        JsonNode me = session.json("GET", "/api/session", null, 200);
        assertThat(me.get("user").get("username").asText()).isEqualTo("admin");
        assertThat(me.get("user").toString()).doesNotContain("pbkdf2").doesNotContain("password");

        HttpResponse<String> signIn = hub.anonymous().post("/api/session", "{\"username\":\"admin\",\"password\":\"" + InProcessHub.ADMIN_PASSWORD + "\"}");
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        // a session's secret is no bearer token
        assertThat(HubClient.bearer(hub.url(), cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'))).get("/api/rigs").statusCode())
                .isEqualTo(401);
        session.json("DELETE", "/api/session", null, 204);
        assertThat(session.get("/api/rigs").statusCode()).as("signed out").isEqualTo(401);
    }

    @Test
    void tokensExpireAndAreRevokedAndKeptOnlyAsHashes() throws Exception {
        HubClient owner = hub.user("token.owner", "viewer", null);
        JsonNode issued = owner.json("POST", "/api/tokens", "{\"name\":\"grafana\",\"days\":30}", 201);
        String secret = issued.get("token").asText();
        assertThat(secret).startsWith("drk_");
        HubClient grafana = HubClient.bearer(hub.url(), secret);
        assertThat(grafana.get("/api/rigs").statusCode()).isEqualTo(200);
        JsonNode list = owner.json("GET", "/api/tokens", null, 200);
        assertThat(list.toString()).contains("grafana").doesNotContain(secret);
        assertThat(db.count("SELECT count(*) FROM auth_token WHERE secret_hash = sha256(convert_to(?, 'UTF8'))", secret)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM auth_token t WHERE t::text LIKE '%' || ? || '%'", secret.substring(4)))
                .as("only its hash is stored").isZero();
        assertThat(owner.json("POST", "/api/tokens", "{\"name\":\"x\",\"days\":4000,\"scope\":\"all\"}", 400).get("fields").toString())
                .contains("days", "scope");

        // another user cannot revoke it; its owner can
        assertThat(viewer.send("DELETE", "/api/tokens/" + issued.get("id").asLong(), null).statusCode()).isEqualTo(404);
        owner.json("DELETE", "/api/tokens/" + issued.get("id").asLong(), null, 204);
        assertThat(grafana.get("/api/rigs").statusCode()).isEqualTo(401);

        HubClient expiring = owner.token("expiring");
        assertThat(expiring.get("/api/rigs").statusCode()).isEqualTo(200);
        sql("UPDATE auth_token SET expires_at = now() - interval '1 second' WHERE name = 'expiring'");
        assertThat(expiring.get("/api/rigs").statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountAndEachAttemptIsAudited() throws Exception {
        hub.user("lock.me", "viewer", null);
        for (int i = 0; i < Users.FREE_FAILURES; i++) {
            HttpResponse<String> r = hub.anonymous().post("/api/session", "{\"username\":\"lock.me\",\"password\":\"guess number " + i + "\"}");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("wrong username or password");
        }
        HttpResponse<String> locked = hub.anonymous().post("/api/session",
                "{\"username\":\"LOCK.ME\",\"password\":\"" + InProcessHub.PASSWORD + "\"}");
        assertThat(locked.statusCode()).as("locked even with the right password").isEqualTo(429);
        assertThat(locked.body()).contains("locked until");
        assertThat(Integer.parseInt(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 31);
        // an unknown user gets the same answer as a wrong password
        HttpResponse<String> unknown = hub.anonymous().post("/api/session", "{\"username\":\"nobody\",\"password\":\"whatever it is\"}");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("wrong username or password");

        JsonNode audit = admin.json("GET", "/api/audit?actor=lock.me&action=session.*", null, 200);
        assertThat(audit).extracting(a -> a.get("action").asText()).containsExactly("session.refused", "session.failed",
                "session.failed", "session.failed", "session.failed", "session.failed", "session.start");
        // an admin's new password unlocks
        long id = audit.get(0).get("entityId").asLong();
        admin.json("POST", "/api/admin/users/" + id + "/password", "{\"password\":\"a brand new one 42\"}", 204);
        HubClient.session(hub.url(), "lock.me", "a brand new one 42");
    }

    @Test
    void usersAreValidatedFieldByFieldAndWeakPasswordsRefused() throws Exception {
        JsonNode bad = admin.json("POST", "/api/admin/users",
                "{\"username\":\"x\",\"roles\":[\"viewer\",\"wizard\"],\"password\":\"short\",\"email\":\"nope\",\"shoeSize\":9}", 400);
        assertThat(bad.get("fields")).extracting(f -> f.get("field").asText())
                .contains("username", "roles", "password", "email", "shoeSize");
        assertThat(admin.json("POST", "/api/admin/users", "{\"username\":\"cli\",\"roles\":[\"client\"],\"password\":\"" + InProcessHub.PASSWORD + "\"}", 400)
                .toString()).contains("belongs to a client");
        assertThat(admin.json("POST", "/api/admin/users", "{\"username\":\"admin\",\"roles\":[\"viewer\"],\"password\":\"" + InProcessHub.PASSWORD + "\"}", 409)
                .toString()).contains("exists already");
        assertThat(admin.json("POST", "/api/admin/users", "{\"username\":\"pw\",\"roles\":[\"viewer\"],\"password\":\"pw-pw-pw-pw-pw\"}", 400)
                .toString()).contains("must not contain the username");
        HttpResponse<String> huge = admin.post("/api/admin/users", "{\"username\":\"" + "x".repeat(20_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(db.count("SELECT count(*) FROM app_user WHERE username IN ('x', 'cli', 'pw')")).isZero();
    }

    @Test
    void changingOnesPasswordNeedsTheCurrentOneAndEndsTheOtherSessions() throws Exception {
        HubClient first = hub.user("changer", "viewer", null);
        HubClient second = HubClient.session(hub.url(), "changer", InProcessHub.PASSWORD);
        HubClient token = first.token("script");
        first.json("POST", "/api/session/password", "{\"current\":\"not it at all\",\"password\":\"the next one 2027\"}", 400);
        JsonNode renewed = first.json("POST", "/api/session/password",
                "{\"current\":\"" + InProcessHub.PASSWORD + "\",\"password\":\"the next one 2027\"}", 200);
        assertThat(renewed.get("csrf").asText()).isNotEmpty();
        assertThat(second.get("/api/rigs").statusCode()).isEqualTo(401);
        assertThat(token.get("/api/rigs").statusCode()).isEqualTo(401);
        HubClient.session(hub.url(), "changer", "the next one 2027");
    }

    @Test
    void disablingAUserEndsItsAccessAtOnceAndTheLastAdminStays() throws Exception {
        HubClient leaving = hub.user("leaving", "supervisor", null);
        assertThat(leaving.get("/api/rigs").statusCode()).isEqualTo(200);
        long id = leaving.json("GET", "/api/session", null, 200).get("user").get("id").asLong();
        JsonNode after = admin.json("PATCH", "/api/admin/users/" + id, "{\"disabled\":true}", 200);
        assertThat(after.get("disabled").asBoolean()).isTrue();
        assertThat(leaving.get("/api/rigs").statusCode()).isEqualTo(401);
        HttpResponse<String> signIn = hub.anonymous().post("/api/session", "{\"username\":\"leaving\",\"password\":\"" + InProcessHub.PASSWORD + "\"}");
        assertThat(signIn.statusCode()).isEqualTo(403);

        long adminId = admin.json("GET", "/api/session", null, 200).get("user").get("id").asLong();
        assertThat(admin.json("PATCH", "/api/admin/users/" + adminId, "{\"roles\":[\"viewer\"]}", 400).toString())
                .contains("the only enabled admin");
        assertThat(admin.json("PATCH", "/api/admin/users/" + adminId, "{\"disabled\":true}", 400).toString())
                .contains("the only enabled admin");
        assertThat(admin.send("PATCH", "/api/admin/users/999999", "{\"disabled\":true}").statusCode()).isEqualTo(404);
    }

    @Test
    void everyWriteIsAuditedWithBeforeAndAfterInItsOwnTransaction() throws Exception {
        HubClient subject = hub.user("audited", "viewer", null);
        long id = subject.json("GET", "/api/session", null, 200).get("user").get("id").asLong();
        admin.json("PATCH", "/api/admin/users/" + id, "{\"roles\":[\"viewer\",\"editor\"],\"email\":\"a@b.example\"}", 200);
        JsonNode trail = admin.json("GET", "/api/audit?entity=user&entityId=" + id + "&action=user.*", null, 200);
        assertThat(trail).extracting(a -> a.get("action").asText()).containsExactly("user.update", "user.create");
        JsonNode update = trail.get(0);
        assertThat(update.get("actor").asText()).isEqualTo("admin");
        assertThat(update.get("via").asText()).isEqualTo("token");
        assertThat(update.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(update.get("before").get("roles").toString()).isEqualTo("[\"viewer\"]");
        assertThat(update.get("after").get("roles").toString()).contains("editor");
        assertThat(trail.toString()).doesNotContain("pbkdf2");

        // when the audit row cannot be written, the write does not happen either
        sql("ALTER TABLE audit_log ADD CONSTRAINT refuse_all CHECK (false) NOT VALID");
        try {
            HttpResponse<String> r = admin.send("PATCH", "/api/admin/users/" + id, "{\"displayName\":\"Changed Without Trace\"}");
            assertThat(r.statusCode()).isEqualTo(500);
        } finally {
            sql("ALTER TABLE audit_log DROP CONSTRAINT refuse_all");
        }
        assertThat(admin.json("GET", "/api/admin/users/" + id, null, 200).get("displayName").asText()).isEqualTo("audited");

        // nobody edits the trail: the API has no route for it, and the database refuses
        assertThat(routes().stream().filter(r -> r.path().startsWith("/api/audit")).map(SecurityIT::name)).containsExactly("GET /api/audit");
        assertThatThrownBy(() -> sql("UPDATE audit_log SET actor = 'someone else'")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("DELETE FROM audit_log")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("TRUNCATE audit_log")).hasMessageContaining("append-only");
        assertThat(viewer.get("/api/audit").statusCode()).isEqualTo(403);
        assertThat(admin.get("/api/audit?limit=0&colour=red").statusCode()).isEqualTo(400);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
