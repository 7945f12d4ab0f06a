package io.derrick.hub.ingest;

import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Health;
import io.derrick.hub.platform.web.Routes;
import io.derrick.protocol.Message;
import io.helidon.metrics.api.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The ingest: the broker's messages to PostgreSQL, exactly once (docs/architecture.md), each group in one transaction
 * that writes the readings, the fleet's and the alarms' changes together; what it refuses is kept with the reason
 * ({@code /api/rejects}). Other features hear of what was stored after the commit ({@link #onStored}).
 */
public final class IngestFeature implements Feature {
    private final Database db;
    private final MqttIngest ingest;
    private final List<Consumer<Message>> stored = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Incoming, Outcome>> outcomes = new CopyOnWriteArrayList<>();

    /** @param registered whether a rig and node are registered (null: every node may send) */
    public IngestFeature(MqttIngest.Settings settings, Database db, Clock clock, MeterRegistry metrics, BiPredicate<String, String> registered) {
        this.db = db;
        this.ingest = new MqttIngest(settings, new IngestStore(db, clock), metrics, registered, (m, outcome) -> {
            if (outcome.kind() == Outcome.Kind.STORED && m.message() != null) {
                stored.forEach(listener -> listener.accept(m.message()));
            }
            outcomes.forEach(listener -> listener.accept(m, outcome));
        });
    }

    @Override
    public String name() {
        return "ingest";
    }

    /** Calls {@code listener} with each message stored (not a duplicate, not refused), after its commit. */
    public void onStored(Consumer<Message> listener) {
        stored.add(listener);
    }

    /** Calls {@code listener} with each message received and what became of it, after the commit (tests, the demo). */
    public void onOutcome(BiConsumer<Incoming, Outcome> listener) {
        outcomes.add(listener);
    }

    /** Connects to the broker and starts writing; waits up to {@code wait} for the subscription. Returns whether it has it. */
    public boolean start(Duration wait) {
        ingest.start();
        return ingest.awaitSubscribed(wait);
    }

    /** Publishes to an edge node (a command), QoS 1; false when the broker is not reachable now. */
    public boolean publish(String topic, byte[] payload) {
        return ingest.publish(topic, payload);
    }

    public java.util.Optional<String> connectFailure() {
        return ingest.connectFailure();
    }

    /** Health: subscribed to the broker, with how many messages wait to be written. */
    public Health.Check health(String brokerUrl) {
        return new Health.Check("broker", () -> {
            Map<String, Object> details = new LinkedHashMap<>(Map.of("broker", brokerUrl, "connected", ingest.isConnected(),
                    "queued", ingest.queued()));
            ingest.connectFailure().ifPresent(reason -> details.put("reason", reason));
            return new Health.Result(ingest.isSubscribed(), details);
        });
    }

    @Override
    public void routes(Routes api) {
        new RejectsRoutes(new RejectRepository(db)).routes(api);
    }

    @Override
    public void close() {
        ingest.close();
    }
}
