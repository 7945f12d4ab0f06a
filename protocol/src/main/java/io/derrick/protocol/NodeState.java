package io.derrick.protocol;

/** Retained on {@code state}. The OFFLINE message is registered as the MQTT Last Will. */
public record NodeState(String rig, String node, State state) implements Message {
    public enum State { ONLINE, OFFLINE }

    @Override
    public TopicKind kind() {
        return TopicKind.STATE;
    }
}
