package io.derrick.hardware.simulator;

import com.ghgande.j2mod.modbus.ModbusException;
import io.derrick.hardware.registers.ConfigException;
import io.derrick.hardware.registers.RegisterMaps;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One simulated rig: a drilling model and the three devices an edge agent polls on it, each on its own
 * port from {@code basePort}: an analog input module (adam), the mud pump drive (vfd), the rig DAQ (daq).
 */
public final class RigSimulator {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RigSimulator.class);
    public static final List<String> DEVICES = List.of("adam", "vfd", "daq");
    private static final Map<String, String> MAPS = Map.of("adam", "adam-6017", "vfd", "acs880-mud-pump", "daq", "derrick-rig-daq");

    private final String rig;
    private final DrillingModel model;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private volatile Map<String, Double> lastValues = Map.of();
    /** the injected faults active at the last tick, so that each start and end is said once */
    private final java.util.Set<Fault> activeFaults = new java.util.HashSet<>();

    public RigSimulator(String rig, DrillingModel model, InetAddress bind, int basePort) throws ConfigException {
        this.rig = rig;
        this.model = model;
        for (int i = 0; i < DEVICES.size(); i++) {
            String name = DEVICES.get(i);
            devices.add(new SimulatedDevice(name, RegisterMaps.load(MAPS.get(name), null), bind, basePort + i, 1));
        }
    }

    public String rig() {
        return rig;
    }

    public DrillingModel model() {
        return model;
    }

    public List<SimulatedDevice> devices() {
        return devices;
    }

    public SimulatedDevice device(String name) {
        return devices.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("rig " + rig + " has no device '" + name + "', only " + DEVICES));
    }

    public Map<String, Double> lastValues() {
        return lastValues;
    }

    public void start() throws ModbusException {
        for (SimulatedDevice d : devices) {
            d.plugIn();
        }
    }

    public void stop() {
        devices.forEach(SimulatedDevice::unplug);
    }

    /** Steps the model and publishes its values to the devices; OFFLINE faults unplug their device. */
    synchronized void tick(double dtS) throws ModbusException {
        model.step(dtS);
        for (Fault f : model.faults()) {
            boolean active = f.activeAt(model.timeS());
            if (active != activeFaults.contains(f)) {
                if (active) {
                    activeFaults.add(f);
                } else {
                    activeFaults.remove(f);
                }
                log.info("{}: injected fault {} {} at {} s of simulated time", rig, describe(f), active ? "starts" : "ends",
                        Math.round(model.timeS()));
            }
        }
        Map<String, Double> values = model.channels();
        lastValues = Map.copyOf(values);
        for (SimulatedDevice d : devices) {
            boolean offline = model.faults().stream().anyMatch(f -> f.kind() == Fault.Kind.OFFLINE
                    && f.target().equals(d.name()) && f.activeAt(model.timeS()));
            if (offline && d.pluggedIn()) {
                d.unplug();
            } else if (!offline && !d.pluggedIn() && faultControlled(d)) {
                d.plugIn();
            }
            d.update(values);
        }
    }

    private static String describe(Fault f) {
        return f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + (f.target() == null ? "" : ":" + f.target());
    }

    private boolean faultControlled(SimulatedDevice d) {
        return model.faults().stream().anyMatch(f -> f.kind() == Fault.Kind.OFFLINE && f.target().equals(d.name()));
    }
}
