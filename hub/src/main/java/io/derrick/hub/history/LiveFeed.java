package io.derrick.hub.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.Event;
import io.derrick.protocol.Message;
import io.derrick.protocol.NodeState;
import io.derrick.protocol.ReadingBatch;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the hub just committed, for browsers: per rig the latest value of each channel and the activity
 * estimate, pushed to subscribers as small JSON events. Only committed data reaches it (the ingest calls
 * {@link #committed} after the transaction), so a chart never shows a reading the history does not have.
 * A slow subscriber loses live events (its queue is bounded), never the hub's throughput.
 */
public final class LiveFeed {
    private static final int SUBSCRIBER_QUEUE = 1_000;

    public record LiveEvent(String rig, String name, String json) {
    }

    /** A browser's stream: events for one rig, or for every rig when {@code rig} is null. */
    public final class Subscription implements AutoCloseable {
        private final String rig;
        private final BlockingQueue<LiveEvent> queue = new LinkedBlockingQueue<>(SUBSCRIBER_QUEUE);

        private Subscription(String rig) {
            this.rig = rig;
        }

        public BlockingQueue<LiveEvent> events() {
            return queue;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<String, RigActivity> activities = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Double>> latest = new ConcurrentHashMap<>();
    private final Map<String, RigActivity.State> states = new ConcurrentHashMap<>();
    /** per rig, node and channel the newest reading time pushed: a backlog replayed after an outage is history, not live */
    private final Map<String, Long> newestMs = new ConcurrentHashMap<>();

    public Subscription subscribe(String rig) {
        Subscription s = new Subscription(rig);
        subscribers.add(s);
        return s;
    }

    /** The activity estimated from the live data, when the hub has seen any since it started. */
    public Optional<RigActivity.State> activity(String rig) {
        return Optional.ofNullable(states.get(rig));
    }

    /** A message the ingest stored, after its commit. */
    public void committed(Message message) {
        switch (message) {
            case ReadingBatch batch -> readings(batch);
            case NodeState state -> publish(state.rig(), "node", json.createObjectNode()
                    .put("rig", state.rig()).put("node", state.node()).put("state", state.state().name()));
            case Birth birth -> publish(birth.rig(), "node", json.createObjectNode()
                    .put("rig", birth.rig()).put("node", birth.node()).put("state", "ONLINE")
                    .put("backlog", birth.backlogReadings()));
            case Event event -> publish(event.rig(), "alarm", json.createObjectNode()
                    .put("rig", event.rig()).put("node", event.node()).put("type", event.type().name())
                    .put("alarm", event.alarm()));
            case null, default -> { }
        }
    }

    /** The rig's alarms changed in the hub (acknowledged there, or raised/cleared by the hub itself). */
    public void alarmsChanged(String rig) {
        publish(rig, "alarm", json.createObjectNode().put("rig", rig));
    }

    /**
     * A batch's readings newer than what was pushed for their channel, and the node's backlog. A chart appends live points
     * at its end: the older readings of a replayed backlog would run it backwards, and a tile would show old values.
     */
    private void readings(ReadingBatch batch) {
        Map<String, Double> values = latest.computeIfAbsent(batch.rig(), r -> new ConcurrentHashMap<>());
        ObjectNode event = json.createObjectNode().put("rig", batch.rig()).put("node", batch.node()).put("seq", batch.seq());
        if (batch.backlogReadings() >= 0) {
            event.put("backlog", batch.backlogReadings());
        }
        ObjectNode channels = event.putObject("channels");
        for (ChannelSeries s : batch.series()) {
            String key = batch.rig() + "/" + batch.node() + "/" + s.channel();
            long pushedUpTo = newestMs.getOrDefault(key, Long.MIN_VALUE);
            int from = 0;
            while (from < s.size() && s.timesMs()[from] <= pushedUpTo) {
                from++;
            }
            if (from == s.size()) {
                continue;
            }
            int last = s.size() - 1;
            newestMs.merge(key, s.timesMs()[last], Math::max);
            var points = channels.putObject(s.channel());
            var t = points.putArray("t");
            var v = points.putArray("v");
            var q = points.putArray("q");
            for (int i = from; i < s.size(); i++) {
                t.add(s.timesMs()[i]);
                if (Double.isFinite(s.values()[i])) {
                    v.add(s.values()[i]);
                } else {
                    v.addNull();
                }
                q.add(String.valueOf(s.quality()[i].code()));
            }
            if (s.quality()[last].code() == 'G') {
                values.put(s.channel(), s.values()[last]);
            }
        }
        RigActivity.State state = activities.computeIfAbsent(batch.rig(), r -> new RigActivity()).classify(values);
        states.put(batch.rig(), state);
        event.put("activity", state.name());
        publish(batch.rig(), "readings", event);
    }

    private void publish(String rig, String name, ObjectNode data) {
        LiveEvent event = new LiveEvent(rig, name, data.toString());
        for (Subscription s : subscribers) {
            if (s.rig == null || s.rig.equals(rig)) {
                s.queue.offer(event); // full: this browser skips an update
            }
        }
    }
}
