package io.derrick.demo;

import io.derrick.edge.EdgeAgent;
import io.derrick.edge.config.ConfigLoader;
import io.derrick.hardware.simulator.RigSimulator;
import io.derrick.hardware.simulator.SimulatedDevice;
import io.derrick.hardware.simulator.Simulator;
import io.derrick.hardware.simulator.SimulatorMain;
import io.derrick.hub.Hub;
import io.derrick.hub.HubConfig;
import io.derrick.hub.fleet.NodeRegistry;
import io.derrick.hub.fleet.Rigs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./derrick demo [--rigs N] [--http-port P] [--broker-port P] [--base-port P] [--speed X] [--fault RIG:KIND...] [--duration S]}:
 * the hub (embedded PostgreSQL and MQTT broker), N simulated rigs and an edge agent per rig, in one process. Agent configs are written
 * to {@code run/agents/} in the same format a real rig uses. Ctrl-C stops everything cleanly.
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(".");
        int brokerPort = 18830;
        int httpPort = 8080;
        int duration = 0;
        List<String> simulatorArgs = new ArrayList<>(List.of("--rigs", "3", "--base-port", "15020"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                help();
                return;
            }
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--home" -> home = Path.of(value);
                case "--broker-port" -> brokerPort = Integer.parseInt(value);
                case "--http-port" -> httpPort = Integer.parseInt(value);
                case "--duration" -> duration = Integer.parseInt(value);
                case "--rigs", "--base-port", "--speed", "--fault", "--seed", "--scenario" -> {
                    simulatorArgs.add(args[i]);
                    simulatorArgs.add(value);
                }
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        System.setProperty("logback.configurationFile", "demo-logback.xml");
        io.derrick.hub.Slf4jLogging.install();

        Path run = home.resolve("run");
        Files.createDirectories(run.resolve("agents"));
        Simulator.Settings settings;
        try {
            settings = SimulatorMain.parse(simulatorArgs.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }

        Path adminPassword = adminPassword(run);
        System.out.println(Files.isDirectory(run.resolve("hub/postgres")) ? "derrick demo: starting the hub..."
                : "derrick demo: starting the hub (this first run extracts PostgreSQL into run/hub/postgres and creates its database)...");
        Hub hub;
        try {
            hub = new Hub(HubConfig.load(null, Map.of(
                    "hub.dataDir", run.resolve("hub").toString(),
                    "server.port", Integer.toString(httpPort),
                    "broker.embedded.port", Integer.toString(brokerPort),
                    "security.initialAdmin.username", "admin",
                    "security.initialAdmin.passwordFile", adminPassword.toString(),
                    // the demo's one user does everything: the people admin, the manager and maintenance
                    "security.initialAdmin.roles", "admin,manager,maintenance"))).start();
        } catch (RuntimeException e) {
            System.err.println("derrick demo: the hub did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Simulator simulator = new Simulator(settings).start();
        List<EdgeAgent> agents = new ArrayList<>();
        List<Integer> statusPorts = new ArrayList<>();
        for (RigSimulator rig : simulator.rigs()) {
            registerRig(hub, rig.rig(), statusPorts.size());
            statusPorts.add(httpPort + 11 + statusPorts.size());
            // each rig's node gets its own broker credential, as an admin issues it (a new one each run: the hub keeps
            // only hashes); the embedded broker then holds the node to its own topics
            NodeRegistry.Issued credential = hub.nodes().issue(rig.rig(), "edge-01", io.derrick.hub.platform.audit.Actor.config());
            Path config = writeAgentConfig(run, rig, hub.brokerUrl(), credential, statusPorts.getLast());
            agents.add(new EdgeAgent(ConfigLoader.load(config), Clock.systemUTC()).start());
        }
        List<String> rigIds = simulator.rigs().stream().map(RigSimulator::rig).toList();
        try {
            java.util.Map<String, java.util.Map<String, java.util.Set<String>>> devices = new java.util.LinkedHashMap<>();
            simulator.rigs().forEach(r -> devices.put(r.rig(), DemoEquipment.devices(r)));
            String password = Files.readString(adminPassword).strip();
            if (DemoReports.seed(hub.url(), password, rigIds, devices)) {
                System.out.println("derrick demo: the office's last week is in the reports, the rigs' equipment and maintenance are entered (first run)");
                DemoEquipment.backfillThenScore(hub, new DemoApi(hub.url(), password), rigIds);
            }
        } catch (Exception e) {
            System.err.println("derrick demo: the demo's past reports were not made: " + e.getMessage());
        }
        seedReports(hub, rigIds);
        ConsoleBoard board = new ConsoleBoard(hub);

        System.out.println();
        System.out.println("Derrick demo is running.");
        System.out.println("  Fleet dashboard:  " + hub.url() + "/   sign in as admin, password " + Files.readString(adminPassword).strip()
                + " (in " + adminPassword.toAbsolutePath().normalize() + ")");
        System.out.println("  Daily reports:    " + hub.url() + "/reports.html   each rig's current shift has a draft pre-filled from its sensors (a minute after the start),");
        System.out.println("                    and last week's reports in every state of the approval flow. The office's people sign in with the admin's password:");
        System.out.println("                    " + DemoReports.SUPERVISOR + " (supervisor of every rig), " + DemoReports.MANAGER + " (manager), "
                + DemoReports.CLIENT_USER + " (client Acme Mining: rigs 1 and 2)");
        System.out.println("  24-hour report:   " + hub.url() + "/daily.html?rig=" + rigIds.getFirst() + "&date=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3)
                + "   bill of quantities: " + hub.url() + "/boq.html?period=day&all=true&from=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(9) + "&to=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        System.out.println("  Campaign planner: " + hub.url() + "/plan.html   the approved campaign (its first wells are the holes the rigs are drilling:");
        System.out.println("                    plan vs actual), comments, and a draft with a conflict on rig-03 to compare and level (Suggest moves);");
        System.out.println("                    rigs, wells and import on the tabs; export as a workbook");
        System.out.println("  Equipment health: " + hub.url() + "/equipment.html?rig=" + (rigIds.size() > 1 ? rigIds.get(1) : rigIds.getFirst())
                + "   RUL of each unit with its band (the mud-pump model trains at the first start, about a minute;");
        System.out.println("                    rig 2's pump 1 is worn and raises the RUL alarm); " + DemoEquipment.MAINTENANCE
                + " (maintenance) signs in with the admin's password");
        System.out.println("  Maintenance:      " + hub.url() + "/maintenance.html   due schedules, work orders to move across the board, incidents");
        System.out.println("  KPI dashboard:    " + hub.url() + "/kpi.html?from=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(7) + "&to="
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "   last week's metres against the plan, NPT Pareto, utilization per rig and day;");
        System.out.println("                    click a card, a bar or a cell for the reports behind it; " + DemoReports.CLIENT_USER + " sees rigs 1 and 2 only");
        System.out.println("  API (OpenAPI):    " + hub.url() + "/openapi   health " + hub.url() + "/observe/health   metrics " + hub.url() + "/observe/metrics");
        System.out.println("  MQTT broker (embedded HiveMQ CE): " + hub.brokerUrl() + "   each node with its own credential (in its agent config)");
        System.out.println("  PostgreSQL (embedded): " + run.resolve("hub/postgres").toAbsolutePath().normalize());
        for (int i = 0; i < simulator.rigs().size(); i++) {
            RigSimulator rig = simulator.rigs().get(i);
            System.out.println("  " + rig.rig() + ": crew status page http://127.0.0.1:" + statusPorts.get(i) + "/ (PIN 1234), simulated devices "
                    + rig.devices().stream().map(DemoMain::describe).toList()
                    + ", agent config " + run.resolve("agents/" + rig.rig() + ".yaml").toAbsolutePath().normalize());
        }
        System.out.println("  Edge buffers (SQLite): " + run.resolve("agents").toAbsolutePath().normalize() + "/<rig>/buffer.db");
        System.out.println("  Ctrl-C stops everything.");
        System.out.println();

        CountDownLatch stop = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            agents.forEach(EdgeAgent::close);
            simulator.close();
            hub.close();
            System.out.println("Derrick demo stopped.");
            stop.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        long end = duration > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(duration) : Long.MAX_VALUE;
        while (System.nanoTime() < end && !stop.await(10, TimeUnit.SECONDS)) {
            board.print();
        }
        if (duration > 0) {
            System.exit(0);
        }
    }

    private static String describe(SimulatedDevice d) {
        return d.name() + " (" + d.map().device() + ") 127.0.0.1:" + d.port();
    }

    /** Where the demo's rigs drill: a name, the crews' time zone and shift pattern, as an admin enters them (first run only). */
    private static final List<Rigs.Fields> SITES = List.of(
            new Rigs.Fields("Rig 1 · Cooper Basin", ZoneId.of("Australia/Adelaide"), LocalTime.of(6, 0), LocalTime.of(18, 0)),
            new Rigs.Fields("Rig 2 · Permian Basin", ZoneId.of("America/Chicago"), LocalTime.of(6, 0), LocalTime.of(18, 0)),
            new Rigs.Fields("Rig 3 · North Sea", ZoneId.of("Europe/London"), LocalTime.of(7, 0), LocalTime.of(19, 0)));

    /**
     * Each rig's report of the shift that is on, as its supervisor would start it: a minute after the start, so the
     * pre-fill from the sensors has something to show (the demo's admin writes and approves reports too).
     */
    private static void seedReports(Hub hub, List<String> rigs) {
        Thread.ofVirtual().name("demo-reports").start(() -> {
            try {
                Thread.sleep(60_000);
                var reports = hub.reports().reports();
                for (String rig : rigs) {
                    reports.rig(rig).ifPresent(info -> reports.create(info, reports.current(info), io.derrick.hub.platform.audit.Actor.config()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("derrick demo: the demo's shift reports were not made: " + e.getMessage());
            }
        });
    }

    private static void registerRig(Hub hub, String id, int index) {
        Rigs.Fields site = index < SITES.size() ? SITES.get(index)
                : new Rigs.Fields("Rig " + (index + 1), ZoneId.of("UTC"), LocalTime.of(6, 0), LocalTime.of(18, 0));
        if (hub.fleet().rig(id).isEmpty()) {
            hub.fleet().rigs().create(id, site, null, io.derrick.hub.platform.audit.Actor.config());
        }
    }

    private static Path writeAgentConfig(Path run, RigSimulator rig, String brokerUrl, NodeRegistry.Issued credential, int statusPort)
            throws java.io.IOException {
        StringBuilder yaml = new StringBuilder("""
                # Edge agent of %s, written by the demo. A real rig's agent reads the same format:
                # see edge-agent/agent.example.yaml.
                rig: %s
                node: edge-01
                devices:
                """.formatted(rig.rig(), rig.rig()));
        for (SimulatedDevice d : rig.devices()) {
            yaml.append("""
                      - name: %s
                        tcp: {host: 127.0.0.1, port: %d}
                        unitId: %d
                        map: %s
                        pollMs: 1000
                        groups: {fast: 500, slow: 5000}
                    """.formatted(d.name(), d.port(), d.unitId(), d.map().name()));
        }
        yaml.append("""
                broker:
                  url: %s
                  username: %s
                  password: %s
                buffer:
                  path: %s/buffer.db
                  maxReadings: 5000000
                publish:
                  batchMs: 1000
                detection:
                  preset: drilling        # the shipped rules evaluated in docs/detection.md
                  model: {file: %s/derrick-model.json}
                gpio:                     # on a Pi: provider: pi (the pins are hardware/README.md's wiring)
                  provider: simulated
                  beacon: {pin: 17}
                  horn: {pin: 27}
                  heartbeat: {pin: 22}
                  ackButton: {pin: 23}
                statusPage: {port: %d, bind: 127.0.0.1, pin: "1234"}
                """.formatted(brokerUrl, credential.username(), credential.password(), rig.rig(), rig.rig(), statusPort));
        Path file = run.resolve("agents").resolve(rig.rig() + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * The demo admin's password: made up at random on the first run (there is no default password) and kept in
     * {@code run/admin-password}, readable by the owner only, for the runs after.
     */
    private static Path adminPassword(Path run) throws java.io.IOException {
        Path file = run.resolve("admin-password");
        if (!Files.exists(file)) {
            byte[] random = new byte[12];
            new java.security.SecureRandom().nextBytes(random);
            Files.writeString(file, java.util.HexFormat.of().formatHex(random) + "\n");
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file is in the user's checkout
            }
        }
        return file;
    }

    private static final String USAGE = "usage: ./derrick demo [--rigs N] [--http-port P] [--broker-port P] [--base-port P] [--speed X]"
            + " [--scenario drilling|tripping] [--fault RIG:KIND[:TARGET]@START[+DURATION]] [--duration S]";

    private static void help() {
        System.out.println(USAGE);
        System.out.println("""

                  --rigs N          simulated rigs, each with its edge agent (default 3)
                  --http-port P     the hub's web server (default 8080); the rigs' status pages are on P+11, P+12, ...
                  --broker-port P   the embedded MQTT broker (default 18830)
                  --base-port P     the first simulated Modbus device (default 15020; three per rig)
                  --speed X         simulated time runs X times faster (default 1)
                  --scenario S      drilling (default) or tripping
                  --fault F         RIG:KIND[:TARGET]@START[+DURATION], START and DURATION in simulated seconds; kinds:
                                    kick, washout, pump-degradation, stuck-pipe, dropout:CHANNEL, stuck:CHANNEL,
                                    spikes:CHANNEL, offline:DEVICE (adam, vfd, daq). E.g. --fault 2:dropout:HKLD@30
                  --duration S      stop after S seconds (default: run until Ctrl-C)
                Data stays under run/ between runs; delete run/ to start afresh.""");
    }

    private static void usage(String problem) {
        System.err.println("derrick demo: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
