package io.derrick.edge.testing;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The edge agent as its own process, from its installed tree ({@code bin/derrick-agent} of the distribution the build
 * unpacks, as on a rig), so a test can kill -9 it. The tree is the system property {@code derrick.agent.home}.
 */
public final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static AgentProcess start(Path config, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home().resolve("bin/derrick-agent").toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_OPTS", "-Xmx128m " + System.getProperty("derrick.test.jvmFlags", ""));
        // the JDK running the tests: the launcher looks there first
        builder.environment().put("DERRICK_JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        return new AgentProcess(builder.start(), log);
    }

    /** The agent's installed tree, as the build unpacked it. */
    public static Path home() {
        String home = System.getProperty("derrick.agent.home");
        if (home == null || !java.nio.file.Files.isExecutable(Path.of(home, "bin/derrick-agent"))) {
            throw new IllegalStateException("no agent distribution at derrick.agent.home=" + home
                    + ": build edge-agent first (./derrick build), which unpacks it under edge-agent/target");
        }
        return Path.of(home);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut of the process. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
