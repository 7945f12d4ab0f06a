package io.derrick.edge.modbus;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import io.derrick.edge.buffer.Reading;
import io.derrick.edge.buffer.ReadingSink;
import io.derrick.edge.config.DeviceConfig;
import io.derrick.edge.health.AgentMetrics;
import io.derrick.edge.health.DeviceState;
import io.derrick.hardware.registers.Point;
import io.derrick.protocol.Event;
import io.derrick.protocol.Quality;
import io.derrick.edge.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Polls one device on its own thread, so a device that stops answering delays nobody else.
 *
 * <p>Each poll group of the map is read on its own interval with the fewest requests ({@link ReadBlock}).
 * When the device fails, its channels are marked STALE once, a DEVICE_DOWN event is buffered, and the
 * poller reconnects with exponential backoff up to {@code maxBackoffMs}. An exception response for one
 * block (wrong address in the map) marks that block's channels BAD without dropping the connection.
 */
public final class DevicePoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DevicePoller.class);
    private static final long FIRST_BACKOFF_MS = 500;

    private final String rig;
    private final String node;
    private final DeviceConfig device;
    private final Function<DeviceConfig, ModbusSession> sessions;
    private final ReadingSink sink;
    private final Consumer<List<Reading>> observer;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final List<Group> groups = new ArrayList<>();
    private final Map<String, LastReport> lastReports = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ModbusSession session;
    private DeviceState state = DeviceState.CONNECTING;
    private String lastError = "";
    private Instant lastSuccess;
    private long reads;
    private long failures;
    private long backoffMs = FIRST_BACKOFF_MS;
    private boolean markedStale;

    private static final class Group {
        final String name;
        final long intervalMs;
        final List<ReadBlock> blocks;
        long nextDueMs;

        Group(String name, long intervalMs, List<ReadBlock> blocks) {
            this.name = name;
            this.intervalMs = intervalMs;
            this.blocks = blocks;
        }
    }

    private record LastReport(double value, Quality quality, long timeMs) {
    }

    /**
     * @param observer sees every value of every poll after the buffer has stored it, deadband or not
     *                 (the detectors and the status page); it must not block
     */
    public DevicePoller(String rig, String node, DeviceConfig device, Function<DeviceConfig, ModbusSession> sessions,
                        ReadingSink sink, Consumer<List<Reading>> observer, AgentMetrics metrics, Clock clock) {
        this.rig = rig;
        this.node = node;
        this.device = device;
        this.sessions = sessions;
        this.sink = sink;
        this.observer = observer;
        this.metrics = metrics;
        this.clock = clock;
        Map<String, List<Point>> byGroup = new HashMap<>();
        for (Point p : device.map().points()) {
            byGroup.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
        }
        byGroup.forEach((name, points) -> groups.add(new Group(name, device.groupPollMs().get(name), ReadBlock.plan(points))));
        this.thread = Workers.daemon("poll-" + device.name(), this::run);
        publishHealth();
    }

    public DevicePoller start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                if (session == null || !session.isConnected()) {
                    connect();
                    continue;
                }
                Group due = groups.getFirst();
                for (Group g : groups) {
                    if (g.nextDueMs < due.nextDueMs) {
                        due = g;
                    }
                }
                long wait = due.nextDueMs - clock.millis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                poll(due);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the buffer failed (disk full?): keep trying, the operator sees it in the log and health
                log.error("device {}: cannot hand readings to the buffer: {}", device.name(), e.getMessage());
                Workers.sleep(1000);
            }
        }
    }

    private void connect() throws InterruptedException {
        closeSession();
        try {
            session = sessions.apply(device);
            session.connect();
            long now = clock.millis();
            for (Group g : groups) {
                g.nextDueMs = now;
            }
            if (state != DeviceState.UP) {
                boolean wasDown = state == DeviceState.DOWN;
                state = DeviceState.UP;
                backoffMs = FIRST_BACKOFF_MS;
                log.info("device {} ({}) connected", device.name(), device.endpoint());
                if (wasDown) {
                    event(Event.Type.DEVICE_UP, Event.Severity.INFO, "device " + device.name() + " at " + device.endpoint() + " answers again");
                }
            }
            publishHealth();
        } catch (Exception e) {
            failed(e);
        }
    }

    private void poll(Group group) throws InterruptedException {
        long now = clock.millis();
        List<Reading> readings = new ArrayList<>();
        List<Reading> all = new ArrayList<>();
        try {
            for (ReadBlock block : group.blocks) {
                int[] words;
                try {
                    words = session.read(device.unitId(), block.function(), block.start(), block.count());
                } catch (ModbusSlaveException e) {
                    // the device is there but refuses this block (illegal address...): its points are BAD
                    failures++;
                    metrics.pollFailures.increment();
                    for (Point p : block.points()) {
                        report(readings, all, p, now, Double.NaN, Quality.BAD);
                    }
                    noteError("block " + block.function().name().toLowerCase() + " " + block.start() + "+" + block.count() + ": " + e.getMessage());
                    continue;
                }
                for (Point p : block.points()) {
                    double raw = p.type().decode(words, p.register() - block.start(), p.wordOrder());
                    if (p.rawIsValid(raw)) {
                        report(readings, all, p, now, p.toEngineering(raw), Quality.GOOD);
                    } else {
                        report(readings, all, p, now, Double.NaN, Quality.BAD);
                    }
                }
            }
        } catch (Exception e) {
            failed(e);
            return;
        }
        reads++;
        lastSuccess = Instant.ofEpochMilli(now);
        markedStale = false;
        metrics.polled.add(readings.size());
        sink.append(readings);
        metrics.buffered.add(readings.size());
        observer.accept(all);
        group.nextDueMs += group.intervalMs;
        if (group.nextDueMs < clock.millis()) {
            group.nextDueMs = clock.millis() + group.intervalMs;   // fell behind: skip, never burst
        }
        publishHealth();
    }

    /** Adds a reading to {@code all}, and to {@code readings} unless the channel's deadband suppresses it. */
    private void report(List<Reading> readings, List<Reading> all, Point point, long now, double value, Quality quality) {
        String channel = point.mnemonic();
        all.add(new Reading(channel, now, value, quality));
        LastReport last = lastReports.get(channel);
        boolean send = point.deadband() == 0 || last == null || last.quality() != quality
                || now - last.timeMs() >= device.maxSilenceMs()
                || (quality == Quality.GOOD && Math.abs(value - last.value()) > point.deadband());
        if (send) {
            readings.add(new Reading(channel, now, value, quality));
            lastReports.put(channel, new LastReport(value, quality, now));
        }
    }

    private void failed(Exception e) throws InterruptedException {
        failures++;
        metrics.pollFailures.increment();
        String reason = describe(e);
        closeSession();
        if (state != DeviceState.DOWN) {
            log.warn("device {} ({}) down: {}; its channels are stale, retrying with backoff", device.name(), device.endpoint(), reason);
            state = DeviceState.DOWN;
            event(Event.Type.DEVICE_DOWN, Event.Severity.WARNING, "device " + device.name() + " at " + device.endpoint() + " stopped answering: " + reason);
        }
        lastError = reason;
        if (!markedStale) {
            long now = clock.millis();
            List<Reading> stale = new ArrayList<>();
            for (Point p : device.map().points()) {
                stale.add(new Reading(p.mnemonic(), now, Double.NaN, Quality.STALE));
                lastReports.put(p.mnemonic(), new LastReport(Double.NaN, Quality.STALE, now));
            }
            sink.append(stale);
            metrics.buffered.add(stale.size());
            observer.accept(stale);
            markedStale = true;
        }
        publishHealth();
        Thread.sleep(backoffMs);
        backoffMs = Math.min(device.maxBackoffMs(), backoffMs * 2);
    }

    private void event(Event.Type type, Event.Severity severity, String reason) {
        List<String> channels = device.map().points().stream().map(Point::mnemonic).toList();
        sink.appendEvent(new Event(rig, node, 0, Instant.ofEpochMilli(clock.millis()), type, severity, channels, Double.NaN, reason, Map.of(), null));
    }

    private void noteError(String error) {
        if (!error.equals(lastError)) {
            log.warn("device {}: {}", device.name(), error);
        }
        lastError = error;
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ");
    }

    private void publishHealth() {
        metrics.device(device.name(), device.endpoint(), state, lastError, lastSuccess, reads, failures);
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                log.debug("device {}: closing the session: {}", device.name(), e.getMessage());
            }
            session = null;
        }
    }

    public String name() {
        return device.name();
    }

    @Override
    public void close() {
        running = false;
        Workers.stop(thread);
        closeSession();
    }
}
