package io.derrick.edge.gpio;

import com.fasterxml.jackson.databind.JsonNode;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.derrick.edge.detect.Alarm;
import io.derrick.edge.detect.AlarmBook;
import io.derrick.edge.detect.Params;
import io.derrick.protocol.Event.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The rig-floor signals, through Pi4J: a beacon (on while an alarm of its severities is active), a horn (on
 * while such an alarm is unacknowledged), a heartbeat LED (blinks while the agent runs) and an acknowledge push
 * button (acknowledges every active alarm). Pins are BCM numbers from the config. A bad {@code gpio} block or
 * a GPIO that cannot be opened leaves the signals off with a clear error; polling and buffering go on.
 */
public final class AlarmSignals implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmSignals.class);

    enum Provider { PI, SIMULATED }

    private record OutputSpec(String name, int pin, Set<Severity> severities) {
    }

    private final Context pi4j;
    private final List<Runnable> onClose = new ArrayList<>();

    private AlarmSignals(Context pi4j) {
        this.pi4j = pi4j;
    }

    /**
     * Starts the signals the {@code gpio} block asks for, or returns null (nothing configured, or problems,
     * which are added to {@code problems}). {@code simulated} serves {@code provider: simulated}.
     */
    public static AlarmSignals start(JsonNode block, AlarmBook alarms, SimulatedGpio simulated, Clock clock, List<String> problems) {
        if (block == null || block.isNull()) {
            return null;
        }
        int before = problems.size();
        Params p = new Params(block, "gpio", problems);
        Provider provider = p.choice("provider", Provider.PI, Provider.class);
        Set<Integer> used = new HashSet<>();
        OutputSpec beacon = output(p, "beacon", EnumSet.of(Severity.WARNING, Severity.CRITICAL), used);
        OutputSpec horn = output(p, "horn", EnumSet.of(Severity.CRITICAL), used);
        Params hb = new Params(p.raw("heartbeat"), "gpio.heartbeat", problems);
        Integer heartbeat = hb.present() ? pin(hb, used) : null;
        long periodMs = (long) hb.number("periodMs", 1000, 100, 60_000);
        hb.finish();
        Params ack = new Params(p.raw("ackButton"), "gpio.ackButton", problems);
        Integer ackPin = ack.present() ? pin(ack, used) : null;
        long debounceMs = (long) ack.number("debounceMs", 50, 0, 5000);
        ack.finish();
        p.finish();
        if (problems.size() > before) {
            log.error("gpio config has problems, alarm outputs are OFF: {}", problems.subList(before, problems.size()));
            return null;
        }
        Context pi4j;
        try {
            pi4j = provider == Provider.SIMULATED
                    ? Pi4J.newContextBuilder().add(simulated.providers()).build()
                    : Pi4J.newAutoContext();
        } catch (RuntimeException e) {
            problems.add("gpio: cannot open the GPIO through Pi4J (" + e.getMessage() + "); on a Raspberry Pi, is the "
                    + "pi4j-plugin-gpiod jar on the class path and /dev/gpiochip0 readable?");
            log.error("{}", problems.getLast());
            return null;
        }
        AlarmSignals signals = new AlarmSignals(pi4j);
        try {
            DigitalOutput beaconOut = beacon == null ? null : signals.output(beacon);
            DigitalOutput hornOut = horn == null ? null : signals.output(horn);
            alarms.addListener(active -> {
                set(beaconOut, beacon, active, false);
                set(hornOut, horn, active, true);
            });
            if (heartbeat != null) {
                DigitalOutput led = signals.output(new OutputSpec("heartbeat", heartbeat, Set.of()));
                ScheduledExecutorService blink = Executors.newSingleThreadScheduledExecutor(r -> io.derrick.edge.Workers.daemon("heartbeat", r));
                blink.scheduleAtFixedRate(() -> led.state(led.isOn() ? DigitalState.LOW : DigitalState.HIGH), 0, periodMs / 2, TimeUnit.MILLISECONDS);
                signals.onClose.add(blink::shutdownNow);
            }
            if (ackPin != null) {
                DigitalInput button = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("ack-button").name("alarm acknowledge button")
                        .bcm(ackPin).pull(PullResistance.PULL_UP).debounce(debounceMs * 1000).build(), IOType.DIGITAL_INPUT);
                button.addListener(e -> {
                    if (e.state() == DigitalState.LOW) {
                        alarms.acknowledge("*", "push button", clock.millis());
                    }
                });
            }
        } catch (RuntimeException e) {
            problems.add("gpio: cannot set up the pins (" + e.getMessage() + ")");
            log.error("{}", problems.getLast());
            signals.close();
            return null;
        }
        log.info("gpio via {}: beacon {}, horn {}, heartbeat {}, acknowledge button {}", provider.name().toLowerCase(),
                beacon == null ? "-" : "GPIO " + beacon.pin(), horn == null ? "-" : "GPIO " + horn.pin(),
                heartbeat == null ? "-" : "GPIO " + heartbeat, ackPin == null ? "-" : "GPIO " + ackPin);
        return signals;
    }

    private DigitalOutput output(OutputSpec spec) {
        return pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(spec.name()).name(spec.name()).bcm(spec.pin())
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build(), IOType.DIGITAL_OUTPUT);
    }

    private static void set(DigitalOutput out, OutputSpec spec, List<Alarm> active, boolean onlyUnacknowledged) {
        if (out == null) {
            return;
        }
        boolean on = active.stream().anyMatch(a -> spec.severities().contains(a.severity()) && !(onlyUnacknowledged && a.acknowledged()));
        out.state(on ? DigitalState.HIGH : DigitalState.LOW);
    }

    private static OutputSpec output(Params p, String name, Set<Severity> defaultSeverities, Set<Integer> used) {
        JsonNode node = p.raw(name);
        if (node == null || node.isNull()) {
            return null;
        }
        Params o = new Params(node, "gpio." + name, p.problemsList());
        Integer pin = pin(o, used);
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        JsonNode list = o.raw("severities");
        if (list == null) {
            severities.addAll(defaultSeverities);
        } else {
            for (JsonNode s : list) {
                try {
                    severities.add(Severity.valueOf(s.asText().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    o.problem("severities", "unknown severity '" + s.asText() + "', expected info, warning or critical");
                }
            }
        }
        return o.finish() && pin != null ? new OutputSpec(name, pin, severities) : null;
    }

    /** A BCM GPIO number of the 40-pin header (2-27), used once. */
    private static Integer pin(Params o, Set<Integer> used) {
        if (!o.has("pin")) {
            o.raw("pin");
            o.problem("pin", "is required: a BCM GPIO number 2-27");
            return null;
        }
        double d = o.number("pin", -1, -1e9, 1e9);
        if (d != Math.rint(d) || d < 2 || d > 27) {
            o.problem("pin", "unknown pin " + (d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d))
                    + ": use a BCM GPIO number 2-27 of the 40-pin header (GPIO 0/1 are the HAT EEPROM)");
            return null;
        }
        if (!used.add((int) d)) {
            o.problem("pin", "GPIO " + (int) d + " is already used by another signal");
            return null;
        }
        return (int) d;
    }

    @Override
    public void close() {
        onClose.forEach(Runnable::run);
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            log.warn("closing the GPIO: {}", e.getMessage());
        }
    }
}
