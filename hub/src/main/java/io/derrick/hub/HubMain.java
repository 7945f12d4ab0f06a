package io.derrick.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java io.derrick.hub.HubMain [--config hub.yaml] [--set key=value ...]}: runs the hub until
 * SIGTERM/Ctrl-C, then stops it cleanly (the ingest commits what it received; unacknowledged messages
 * stay with the broker). With {@code users …} after the options it administers users instead ({@link UsersCommand});
 * {@code rul evaluate …} evaluates the RUL pipeline on C-MAPSS files ({@link io.derrick.hub.equipment.rul.RulCommand}).
 */
public final class HubMain {
    private HubMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Slf4jLogging.install();
        Logger log = LoggerFactory.getLogger(HubMain.class);
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        java.util.List<String> usersCommand = null;
        if (args.length > 0 && args[0].equals("rul")) {
            // the RUL pipeline on files (docs/equipment.md): no database, no config
            System.exit(io.derrick.hub.equipment.rul.RulCommand.run(java.util.List.of(args).subList(1, args.length), System.out, System.err));
            return;
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("users")) {
                usersCommand = java.util.List.of(args).subList(i + 1, args.length);
                break;
            }
            switch (args[i]) {
                case "--config" -> file = Path.of(value(args, ++i, "--config"));
                case "--set" -> {
                    String kv = value(args, ++i, "--set");
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        usage("--set expects key=value, got '" + kv + "'");
                    }
                    overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        HubConfig config;
        try {
            config = HubConfig.load(file, overrides);
        } catch (io.derrick.hub.platform.config.ConfigReader.InvalidConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (usersCommand != null) {
            System.exit(users(config, usersCommand));
            return;
        }
        Hub hub;
        try {
            hub = new Hub(config).start();
        } catch (RuntimeException e) {
            log.error("the hub did not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping the hub");
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        System.out.println("Derrick hub: " + hub.url() + "  (MQTT " + hub.brokerUrl() + ")");
        stopped.await();
    }

    private static int users(HubConfig config, java.util.List<String> args) {
        Hub hub = new Hub(config);
        try {
            io.derrick.hub.platform.db.Database db = hub.startDatabaseOnly();
            java.time.Clock clock = hub.clock();
            return new UsersCommand(new io.derrick.hub.auth.Users(db, clock, new io.derrick.hub.fleet.Clients(db, clock)::exists), System.out).run(args);
        } catch (IllegalArgumentException | io.derrick.hub.auth.Users.Refused e) {
            System.err.println("hub users: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("hub users: " + e.getMessage());
            return 1;
        } finally {
            hub.close();
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("hub: " + problem);
        System.err.println("usage: HubMain [--config hub.yaml] [--set key=value ...] [users add|password|list ...]");
        System.exit(2);
    }
}
