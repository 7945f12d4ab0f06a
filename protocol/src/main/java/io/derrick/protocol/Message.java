package io.derrick.protocol;

/** Everything that travels between edge and hub. Each message knows which rig and node it speaks for. */
public sealed interface Message permits ReadingBatch, Birth, NodeState, Event, Command {
    String rig();

    String node();

    TopicKind kind();

    default Topic topic() {
        return Topic.of(rig(), node(), kind());
    }
}
