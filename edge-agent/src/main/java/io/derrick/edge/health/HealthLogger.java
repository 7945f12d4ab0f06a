package io.derrick.edge.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Writes the health line every {@code periodS} seconds: counts, not per-reading noise. */
public final class HealthLogger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("io.derrick.edge.health");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "health-log");
        t.setDaemon(true);
        return t;
    });

    public HealthLogger(Supplier<HealthSnapshot> snapshots, int periodS) {
        timer.scheduleAtFixedRate(() -> {
            try {
                log.info(snapshots.get().logLine());
            } catch (RuntimeException e) {
                log.warn("health snapshot failed: {}", e.getMessage());
            }
        }, periodS, periodS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
