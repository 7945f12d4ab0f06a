package io.derrick.hardware.simulator;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code SimulatorMain [--rigs N] [--base-port P] [--bind ADDR] [--seed S] [--speed X]
 * [--scenario drilling|tripping] [--fault [RIG:]KIND[:TARGET]@START[+DURATION]]...}
 * where RIG is the rig number (1-based) a fault applies to, default 1.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    private static final String USAGE = """
            usage: derrick-simulator [--rigs N] [--base-port P] [--bind ADDR] [--seed S] [--speed X]
                                     [--scenario drilling|tripping] [--fault [RIG:]KIND[:TARGET]@START[+DURATION]]...
              --rigs N        simulated rigs (1-50, default 1), each with three Modbus TCP devices on consecutive ports
              --base-port P   the first rig's first device (default 15020); rig n starts at P + 10 (n - 1)
              --bind ADDR     the address to listen on (default 127.0.0.1; 0.0.0.0 for an agent on another machine)
              --seed S        the drilling model's random seed (default 1)
              --speed X       simulated time runs X times faster (default 1)
              --scenario S    drilling (default) or tripping
              --fault F       RIG (1-based, default 1), then a kind: kick, washout, pump-degradation, stuck-pipe,
                              dropout:CHANNEL, stuck:CHANNEL, spikes:CHANNEL, offline:DEVICE (adam, vfd, daq);
                              START and DURATION in simulated seconds, e.g. --fault 1:dropout:HKLD@60+30
            The register maps the devices serve: hardware/register-maps/maps/ (adam-6017, acs880-mud-pump, derrick-rig-daq).""";

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Simulator.Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("derrick-simulator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Simulator simulator = new Simulator(settings).start();
        for (RigSimulator rig : simulator.rigs()) {
            System.out.println(rig.rig() + ": " + String.join(", ", rig.devices().stream()
                    .map(d -> d.name() + " (" + d.map().name() + ", unit " + d.unitId() + ") " + settings.bind().getHostAddress() + ":" + d.port())
                    .toList()));
        }
        System.out.println("derrick-simulator: running; Ctrl-C stops it");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stop.countDown();
        }));
        stop.await();
    }

    public static Simulator.Settings parse(String[] args) throws java.net.UnknownHostException {
        int rigs = 1;
        int basePort = 15020;
        String bind = "127.0.0.1";
        long seed = 1;
        double speed = 1;
        DrillingModel.Scenario scenario = DrillingModel.Scenario.DRILLING;
        List<String> faultSpecs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--rigs" -> rigs = Integer.parseInt(value);
                case "--base-port" -> basePort = Integer.parseInt(value);
                case "--bind" -> bind = value;
                case "--seed" -> seed = Long.parseLong(value);
                case "--speed" -> speed = Double.parseDouble(value);
                case "--scenario" -> scenario = DrillingModel.Scenario.valueOf(value.toUpperCase(Locale.ROOT));
                case "--fault" -> faultSpecs.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (rigs < 1 || rigs > 50) {
            throw new IllegalArgumentException("--rigs must be 1-50");
        }
        List<List<Fault>> faults = new ArrayList<>();
        for (int r = 0; r < rigs; r++) {
            faults.add(new ArrayList<>());
        }
        for (String spec : faultSpecs) {
            int rigIndex = 0;
            String faultSpec = spec;
            if (spec.matches("\\d+:.*")) {
                rigIndex = Integer.parseInt(spec.substring(0, spec.indexOf(':'))) - 1;
                faultSpec = spec.substring(spec.indexOf(':') + 1);
            }
            if (rigIndex < 0 || rigIndex >= rigs) {
                throw new IllegalArgumentException("fault '" + spec + "' names rig " + (rigIndex + 1) + " of " + rigs);
            }
            faults.get(rigIndex).add(Fault.parse(faultSpec));
        }
        return new Simulator.Settings(rigs, "rig-", InetAddress.getByName(bind), basePort, seed, speed, scenario, faults);
    }
}
