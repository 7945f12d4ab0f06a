package io.derrick.bench;

import io.derrick.edge.testing.FreePort;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.hub.HubMain;
import io.derrick.hub.platform.db.EmbeddedPostgres;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Hub figures, each beside a baseline from the same run: sustained ingest (broker → hub → PostgreSQL,
 * committed, acknowledged) against a raw COPY of the same rows into the same table; the same payloads
 * through the broker alone; history latency for 24 h of a 1 Hz channel at 1,000 points; the hub's RSS.
 */
final class HubBench {
    private static final int NODES = 6;
    private static final int CHANNELS = 23;
    private static final int PER_CHANNEL = 50;          // 10 s of a 5 Hz channel per batch
    private static final int BATCHES_PER_NODE = 60;

    private HubBench() {
    }

    /** {@code only}: "reports" (history and reports), "plan" (the planner), "kpi" (the dashboard), or null for all. */
    static void run(Path dir, Mosquitto broker, String only) throws Exception {
        // not under the private temp dir: as root the embedded server runs as 'nobody', which must reach it
        Path pgHome = Path.of("/var/tmp", "derrick-bench-" + ProcessHandle.current().pid());
        try (EmbeddedPostgres pg = new EmbeddedPostgres(pgHome, 0, "nobody").start()) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE bench");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/bench";
            int port = FreePort.one();
            Process hub = startHub(dir, url, pg, broker, port);
            // a bench stopped with Ctrl-C or kill leaves no hub or PostgreSQL behind (finally blocks do not run then)
            Thread cleanup = new Thread(() -> {
                hub.destroy();
                pg.close();
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                awaitReady(port, hub);
                if (only == null) {
                    ingest(url, pg, broker);
                }
                if ("plan".equals(only)) {
                    PlanHttpBench.run(new BenchApi(port, apiToken(HttpClient.newHttpClient(), port), url, pg.user(), pg.password()), "bench", ADMIN_PASSWORD);
                    return;
                }
                if ("kpi".equals(only)) {
                    KpiBench.run(new BenchApi(port, apiToken(HttpClient.newHttpClient(), port), url, pg.user(), pg.password()));
                    return;
                }
                String token = history(url, pg, broker, port);
                System.out.println("7. Hub process (-Xmx512m) after the runs above: " + rss(hub.pid()));
                System.out.println();
                BenchApi api = new BenchApi(port, token, url, pg.user(), pg.password());
                ReportBench.run(api);
                System.out.println("9. Hub process (-Xmx512m) after the reports: " + rss(hub.pid()));
                System.out.println();
                if (only == null) {
                    PlanHttpBench.run(api, "bench", ADMIN_PASSWORD);
                    KpiBench.run(api);
                }
            } finally {
                hub.destroy();
                hub.waitFor(30, TimeUnit.SECONDS);
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
    }

    private static void ingest(String url, EmbeddedPostgres pg, Mosquitto broker) throws Exception {
        MessageCodec codec = new MessageCodec();
        long start = System.currentTimeMillis() - 2 * 24 * 3600_000L;
        List<byte[]> payloads = new ArrayList<>();
        List<ReadingBatch> batches = new ArrayList<>();
        Random random = new Random(7);
        for (int b = 0; b < BATCHES_PER_NODE; b++) {
            for (int n = 0; n < NODES; n++) {
                ReadingBatch batch = batch("bench-" + n, b + 1, start + b * 10_000L, random);
                batches.add(batch);
                payloads.add(codec.encode(batch, true));
            }
        }
        long readings = (long) batches.size() * CHANNELS * PER_CHANNEL;
        // outside derrick/v1/#, so the hub under test does not take (and reject) the baseline's messages
        double brokerOnly = BenchMain.publishQos1(broker, payloads.stream().map(p -> "bench/broker-only").toList(), payloads, 16);

        long t0 = System.nanoTime();
        BenchMain.publishQos1(broker, batches.stream().map(b -> b.topic().path()).toList(), payloads, 16);
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
            while (count(c, "SELECT count(*) FROM received_message") < batches.size()) {
                Thread.sleep(20);
            }
        }
        double hubRate = BenchMain.rate(readings, t0);

        // the same rows, COPYed straight into the same partitioned table by one connection
        double copyRate;
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
            StringBuilder rows = new StringBuilder();
            List<Integer> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM channel ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            int k = 0;
            for (ReadingBatch batch : batches) {
                for (ChannelSeries s : batch.series()) {
                    int id = ids.get(k++ % ids.size());
                    for (int i = 0; i < s.size(); i++) {
                        rows.append(id).append('\t').append(Instant.ofEpochMilli(s.timesMs()[i])).append('\t')
                                .append(s.values()[i]).append('\t').append('G').append('\n');
                    }
                }
            }
            c.setAutoCommit(false);
            long c0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY reading (channel_id, at, value, quality) FROM STDIN",
                    new StringReader(rows.toString()));
            c.commit();
            copyRate = BenchMain.rate(readings, c0);
        }
        System.out.printf("5. Hub ingest, %,d readings in %,d gzip batches from %d nodes (%d channels x %d readings), Mosquitto -> hub -> PostgreSQL%n",
                readings, batches.size(), NODES, CHANNELS, PER_CHANNEL);
        System.out.printf("   hub (decode, dedup, COPY, 1m+1h rollups, latest values, commit, then PUBACK) %,10.0f readings/s%n", hubRate);
        System.out.printf("   raw COPY of the same rows into the same table, one transaction          %,10.0f readings/s   ratio %.2f%n",
                copyRate, hubRate / copyRate);
        System.out.printf("   the same payloads through the broker alone (raw Paho QoS 1, same window) %,10.0f readings/s%n%n",
                brokerOnly * CHANNELS * PER_CHANNEL);
    }

    /** Returns the API token it made. */
    private static String history(String url, EmbeddedPostgres pg, Mosquitto broker, int port) throws Exception {
        MessageCodec codec = new MessageCodec();
        long dayStart = (System.currentTimeMillis() / 3_600_000 - 25) * 3_600_000;
        List<ReadingBatch> hours = new ArrayList<>();
        Random random = new Random(11);
        for (int h = 0; h < 24; h++) {
            long[] t = new long[3600];
            double[] v = new double[3600];
            Quality[] q = new Quality[3600];
            for (int i = 0; i < 3600; i++) {
                t[i] = dayStart + h * 3_600_000L + i * 1000L;
                v[i] = 600 + 50 * Math.sin(t[i] / 600_000.0) + random.nextGaussian() * 4;
            }
            Arrays.fill(q, Quality.GOOD);
            hours.add(new ReadingBatch("bench-hist", "edge-01", h + 1, List.of(new ChannelSeries("HKLD", t, v, q))));
        }
        publishAll(broker, hours, codec);
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
            while (count(c, "SELECT count(*) FROM received_message WHERE rig_id = 'bench-hist'") < 24) {
                Thread.sleep(50);
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        String token = apiToken(http, port);
        String window = "channels=HKLD&points=1000&from=" + enc(Instant.ofEpochMilli(dayStart))
                + "&to=" + enc(Instant.ofEpochMilli(dayStart + 24 * 3_600_000L));
        System.out.println("6. History: 24 h of a 1 Hz channel (86,400 readings) downsampled to 1,000 points, over HTTP");
        for (String source : List.of("auto", "raw")) {
            String uri = "http://127.0.0.1:" + port + "/api/rigs/bench-hist/history?" + window + "&source=" + source;
            int runs = source.equals("auto") ? 200 : 50;
            long[] micros = new long[runs];
            for (int i = -10; i < runs; i++) {
                long q0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + r.body());
                }
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - q0) / 1000;
                }
            }
            Arrays.sort(micros);
            System.out.printf("   source=%-4s (%s)  p50 %6.1f ms   p95 %6.1f ms%n", source,
                    source.equals("auto") ? "picks the 1-minute rollup for 86 s buckets" : "date_bin over raw readings",
                    micros[runs / 2] / 1000.0, micros[(int) (runs * 0.95)] / 1000.0);
        }
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
            long q0 = System.nanoTime();
            count(c, """
                    SELECT count(*) FROM (SELECT date_bin('86.4 seconds', at, timestamptz '2000-01-01') b, avg(value)
                    FROM reading r JOIN channel ch ON ch.id = r.channel_id WHERE ch.rig_id = 'bench-hist' GROUP BY b) x""");
            System.out.printf("   baseline: the raw aggregate in psql terms, one JDBC query, no HTTP  %6.1f ms%n%n", (System.nanoTime() - q0) / 1e6);
        }
        return token;
    }

    private static ReadingBatch batch(String rig, long seq, long t0, Random random) {
        List<ChannelSeries> series = new ArrayList<>();
        for (int ch = 0; ch < CHANNELS; ch++) {
            long[] t = new long[PER_CHANNEL];
            double[] v = new double[PER_CHANNEL];
            Quality[] q = new Quality[PER_CHANNEL];
            double base = 100 + ch * 37;
            for (int i = 0; i < PER_CHANNEL; i++) {
                t[i] = t0 + i * 200L;
                v[i] = Math.round((base + random.nextGaussian() * base * 0.01) * 100) / 100.0;
            }
            Arrays.fill(q, Quality.GOOD);
            series.add(new ChannelSeries("CH" + ch, t, v, q));
        }
        return new ReadingBatch(rig, "edge-01", seq, series);
    }

    private static void publishAll(Mosquitto broker, List<ReadingBatch> batches, MessageCodec codec) throws Exception {
        BenchMain.publishQos1(broker, batches.stream().map(b -> b.topic().path()).toList(),
                batches.stream().map(b -> codec.encode(b, true)).toList(), 16);
    }

    private static final String ADMIN_PASSWORD = "drill floor 2026";

    /**
     * Signs in as the bench's admin and makes an API token, printing what a sign-in costs (PBKDF2, 600,000 iterations)
     * next to one SHA-256, the check of every request's token.
     */
    private static String apiToken(HttpClient http, int port) throws Exception {
        String base = "http://127.0.0.1:" + port;
        long s0 = System.nanoTime();
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bench\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long signInMicros = (System.nanoTime() - s0) / 1000;
        if (session.statusCode() != 201) {
            throw new IllegalStateException("sign-in → " + session.statusCode() + " " + session.body());
        }
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow();
        String csrf = new com.fasterxml.jackson.databind.ObjectMapper().readTree(session.body()).get("csrf").asText();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\",\"days\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long h0 = System.nanoTime();
        java.security.MessageDigest.getInstance("SHA-256").digest("drk_a-token-of-43-characters-xxxxxxxxxxxxxxxx".getBytes());
        System.out.printf("   sign-in over HTTP (PBKDF2-SHA256, 600,000 iterations) %6.1f ms;  baseline: the SHA-256 of a token %6.3f ms%n",
                signInMicros / 1000.0, (System.nanoTime() - h0) / 1e6);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(token.body()).get("token").asText();
    }

    private static Process startHub(Path dir, String url, EmbeddedPostgres pg, Mosquitto broker, int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), HubMain.class.getName(),
                "--set", "server.port=" + port, "--set", "hub.dataDir=" + dir.resolve("hub"),
                "--set", "db.url=" + url, "--set", "db.user=" + pg.user(), "--set", "db.password=" + pg.password(),
                "--set", "broker.url=" + broker.url(), "--set", "broker.subscription=exclusive",
                "--set", "broker.clientId=bench-hub",
                // the bench is one credential making thousands of requests a minute: no rate limit
                "--set", "security.requestsPerMinute=1000000",
                // the bench publishes as made-up nodes straight to Mosquitto; the API is read as the first admin
                "--set", "security.nodes=any", "--set", "security.initialAdmin.username=bench",
                "--set", "security.initialAdmin.passwordFile=" + Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD))
                .redirectErrorStream(true).redirectOutput(dir.resolve("hub.log").toFile()).start();
    }

    private static void awaitReady(int port, Process hub) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub exited");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the hub did not become ready");
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String rss(long pid) throws Exception {
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        return status.lines().filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
                .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("n/a");
    }

    private static String enc(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
