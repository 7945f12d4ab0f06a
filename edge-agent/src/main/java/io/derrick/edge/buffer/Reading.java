package io.derrick.edge.buffer;

import io.derrick.protocol.Quality;

/** One polled value of one channel. A non-GOOD reading may have no value (NaN). */
public record Reading(String channel, long timeMs, double value, Quality quality) {
}
