package io.derrick.hub.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.derrick.hub.fleet.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The embedded broker's door: an edge node connects with its own credential ({@link NodeRegistry}) and may then
 * publish only under {@code derrick/v1/<its rig>/<its node>/…} and subscribe only to its own {@code cmd}; the hub's
 * ingest connects as {@link #HUB_USER} with a secret made up at each start. Everything else is refused: anonymous
 * clients, wrong passwords, and any topic outside the permissions (MQTT 5 answers "not authorized").
 */
public final class BrokerAuthentication implements ExtensionMain {
    private static final Logger log = LoggerFactory.getLogger(BrokerAuthentication.class);
    /** the hub's own MQTT user name (no '.', so never a node's) */
    public static final String HUB_USER = "derrick-hub";

    private final NodeRegistry nodes;
    private final byte[] hubSecret;

    public BrokerAuthentication(NodeRegistry nodes, String hubSecret) {
        this.nodes = nodes;
        this.hubSecret = hubSecret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> (SimpleAuthenticator) this::onConnect);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }

    private void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        Optional<String> user = input.getConnectPacket().getUserName();
        byte[] password = input.getConnectPacket().getPassword().map(BrokerAuthentication::bytes).orElse(null);
        if (user.isEmpty() || password == null) {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "a user name and password are required");
            return;
        }
        var permissions = output.getDefaultPermissions();
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        if (user.get().equals(HUB_USER)) {
            if (!MessageDigest.isEqual(password, hubSecret)) {
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong password");
                return;
            }
            permissions.add(allow("derrick/v1/#", TopicPermission.MqttActivity.SUBSCRIBE));
            permissions.add(allow("derrick/v1/+/+/cmd", TopicPermission.MqttActivity.PUBLISH));
            output.authenticateSuccessfully();
            return;
        }
        Optional<NodeRegistry.Node> node = nodes.authenticate(user.get(), password);
        if (node.isEmpty()) {
            log.warn("refused an MQTT connection as {} from client {}: not a registered node's current credential", user.get(),
                    input.getClientInformation().getClientId());
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "not a registered node's current credential");
            return;
        }
        NodeRegistry.Topics topics = NodeRegistry.topics(node.get().rig(), node.get().node());
        topics.publishes().forEach(topic -> permissions.add(allow(topic, TopicPermission.MqttActivity.PUBLISH)));
        permissions.add(allow(topics.reads(), TopicPermission.MqttActivity.SUBSCRIBE));
        output.authenticateSuccessfully();
    }

    private static TopicPermission allow(String filter, TopicPermission.MqttActivity activity) {
        return Builders.topicPermission().topicFilter(filter).type(TopicPermission.PermissionType.ALLOW).activity(activity).build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
