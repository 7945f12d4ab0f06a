package io.derrick.edge.detect.rules;

import io.derrick.protocol.Event;

/**
 * One rule from the config.
 *
 * @param type     high, low (limit with {@code deadband} hysteresis), rate (|change| per second over
 *                 {@code windowS} above {@code limit}), stuck (no change over {@code windowS}), stale (no good
 *                 value for {@code windowS}), spikes ({@code count} jumps larger than {@code limit} that come
 *                 straight back, within {@code windowS}: a failing transmitter or loose wiring)
 * @param limit    the limit (high, low, rate); unused for stuck and stale
 * @param deadband how far back past the limit the value must come to clear (high, low); for stuck, the
 *                 value at or below which the channel is at rest and not checked ({@code atRest})
 * @param forS     how long the condition must hold before it alarms
 * @param clearS   how long it must be gone before the alarm clears
 */
public record RuleSpec(Type type, String channel, double limit, double deadband, double windowS, int count,
                       double forS, double clearS, Event.Severity severity) {

    public enum Type { HIGH, LOW, RATE, STUCK, STALE, SPIKES }

    public String key() {
        return "rule." + channel + "." + type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
