package io.derrick.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTest {
    @Test
    void topicRoundTrips() throws ProtocolException {
        Topic topic = Topic.of("rig-07", "edge_a", TopicKind.DATA);
        assertThat(topic.path()).isEqualTo("derrick/v1/rig-07/edge_a/data");
        assertThat(Topic.parse(topic.path())).isEqualTo(topic);
        assertThat(Topic.filterAll(TopicKind.BIRTH)).isEqualTo("derrick/v1/+/+/birth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"derrick/v1/rig/node", "derrick/v2/rig/node/data", "derrick/v1/Rig/node/data",
            "derrick/v1/rig/node/telemetry", "derrick/v1/rig/node/data/extra", "derrick/v1//node/data", "x"})
    void malformedTopicsAreRefused(String path) {
        assertThatThrownBy(() -> Topic.parse(path)).isInstanceOf(ProtocolException.class).hasMessageContaining("topic");
    }

    @Test
    void stateAndBirthAreRetainedDataIsNot() {
        assertThat(TopicKind.STATE.retained()).isTrue();
        assertThat(TopicKind.BIRTH.retained()).isTrue();
        assertThat(TopicKind.DATA.retained()).isFalse();
        assertThat(TopicKind.DATA.qos()).isEqualTo(1);
    }
}
