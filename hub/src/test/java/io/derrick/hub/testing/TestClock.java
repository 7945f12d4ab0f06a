package io.derrick.hub.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's clock in a test: the system's time plus an offset the test moves on ({@link #advance}), so that what waits
 * for time (escalation, the offline watch, backoff) is reached at once instead of slept for. It keeps ticking, so the
 * hub's schedule, its connections' timeouts and the database's own time stay in step with it.
 */
public final class TestClock extends Clock {
    private final AtomicLong offsetMs = new AtomicLong();

    public void advance(Duration d) {
        offsetMs.addAndGet(d.toMillis());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(offsetMs.get());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMs.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the hub's clock is UTC");
    }
}
