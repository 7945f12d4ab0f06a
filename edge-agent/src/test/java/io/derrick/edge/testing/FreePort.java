package io.derrick.edge.testing;

/** Loopback ports for servers a test starts (shared with the simulator's fixtures). */
public final class FreePort {
    private FreePort() {
    }

    public static int one() {
        return io.derrick.hardware.simulator.FreePorts.one();
    }

    public static int block(int size) {
        return io.derrick.hardware.simulator.FreePorts.block(size);
    }
}
