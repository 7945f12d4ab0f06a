package io.derrick.protocol;

/** {@code derrick/v1/{rig}/{node}/{kind}}: the only topic shape Derrick publishes or accepts. */
public record Topic(String rig, String node, TopicKind kind) {
    public static final String ROOT = "derrick/v1";

    public Topic {
        if (!Ids.isValidId(rig) || !Ids.isValidId(node) || kind == null) {
            throw new IllegalArgumentException("invalid topic identity rig=" + rig + " node=" + node + " kind=" + kind);
        }
    }

    public static Topic of(String rig, String node, TopicKind kind) {
        return new Topic(rig, node, kind);
    }

    public String path() {
        return ROOT + "/" + rig + "/" + node + "/" + kind.wireName();
    }

    /** Subscription filter for one kind from every rig and node, e.g. {@code derrick/v1/+/+/data}. */
    public static String filterAll(TopicKind kind) {
        return ROOT + "/+/+/" + kind.wireName();
    }

    public static Topic parse(String path) throws ProtocolException {
        if (path == null) {
            throw new ProtocolException("topic", "missing");
        }
        String[] levels = path.split("/", -1);
        if (levels.length != 5 || !(levels[0] + "/" + levels[1]).equals(ROOT)) {
            throw new ProtocolException("topic", "expected " + ROOT + "/{rig}/{node}/{kind}, got '" + path + "'");
        }
        String rig = Ids.requireId("topic.rig", levels[2]);
        String node = Ids.requireId("topic.node", levels[3]);
        return new Topic(rig, node, TopicKind.fromWire(levels[4]));
    }

    @Override
    public String toString() {
        return path();
    }
}
