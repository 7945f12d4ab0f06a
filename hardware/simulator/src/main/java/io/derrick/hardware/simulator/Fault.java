package io.derrick.hardware.simulator;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault to inject: {@code KIND[:TARGET]@START[+DURATION]} in simulated seconds from the start, e.g.
 * {@code kick@600}, {@code stuck:HKLD@120+300}, {@code offline:vfd@60+30}. Without a duration it lasts.
 *
 * @param target a channel mnemonic (dropout, stuck, spikes) or a device name (offline: adam, vfd, daq)
 */
public record Fault(Kind kind, String target, double startS, double durationS) {

    public enum Kind {
        /** Signal lost: an analog input reads below 4 mA, a float reads NaN. */
        DROPOUT(true),
        /** Sensor frozen at its last value. */
        STUCK(true),
        /** Occasional large spikes on a channel. */
        SPIKES(true),
        /** The device stops answering (cable pulled, power lost). */
        OFFLINE(true),
        /** Mud pump 1 wears: volumetric efficiency falls, pressure ripple and vibration rise, over the duration. */
        PUMP_DEGRADATION(false),
        /** A washout in the string: standpipe pressure falls at constant flow. */
        WASHOUT(false),
        /** Formation fluid influx: flow out above flow in, pit volume gains. */
        KICK(false),
        /** The string starts to stick (differential sticking, poor hole cleaning): torque on bottom and overpull rise over 10 minutes. */
        STUCK_PIPE(false);

        private final boolean needsTarget;

        Kind(boolean needsTarget) {
            this.needsTarget = needsTarget;
        }
    }

    private static final Pattern SPEC = Pattern.compile("([a-z_-]+)(?::([A-Za-z0-9_]+))?@(\\d+(?:\\.\\d+)?)(?:\\+(\\d+(?:\\.\\d+)?))?");

    public static Fault parse(String spec) {
        Matcher m = SPEC.matcher(spec.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("fault '" + spec + "' is not KIND[:TARGET]@START[+DURATION], e.g. kick@600 or stuck:HKLD@120+300");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault '" + spec + "': unknown kind '" + m.group(1) + "', expected one of "
                    + java.util.Arrays.toString(Kind.values()).toLowerCase(Locale.ROOT));
        }
        if (kind.needsTarget != (m.group(2) != null)) {
            throw new IllegalArgumentException("fault '" + spec + "': " + kind.name().toLowerCase(Locale.ROOT)
                    + (kind.needsTarget ? " needs a target, e.g. stuck:HKLD@60" : " takes no target"));
        }
        double duration = m.group(4) == null ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(4));
        return new Fault(kind, m.group(2), Double.parseDouble(m.group(3)), duration);
    }

    public boolean activeAt(double timeS) {
        return timeS >= startS && timeS < startS + durationS;
    }

    /** 0 at the start, 1 at the end (or after one hour, for a fault without an end). */
    public double progressAt(double timeS) {
        double span = Double.isInfinite(durationS) ? 3600 : durationS;
        return Math.max(0, Math.min(1, (timeS - startS) / span));
    }
}
