package io.derrick.hub.platform;

import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.Routes;

/**
 * One area of the hub (fleet, alarms, reports, …) as {@code Hub} wires it: its schema migrations live in
 * {@code db/<name>/}, its part of the OpenAPI document in {@code openapi/<name>.yaml}, and it adds its routes (each with
 * its access) and its background work here. docs/architecture.md has the checklist for a new one.
 */
public interface Feature {
    /** The feature's name: its migrations' folder and its OpenAPI file. */
    String name();

    /** Registers the feature's routes under {@code /api}. */
    void routes(Routes api);

    /** Registers the feature's background work. */
    default void jobs(Jobs jobs) {
    }

    /** Stops what the feature started (streams, threads). */
    default void close() {
    }
}
