package io.derrick.edge.buffer;

import io.derrick.protocol.Event;

import java.util.List;

/** Where the poller hands what it read. Implementations persist before returning. */
public interface ReadingSink {
    /** Stores the readings of one poll atomically; when this returns they survive a crash. */
    void append(List<Reading> readings);

    /** Stores an event (seq is assigned here); when this returns it survives a crash. */
    void appendEvent(Event event);
}
