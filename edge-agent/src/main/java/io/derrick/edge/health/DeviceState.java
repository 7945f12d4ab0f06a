package io.derrick.edge.health;

/** Where a device's session stands, as the crew and the hub see it. */
public enum DeviceState { CONNECTING, UP, DOWN }
