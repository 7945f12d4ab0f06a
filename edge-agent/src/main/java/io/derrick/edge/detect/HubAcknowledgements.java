package io.derrick.edge.detect;

import io.derrick.protocol.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hub's commands on the node's {@code cmd} topic that concern the rig's alarms: {@code ACK_ALARM} acknowledges an
 * alarm as the person who did it in the hub. With {@code raisedAt} only that occurrence is acknowledged, so a repeat that
 * arrives late never silences a newer raise of the same key. Commands of other types are logged and ignored.
 */
public final class HubAcknowledgements implements Consumer<Command> {
    private static final Logger log = LoggerFactory.getLogger(HubAcknowledgements.class);

    private final AlarmBook alarms;
    private final Clock clock;

    public HubAcknowledgements(AlarmBook alarms, Clock clock) {
        this.alarms = alarms;
        this.clock = clock;
    }

    @Override
    public void accept(Command command) {
        if (command.type() != Command.Type.ACK_ALARM) {
            log.info("command {} is not handled by this agent version; ignored", command.type());
            return;
        }
        acknowledge(command);
    }

    /** @return the alarms acknowledged (none when the occurrence is no longer active or the command is malformed) */
    List<Alarm> acknowledge(Command command) {
        String key = command.args().getOrDefault("alarm", "*");
        String by = command.args().getOrDefault("by", "hub");
        String raisedAt = command.args().get("raisedAt");
        if (raisedAt != null) {
            long raisedAtMs;
            try {
                raisedAtMs = Instant.parse(raisedAt).toEpochMilli();
            } catch (DateTimeParseException e) {
                log.warn("command {}: raisedAt '{}' is not an ISO instant; ignored", command.id(), raisedAt);
                return List.of();
            }
            if (alarms.active().stream().noneMatch(a -> a.key().equals(key) && a.raisedAtMs() == raisedAtMs)) {
                log.info("command {}: alarm {} raised at {} is no longer active here; nothing to acknowledge", command.id(), key, raisedAt);
                return List.of();
            }
        }
        return alarms.acknowledge(key, by + " (hub)", clock.millis());
    }
}
