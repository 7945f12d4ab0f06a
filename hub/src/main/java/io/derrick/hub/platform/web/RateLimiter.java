package io.derrick.hub.platform.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (an API credential, a client address): {@code perMinute} requests a minute on average, bursts
 * of up to as many. In memory: a hub restart forgives everyone, which is fine for a limit meant against runaway
 * scripts and password guessing, not for billing.
 */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private final ConcurrentHashMap<Object, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(int perMinute) {
        this.perNano = perMinute / 60e9;
        this.burst = perMinute;
    }

    /** Zero when {@code key} may go ahead now (and it is counted), else how long until it may. */
    public Duration take(Object key) {
        long now = System.nanoTime();
        if (buckets.size() > 100_000) {
            buckets.entrySet().removeIf(e -> e.getValue().tokens + (now - e.getValue().at) * perNano >= burst);
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - b.tokens) / perNano));
        }
    }
}
