package io.derrick.hardware.simulator;

import com.ghgande.j2mod.modbus.ModbusException;
import io.derrick.hardware.registers.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Several simulated rigs in one process, stepped together at 10 Hz of wall time times {@code speed}. */
public final class Simulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    private static final long TICK_MS = 100;

    /**
     * @param faults per rig index, the faults to inject into that rig
     */
    public record Settings(int rigs, String rigPrefix, InetAddress bind, int basePort, long seed, double speed,
                           DrillingModel.Scenario scenario, List<List<Fault>> faults) {
        public int portOf(int rigIndex, String device) {
            return basePort + rigIndex * 10 + RigSimulator.DEVICES.indexOf(device);
        }

        public String rigId(int rigIndex) {
            return String.format("%s%02d", rigPrefix, rigIndex + 1);
        }

        public List<Fault> faultsOf(int rigIndex) {
            return rigIndex < faults.size() ? faults.get(rigIndex) : List.of();
        }
    }

    private final List<RigSimulator> rigs = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulator-tick");
        t.setDaemon(true);
        return t;
    });
    private final double speed;

    public Simulator(Settings settings) throws ConfigException {
        this.speed = settings.speed();
        for (int i = 0; i < settings.rigs(); i++) {
            DrillingModel model = new DrillingModel(settings.seed() + i, settings.scenario(), 1500 + 350 * i, settings.faultsOf(i));
            rigs.add(new RigSimulator(settings.rigId(i), model, settings.bind(), settings.portOf(i, "adam")));
        }
    }

    public List<RigSimulator> rigs() {
        return rigs;
    }

    public RigSimulator rig(int index) {
        return rigs.get(index);
    }

    public Simulator start() throws ModbusException {
        for (RigSimulator rig : rigs) {
            rig.tick(TICK_MS / 1000.0 * speed);
            rig.start();
            log.info("rig {} serving: {}", rig.rig(), rig.devices().stream()
                    .map(d -> d.name() + "=" + d.map().device() + " port " + d.port() + " unit " + d.unitId()).toList());
        }
        ticker.scheduleAtFixedRate(this::tickAll, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tickAll() {
        for (RigSimulator rig : rigs) {
            try {
                rig.tick(TICK_MS / 1000.0 * speed);
            } catch (ModbusException | RuntimeException e) {
                // a port that cannot reopen must not stop the other rigs' clocks
                log.error("rig {}: tick failed: {}", rig.rig(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        rigs.forEach(RigSimulator::stop);
    }
}
