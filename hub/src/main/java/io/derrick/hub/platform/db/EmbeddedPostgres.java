package io.derrick.hub.platform.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server run by the hub when no database URL is configured: the binaries come from
 * zonky's packaging on Maven Central, the process is ours. Unlike zonky's own runner it works as root
 * (CI machines and containers): PostgreSQL refuses to run as root, so when the hub is root the server
 * runs as an unprivileged user ({@code runAs}, "nobody" by default) through util-linux's setpriv.
 *
 * <p>Layout under {@code home}: {@code bin-<os>-<arch>/} (extracted once), {@code pgdata/} (the cluster),
 * {@code password} (the generated superuser password, readable only by the hub), {@code postgres.log}.
 * A server left running by a killed hub is stopped before a new one starts on the same cluster.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    public static final String DATABASE = "postgres";

    private final Path home;
    private final Path pgdata;
    private final String runAs;
    private final int requestedPort;
    /** binaries installed elsewhere (Debian's /usr/lib/postgresql/15), or null for zonky's, extracted under home */
    private final Path installed;
    private Path bin;
    private int port;
    private String password;
    private Process server;

    /**
     * @param home  directory owned by the hub that holds the binaries, the cluster and its password
     * @param port  TCP port on 127.0.0.1, or 0 for a free one
     * @param runAs user the server runs as when the hub runs as root
     */
    public EmbeddedPostgres(Path home, int port, String runAs) {
        this(home, port, runAs, null);
    }

    private Map<String, String> settings = Map.of();

    private EmbeddedPostgres(Path home, int port, String runAs, Path installed) {
        this.home = home.toAbsolutePath();
        this.pgdata = this.home.resolve("pgdata");
        this.requestedPort = port;
        this.runAs = runAs;
        this.installed = installed;
    }

    /**
     * Server settings on top of the defaults, as {@code -c name=value} (the test suite's server: {@code fsync=off}). Never
     * for a hub's own data: those defaults keep what was committed.
     */
    public EmbeddedPostgres withSettings(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        return this;
    }

    /** Stops a server that holds this cluster but was started by another process (a test run's shared server). */
    public void stopOther() {
        try {
            bin = installed != null ? installed : extractBinaries();
            stopLeftover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the PostgreSQL of " + pgdata + ": " + e.getMessage(), e);
        }
    }

    /** The same, run from binaries installed on the machine: {@code installed/bin/postgres} (Debian: /usr/lib/postgresql/15). */
    public static EmbeddedPostgres withBinaries(Path installed, Path home, int port, String runAs) {
        return new EmbeddedPostgres(home, port, runAs, installed);
    }

    public synchronized EmbeddedPostgres start() {
        try {
            Files.createDirectories(home);
            bin = installed != null ? installed : extractBinaries();
            boolean root = isRoot();
            if (root) {
                checkReachableBy(runAs);
            }
            password = readOrCreatePassword();
            stopLeftover();
            if (!Files.exists(pgdata.resolve("PG_VERSION"))) {
                initdb(root);
            }
            port = requestedPort == 0 ? freePort() : requestedPort;
            List<String> command = new ArrayList<>(List.of(bin.resolve("bin/postgres").toString(), "-D", pgdata.toString(),
                    "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=", "-c", "max_connections=" + settings.getOrDefault("max_connections", "100")));
            settings.forEach((name, value) -> {
                if (!name.equals("max_connections")) {
                    command.addAll(List.of("-c", name + "=" + value));
                }
            });
            Path logFile = home.resolve("postgres.log");
            server = new ProcessBuilder(asServerUser(command)).directory(pgdata.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            awaitAcceptingConnections(logFile);
            log.info("{} PostgreSQL listening on 127.0.0.1:{} (cluster {}{})", installed != null ? "the installed " + installed : "embedded", port, pgdata,
                    root ? ", server runs as " + runAs : "");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL under " + home + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Fast shutdown: open sessions are rolled back, committed data is on disk. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            pgCtlStop();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (IOException e) {
            log.warn("pg_ctl stop failed ({}); terminating the server process", e.getMessage());
            server.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        }
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    private Path extractBinaries() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "Darwin" : "Linux";
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> System.getProperty("os.arch");
        };
        Path target = home.resolve("bin-" + os.toLowerCase(Locale.ROOT) + "-" + arch);
        Path marker = target.resolve(".complete");
        if (Files.exists(marker)) {
            return target;
        }
        InputStream archive;
        try {
            archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch);
        } catch (IllegalStateException | IOException e) {
            throw new IOException("no embedded PostgreSQL binaries for " + os + "/" + arch
                    + "; set db.url to a PostgreSQL server instead", e);
        }
        log.info("extracting PostgreSQL binaries to {}", target);
        Path partial = home.resolve(target.getFileName() + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = partial.resolve(entry.getName()).normalize();
                if (!out.startsWith(partial)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                }
            }
        }
        deleteTree(target);
        Files.move(partial, target);
        Files.writeString(marker, "ok\n");
        return target;
    }

    private void initdb(boolean root) throws IOException {
        Files.createDirectories(pgdata);
        Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
        Path pwfile = home.resolve("initdb.pw");
        Files.writeString(pwfile, password + "\n");
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        try {
            if (root) {
                UserPrincipal owner = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
                Files.setOwner(pgdata, owner);
                Files.setOwner(pwfile, owner);
            }
            log.info("creating a PostgreSQL cluster in {}", pgdata);
            run(asServerUser(List.of(bin.resolve("bin/initdb").toString(), "-D", pgdata.toString(),
                    "-U", SUPERUSER, "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8",
                    "--locale=C", "--no-instructions")), "initdb");
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    private String readOrCreatePassword() throws IOException {
        Path file = home.resolve("password");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String generated = HexFormat.of().formatHex(random);
        Files.writeString(file, generated + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return generated;
    }

    /** A hub killed with -9 leaves its server running; it owns the cluster until stopped. */
    private void stopLeftover() throws IOException {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        boolean alive = !first.isEmpty() && ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            log.warn("a PostgreSQL server (pid {}) from an earlier run still holds {}; stopping it", first, pgdata);
            pgCtlStop();
        }
    }

    /** Fast shutdown of whatever server holds the cluster, waiting up to 60 s. */
    private void pgCtlStop() throws IOException {
        run(asServerUser(List.of(bin.resolve("bin/pg_ctl").toString(), "stop", "-D", pgdata.toString(),
                "-m", "fast", "-w", "-t", "60")), "pg_ctl stop");
    }

    private void awaitAcceptingConnections(Path logFile) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IOException("the server exited with " + server.exitValue() + "; its log ends with:\n" + tail(logFile));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (Files.readString(logFile).contains("ready to accept connections")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new IOException("PostgreSQL did not accept connections within 60 s; its log ends with:\n" + tail(logFile));
    }

    private List<String> asServerUser(List<String> command) throws IOException {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + runAs, "--regid=" + primaryGroup(runAs),
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void checkReachableBy(String user) throws IOException {
        for (Path p = home; p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("the hub runs as root, so PostgreSQL runs as '" + user + "', which cannot enter " + p
                        + "; set hub.dataDir to a directory it can reach (e.g. /var/lib/derrick) or run the hub as a normal user");
            }
        }
    }

    private static String primaryGroup(String user) throws IOException {
        return run(List.of("id", "-g", user), "id -g " + user).strip();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(List<String> command, String what) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(what + " failed (exit " + p.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
        return output;
    }

    private static String tail(Path logFile) throws IOException {
        List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? rwx.charAt((8 - bit) % 3) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
