package io.derrick.protocol;

/**
 * What a channel is: WITSML-style mnemonic, engineering unit, the instrument's calibrated range,
 * the device it comes from and a human description.
 */
public record ChannelSpec(String mnemonic, String unit, double min, double max, String device, String description) {
}
