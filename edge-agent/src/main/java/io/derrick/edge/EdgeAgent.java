package io.derrick.edge;

import io.derrick.edge.buffer.SqliteBuffer;
import io.derrick.edge.config.AgentConfig;
import io.derrick.edge.config.DeviceConfig;
import io.derrick.edge.detect.AlarmBook;
import io.derrick.edge.detect.DetectionEngine;
import io.derrick.edge.detect.DetectionSetup;
import io.derrick.edge.gpio.AlarmSignals;
import io.derrick.edge.gpio.SimulatedGpio;
import io.derrick.edge.live.LiveValues;
import io.derrick.edge.status.StatusPage;
import io.derrick.edge.detect.HubAcknowledgements;
import io.derrick.edge.health.AgentMetrics;
import io.derrick.edge.health.HealthLogger;
import io.derrick.edge.health.HealthSnapshot;
import io.derrick.edge.modbus.DevicePoller;
import io.derrick.edge.modbus.J2modSession;
import io.derrick.edge.publish.MqttPublisher;
import io.derrick.hardware.registers.Point;
import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * One edge agent, wired explicitly: buffer first (nothing is polled before it is open), then the pollers
 * that write into it, then the publisher that drains it. Several agents can live in one JVM (the demo).
 */
public final class EdgeAgent implements AutoCloseable {
    public static final String VERSION = "0.1.0";
    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);

    private final AgentConfig config;
    private final AgentMetrics metrics = new AgentMetrics();
    private final SqliteBuffer buffer;
    private final List<DevicePoller> pollers = new ArrayList<>();
    private final MqttPublisher publisher;
    private final HealthLogger healthLogger;
    private final Instant bootTime;
    private final LiveValues live = new LiveValues();
    private final AlarmBook alarms;
    private final DetectionEngine detection;
    private final SimulatedGpio simulatedGpio = new SimulatedGpio();
    private final AlarmSignals signals;
    private final StatusPage statusPage;
    private final Clock clock;

    /**
     * Opens the buffer first, then what can fail on a config it could not check (the broker URL, the status page's port,
     * GPIO); if a part cannot be built, the parts already built are closed again and the failure thrown.
     */
    public EdgeAgent(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.bootTime = Instant.ofEpochMilli(clock.millis());
        List<AutoCloseable> built = new ArrayList<>();
        try {
            this.buffer = add(built, new SqliteBuffer(config.rig(), config.node(), config.buffer(), clock));
            this.alarms = new AlarmBook(config.rig(), config.node(), buffer, clock.millis());
            this.publisher = add(built, new MqttPublisher(config.rig(), config.node(), config.broker(), config.publish(), buffer,
                    this::birth, new HubAcknowledgements(alarms, clock), metrics));
            for (DeviceConfig device : config.devices()) {
                pollers.add(new DevicePoller(config.rig(), config.node(), device, J2modSession::new, buffer, live::accept, metrics, clock));
            }
            Map<String, String> units = new HashMap<>();       // channel -> unit, every channel of the node
            config.devices().forEach(d -> d.map().points().forEach(p -> units.put(p.mnemonic(), p.unit())));
            List<String> problems = new ArrayList<>();
            this.signals = add(built, AlarmSignals.start(config.gpio(), alarms, simulatedGpio, clock, problems));
            this.statusPage = add(built, StatusPage.start(config.statusPage(), config.dir(), config.rig(), config.node(), units, live, alarms,
                    this::health, clock, problems));
            DetectionSetup setup = DetectionSetup.from(config.detection(), units.keySet(), config.dir());
            problems.addAll(0, setup.problems());
            this.detection = new DetectionEngine(new DetectionSetup(setup.evaluateMs(), setup.detectors(), problems), alarms, live, clock);
            this.healthLogger = new HealthLogger(this::health, config.publish().healthLogS());
        } catch (RuntimeException | Error e) {
            for (AutoCloseable part : built.reversed()) {
                try {
                    part.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> built, T part) {
        if (part != null) {
            built.add(part);
        }
        return part;
    }

    public EdgeAgent start() {
        log.info("edge agent {} for {}/{} starting: {} devices, broker {}, config {}", VERSION, config.rig(), config.node(),
                config.devices().size(), config.broker().url(), config.hash());
        pollers.forEach(DevicePoller::start);
        detection.start();
        publisher.start();
        return this;
    }

    /** What the node tells the hub on every connect. */
    public Birth birth() {
        List<ChannelSpec> channels = new ArrayList<>();
        for (DeviceConfig device : config.devices()) {
            for (Point p : device.map().points()) {
                channels.add(new ChannelSpec(p.mnemonic(), p.unit(), p.min(), p.max(), device.name(), p.description()));
            }
        }
        return new Birth(config.rig(), config.node(), VERSION, config.hash(), bootTime, buffer.nextSeq(),
                buffer.storedReadings(), buffer.droppedTotal(), channels);
    }

    public HealthSnapshot health() {
        return metrics.snapshot(buffer.storedReadings(), buffer.pendingEntries(), buffer.droppedTotal());
    }

    public SqliteBuffer buffer() {
        return buffer;
    }

    /** The crew's status page, or null when the config has no {@code statusPage} block. */
    public StatusPage statusPage() {
        return statusPage;
    }

    /** The in-memory GPIO that {@code gpio.provider: simulated} drives (demo, tests). */
    public SimulatedGpio simulatedGpio() {
        return simulatedGpio;
    }

    public AlarmBook alarms() {
        return alarms;
    }

    public LiveValues live() {
        return live;
    }

    public MqttPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        healthLogger.close();
        pollers.forEach(DevicePoller::close);
        detection.close();
        if (signals != null) {
            signals.close();
        }
        if (statusPage != null) {
            statusPage.close();
        }
        publisher.close();
        buffer.close();
        log.info("edge agent {}/{} stopped", config.rig(), config.node());
    }
}
