package io.derrick.hardware.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds loopback ports nobody listens on, for servers a test starts. */
public final class FreePorts {
    private FreePorts() {
    }

    public static int one() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of {@code size} consecutive free ports. */
    public static int block(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + (int) (Math.random() * 30_000);
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + size + " free loopback ports");
    }

    private static boolean allFree(int base, int size) {
        for (int p = base; p < base + size; p++) {
            try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
