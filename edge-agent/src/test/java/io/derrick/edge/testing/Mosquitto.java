package io.derrick.edge.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto, started by a test on a free loopback port with persistence, so it can be stopped and
 * started again (an outage) with the same port and the subscribers' sessions intact.
 */
public final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    private Mosquitto(Path dir, int port, String extraConfig) throws IOException {
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("mosquitto.conf");
        Files.createDirectories(dir);
        Files.writeString(config, """
                listener %d 127.0.0.1
                persistence true
                persistence_location %s/
                autosave_interval 1
                max_queued_messages 1000000
                max_inflight_messages 100
                user root
                log_dest file %s/mosquitto.log
                log_type error
                log_type warning
                log_type notice
                log_type information
                %s
                """.formatted(port, dir, dir, extraConfig));
    }

    /** An anonymous broker. */
    public static Mosquitto start(Path dir) throws Exception {
        return new Mosquitto(dir, FreePort.one(), "allow_anonymous true").start();
    }

    /** An anonymous broker on a given port (a test that had something else listen there first). */
    public static Mosquitto startOn(Path dir, int port) throws Exception {
        return new Mosquitto(dir, port, "allow_anonymous true").start();
    }

    /** A broker that only lets {@code user} in with {@code password}. */
    public static Mosquitto startWithPassword(Path dir, String user, String password) throws Exception {
        Files.createDirectories(dir);
        Path passwords = dir.resolve("passwords");
        run("mosquitto_passwd", "-b", "-c", passwords.toString(), user, password);
        return new Mosquitto(dir, FreePort.one(), "allow_anonymous false\npassword_file " + passwords).start();
    }

    /** A broker with further configuration lines (password_file, acl_file, …). */
    public static Mosquitto startWith(Path dir, String extraConfig) throws Exception {
        return new Mosquitto(dir, FreePort.one(), extraConfig).start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** What the broker logged (connections, refusals, reloads). */
    public String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public synchronized Mosquitto start() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Mosquitto is not installed: the integration tests need Debian's broker "
                    + "(sudo apt-get install -y mosquitto mosquitto-clients); .ci/run installs it");
        }
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("mosquitto.log")) ? Files.readString(dir.resolve("mosquitto.log")) : ""));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** A clean stop (SIGTERM): the broker saves its sessions and queues, as a restarted service would. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
