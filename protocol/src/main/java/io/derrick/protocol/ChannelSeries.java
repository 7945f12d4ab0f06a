package io.derrick.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * The readings of one channel inside a batch, column-wise: times (epoch ms), values, qualities.
 * The arrays are owned by the series; callers must not change them after construction.
 */
public record ChannelSeries(String channel, long[] timesMs, double[] values, Quality[] quality) {

    public ChannelSeries {
        Objects.requireNonNull(channel, "channel");
        if (timesMs.length != values.length || values.length != quality.length) {
            throw new IllegalArgumentException("series " + channel + ": times, values and quality differ in length");
        }
    }

    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelSeries other
                && channel.equals(other.channel)
                && Arrays.equals(timesMs, other.timesMs)
                && Arrays.equals(values, other.values)
                && Arrays.equals(quality, other.quality);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, Arrays.hashCode(timesMs), Arrays.hashCode(values), Arrays.hashCode(quality));
    }

    @Override
    public String toString() {
        return "ChannelSeries[" + channel + ", " + size() + " readings]";
    }
}
