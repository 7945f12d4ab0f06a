package io.derrick.edge.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputBase;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProviderBase;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GPIO pins in memory, as Pi4J providers: the agent drives them through the same Pi4J API as on a Pi (context,
 * registry, configs), and a test or the demo reads outputs and presses inputs. Pi4J 4 publishes no mock
 * plugin on Maven Central, so this takes its place off the Pi.
 */
public final class SimulatedGpio {
    private final Map<Integer, SimOutput> outputs = new ConcurrentHashMap<>();
    private final Map<Integer, SimInput> inputs = new ConcurrentHashMap<>();

    /** The providers to add to a Pi4J context. */
    public com.pi4j.provider.Provider<?, ?, ?>[] providers() {
        return new com.pi4j.provider.Provider<?, ?, ?>[] {new OutputProvider(), new InputProvider()};
    }

    /** Whether the output on this BCM pin is on (false if no output uses the pin). */
    public boolean isOn(int bcm) {
        SimOutput out = outputs.get(bcm);
        return out != null && out.state() == DigitalState.HIGH;
    }

    /** How many times the output on this pin changed state (a heartbeat blinks). */
    public long toggles(int bcm) {
        SimOutput out = outputs.get(bcm);
        return out == null ? 0 : out.toggles;
    }

    /** Presses and releases the push button on this pin (wired to ground, pulled up: pressed = LOW). */
    public void press(int bcm) {
        SimInput in = inputs.get(bcm);
        if (in == null) {
            throw new IllegalArgumentException("no input on GPIO " + bcm);
        }
        in.set(in.pulledUp ? DigitalState.LOW : DigitalState.HIGH);
        in.set(in.pulledUp ? DigitalState.HIGH : DigitalState.LOW);
    }

    private final class OutputProvider extends DigitalOutputProviderBase {
        OutputProvider() {
            super("derrick-sim-digital-output", "Derrick simulated digital output");
        }

        @Override
        public DigitalOutput create(DigitalOutputConfig config) {
            SimOutput out = new SimOutput(this, config);
            outputs.put(config.bcm(), out);
            return out;
        }

        @Override
        public int getPriority() {
            return 1000;
        }
    }

    private final class InputProvider extends DigitalInputProviderBase {
        InputProvider() {
            super("derrick-sim-digital-input", "Derrick simulated digital input");
        }

        @Override
        public DigitalInput create(DigitalInputConfig config) {
            SimInput in = new SimInput(this, config);
            inputs.put(config.bcm(), in);
            return in;
        }

        @Override
        public int getPriority() {
            return 1000;
        }
    }

    private static final class SimOutput extends DigitalOutputBase {
        volatile long toggles;

        SimOutput(OutputProvider provider, DigitalOutputConfig config) {
            super(provider, config);
        }

        @Override
        public DigitalOutput state(DigitalState state) {
            if (state != this.state) {
                toggles++;
            }
            return super.state(state);
        }
    }

    private static final class SimInput extends DigitalInputBase {
        final boolean pulledUp;
        volatile DigitalState state;

        SimInput(DigitalInputProvider provider, DigitalInputConfig config) {
            super(provider, config);
            this.pulledUp = config.pull() == PullResistance.PULL_UP;
            this.state = pulledUp ? DigitalState.HIGH : DigitalState.LOW;
        }

        void set(DigitalState next) {
            if (next != state) {
                state = next;
                dispatch(new DigitalStateChangeEvent<>(this, next));
            }
        }

        @Override
        public DigitalState state() {
            return state;
        }
    }
}
