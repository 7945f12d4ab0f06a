package io.derrick.hub.platform;

import java.util.ArrayList;
import java.util.List;

/** How long each part took to stop (or start), for the one line that says so: "812 ms (jobs 3, web server 40, ...)". */
public final class StopWatch {
    private final long start = System.nanoTime();
    private long last = start;
    private final List<String> laps = new ArrayList<>();

    public void lap(String part) {
        long now = System.nanoTime();
        laps.add(part + " " + (now - last) / 1_000_000);
        last = now;
    }

    @Override
    public String toString() {
        return (System.nanoTime() - start) / 1_000_000 + " ms (" + String.join(", ", laps) + ")";
    }
}
