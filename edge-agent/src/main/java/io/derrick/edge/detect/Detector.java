package io.derrick.edge.detect;

import java.util.List;

/**
 * Looks at the rig once per evaluation and says what is wrong now. Detectors keep their own state (windows,
 * baselines) and are called from one thread, in time order.
 */
public interface Detector {
    /** A short name for logs and the status page, e.g. "kick" or "limit SPPA high". */
    String name();

    /**
     * The conditions that hold at this frame. {@code alarmed} is whether any alarm is active, so that
     * learning detectors can keep abnormal periods out of what they learn as normal.
     */
    List<Condition> evaluate(Frame frame, boolean alarmed);

    /**
     * How long this detector must run before it can see its condition again (a window to fill, a baseline to learn).
     * An alarm an agent restores after a restart is held that long before its absence may clear it, so a restart does
     * not clear and raise the same alarm again.
     */
    default double warmUpS() {
        return 0;
    }

    /** Whether, {@code runningMs} after the agent started, this detector can tell that a condition it raised is gone. */
    default boolean settled(Frame frame, long runningMs) {
        return runningMs >= warmUpS() * 1000;
    }
}
