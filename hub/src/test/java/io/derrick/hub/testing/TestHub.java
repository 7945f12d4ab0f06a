package io.derrick.hub.testing;

/** A hub under test, in this JVM ({@link InProcessHub}) or its own ({@link HubProcess}): what tests ask of either. */
public interface TestHub extends AutoCloseable {
    /** The first admin's API client. */
    HubClient admin() throws Exception;

    /** The hub's health with details, for a failing test's message. */
    String health();

    String url();
}
