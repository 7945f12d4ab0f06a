package io.derrick.hub.alarm;

import io.derrick.protocol.Command;
import io.derrick.protocol.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

/**
 * Carries the hub's acknowledgements to the rigs as {@code ACK_ALARM} commands on the node's {@code cmd} topic.
 * A command is due until the node reports the acknowledgement in an event; it is sent at once, again when the
 * node announces itself (birth), and again by the periodic check while the node stays silent about it. The
 * command names the occurrence (raisedAt), so a late repeat never acknowledges a newer alarm of the same key.
 */
public final class AckCommands {
    private static final Logger log = LoggerFactory.getLogger(AckCommands.class);

    /** Publishes QoS 1 to the broker; false when it could not (not connected). */
    @FunctionalInterface
    public interface Channel {
        boolean publish(String topic, byte[] payload);
    }

    private final AlarmRepository alarms;
    private final Channel channel;
    private final java.time.Clock clock;
    private final MessageCodec codec = new MessageCodec();

    public AckCommands(AlarmRepository alarms, Channel channel, java.time.Clock clock) {
        this.alarms = alarms;
        this.channel = channel;
        this.clock = clock;
    }

    /** Sends the acknowledgement of an edge alarm to its node; true when the broker took it. */
    public boolean send(AlarmRepository.Alarm a) {
        if (!"edge".equals(a.source())) {
            return false;
        }
        Command command = new Command(a.rig(), a.node(), "ack-" + a.id(), Command.Type.ACK_ALARM, clock.instant(),
                Map.of("alarm", a.key(), "by", a.acknowledgedBy(), "raisedAt", a.raisedAt().toString()));
        boolean sent = channel.publish(command.topic().path(), codec.encode(command));
        if (sent) {
            log.info("sent the acknowledgement of alarm {} ({} on {}/{}) to the node", a.id(), a.key(), a.rig(), a.node());
        } else {
            log.warn("the acknowledgement of alarm {} could not be sent to {}/{} now; it is sent when the node is back",
                    a.id(), a.rig(), a.node());
        }
        return sent;
    }

    /** The node announced itself: send what it has not confirmed. */
    public void resend(String rig, String node) {
        alarms.pendingAcks(rig, node).forEach(this::send);
    }

    /** Every acknowledgement unconfirmed for over a minute at {@code now}, on any node. */
    public void resendOverdue(Instant now) {
        alarms.overdueAcks(now).forEach(this::send);
    }
}
