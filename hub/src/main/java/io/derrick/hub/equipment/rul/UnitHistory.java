package io.derrick.hub.equipment.rul;

import java.util.Arrays;

/**
 * One unit's history, oldest first: per step (an engine's cycle, a pump's operating hour) its age, the operating
 * settings it ran at and the values of its channels. A run-to-failure history ends at the unit's failure.
 *
 * @param age      the unit's age at each step (cycles or running hours), increasing
 * @param settings per step, the operating settings (may have no columns)
 * @param channels per step, the measured channels
 */
public record UnitHistory(String unit, double[] age, double[][] settings, double[][] channels) {

    public UnitHistory {
        if (age.length != settings.length || age.length != channels.length) {
            throw new IllegalArgumentException(unit + ": age, settings and channels have different lengths");
        }
        if (age.length == 0) {
            throw new IllegalArgumentException(unit + ": no steps");
        }
    }

    public int steps() {
        return age.length;
    }

    /** The history up to and including step {@code last} (as a unit cut off there, like a test unit). */
    public UnitHistory upTo(int last) {
        return new UnitHistory(unit, Arrays.copyOf(age, last + 1), Arrays.copyOf(settings, last + 1),
                Arrays.copyOf(channels, last + 1));
    }

    /** The remaining life at each step of a run-to-failure history (its failure is at its last step). */
    public double[] remainingLife() {
        double end = age[age.length - 1];
        double[] rul = new double[age.length];
        for (int i = 0; i < rul.length; i++) {
            rul[i] = end - age[i];
        }
        return rul;
    }
}
