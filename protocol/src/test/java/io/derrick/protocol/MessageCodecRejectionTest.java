package io.derrick.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static io.derrick.protocol.Messages.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class MessageCodecRejectionTest {
    private final MessageCodec codec = new MessageCodec();
    private static final String OK_BATCH = """
            {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":1000,"series":[{"ch":"HKLD","dt":[0,1000],"val":[1.5,2.5]}]}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                     | {"v":2,                                                                                    | ''            | not valid JSON
            trailing garbage             | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[]} x                     | ''            | not valid JSON
            unknown version              | {"v":9,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[]}                       | v             | unsupported protocol version 9
            version as string            | {"v":"2","rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[]}                     | v             | expected an integer
            missing seq                  | {"v":2,"rig":"rig-01","node":"edge-01","t0":0,"series":[]}                               | seq           | missing
            negative seq                 | {"v":2,"rig":"rig-01","node":"edge-01","seq":-4,"t0":0,"series":[]}                      | seq           | must not be negative
            unknown field                | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[],"extra":1}             | extra         | unknown field
            other rig than topic         | {"v":2,"rig":"rig-02","node":"edge-01","seq":1,"t0":0,"series":[]}                       | rig           | but arrived on
            rig with slash               | {"v":2,"rig":"rig/01","node":"edge-01","seq":1,"t0":0,"series":[]}                       | rig           | must be 1-64 characters
            NaN value                    | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"HKLD","dt":[0],"val":[NaN]}]}       | ''  | not valid JSON
            NaN as string                | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"HKLD","dt":[0],"val":["NaN"]}]}     | series[0].val[0] | expected a number
            null value of GOOD reading   | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"HKLD","dt":[0],"val":[null]}]}      | series[0].val[0] | must have a value
            times and values differ      | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"HKLD","dt":[0,1],"val":[1]}]}       | series[0].val    | has 1 values for 2 times
            bad quality code             | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"HKLD","dt":[0],"val":[1],"q":"X"}]} | series[0].q[0]   | unknown quality code
            lower-case channel           | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"hkld","dt":[0],"val":[1]}]}         | series[0].ch     | upper-case mnemonic
            duplicate channel            | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"A","dt":[],"val":[]},{"ch":"A","dt":[],"val":[]}]} | series[1].ch | appears twice
            huge time step               | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[{"ch":"HKLD","dt":[9223372036854775807],"val":[1]}]} | series[0].dt[0] | time step
            series not an array          | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":{}}                       | series        | expected an array
            version 1 is two versions ago | {"v":1,"rig":"rig-01","node":"edge-01","seq":1,"t0":0,"series":[]}                      | v             | accepts 2 to 3
            backlog in a version 2 batch | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"backlog":5,"t0":0,"series":[]}           | backlog       | unknown field
            negative backlog             | {"v":3,"rig":"rig-01","node":"edge-01","seq":1,"backlog":-5,"t0":0,"series":[]}          | backlog       | must not be negative
            top level array              | [1,2,3]                                                                                  | ''            | expected a JSON object
            """)
    void malformedBatchIsRefusedNamingTheField(String caseName, String payload, String field, String message) {
        Throwable thrown = catchThrowable(() -> codec.decode(topic(TopicKind.DATA), payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(thrown).as(caseName).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        assertThat(((ProtocolException) thrown).field()).as(caseName).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            alarm event without its key  | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"at":"2026-01-31T06:00:00Z","type":"ALARM_RAISED","severity":"CRITICAL","channels":[],"reason":"r","figures":{}}              | alarm   | names its alarm
            alarm key with a slash       | {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"at":"2026-01-31T06:00:00Z","type":"ALARM_RAISED","severity":"CRITICAL","channels":[],"reason":"r","figures":{},"alarm":"a/b"} | alarm | letters, digits
            a reason of two lines        | {"v":3,"rig":"rig-01","node":"edge-01","seq":1,"at":"2026-01-31T06:00:00Z","type":"DEVICE_DOWN","severity":"WARNING","channels":[],"reason":"down\\nINFO forged log line","figures":{}} | reason | control character U+000A
            a reason with a bidi override | {"v":3,"rig":"rig-01","node":"edge-01","seq":1,"at":"2026-01-31T06:00:00Z","type":"DEVICE_DOWN","severity":"WARNING","channels":[],"reason":"ok \u202Egnp.exe","figures":{}} | reason | control character U+202E
            a figure with a markup name  | {"v":3,"rig":"rig-01","node":"edge-01","seq":1,"at":"2026-01-31T06:00:00Z","type":"DEVICE_DOWN","severity":"WARNING","channels":[],"reason":"r","figures":{"<b>":1}} | figures | names are a letter
            """)
    void malformedEventIsRefusedNamingTheField(String caseName, String payload, String field, String message) {
        Throwable thrown = catchThrowable(() -> codec.decode(topic(TopicKind.EVENT), payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(thrown).as(caseName).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        assertThat(((ProtocolException) thrown).field()).as(caseName).isEqualTo(field);
    }

    @org.junit.jupiter.api.Test
    void versionTwoMessagesAreStillAccepted() throws ProtocolException {
        String event = """
                {"v":2,"rig":"rig-01","node":"edge-01","seq":1,"at":"2026-01-31T06:00:00.123456789Z","type":"DEVICE_DOWN","severity":"WARNING","channels":["HKLD"],"reason":"adam down","figures":{}}""";
        Event e = (Event) codec.decode(topic(TopicKind.EVENT), event.getBytes(StandardCharsets.UTF_8));
        assertThat(e.alarm()).isNull();
        assertThat(e.type()).isEqualTo(Event.Type.DEVICE_DOWN);
        ReadingBatch batch = (ReadingBatch) codec.decode(topic(TopicKind.DATA), OK_BATCH.getBytes(StandardCharsets.UTF_8));
        assertThat(batch.backlogReadings()).as("a version 2 node does not say").isEqualTo(ReadingBatch.UNKNOWN);
        assertThat(batch.readingCount()).isEqualTo(2);
    }

    /** What a birth from a misconfigured or hostile node may not carry; each refused naming the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unit too long        | unit        | 33 | has 33 characters, at most 32
            description too long | description | 201 | has 201 characters, at most 200
            device too long      | device      | 65 | has 65 characters, at most 64
            """)
    void oversizedBirthTextIsRefusedNamingTheField(String caseName, String field, int length, String message) {
        String birth = """
                {"v":3,"rig":"rig-01","node":"edge-01","agentVersion":"0.1","configHash":"h","bootTime":"2026-01-31T06:00:00Z","nextSeq":1,
                 "backlogReadings":0,"droppedReadings":0,"channels":[{"ch":"HKLD","unit":"kN","min":0,"max":1,"device":"d","description":"x"}]}"""
                .replace("\"" + field + "\":\"" + (field.equals("unit") ? "kN" : field.equals("device") ? "d" : "x") + "\"",
                        "\"" + field + "\":\"" + "y".repeat(length) + "\"");
        Throwable thrown = catchThrowable(() -> codec.decode(topic(TopicKind.BIRTH), birth.getBytes(StandardCharsets.UTF_8)));
        assertThat(thrown).as(caseName).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        assertThat(((ProtocolException) thrown).field()).as(caseName).isEqualTo("channels[0]." + field);
    }

    @org.junit.jupiter.api.Test
    void aCommandArgumentWithAControlCharacterIsRefused() {
        String command = """
                {"v":3,"rig":"rig-01","node":"edge-01","id":"c-1","type":"ACK_ALARM","issuedAt":"2026-01-31T06:00:00Z","args":{"by":"jo\\u0007"}}""";
        assertThatThrownBy(() -> codec.decode(topic(TopicKind.CMD), command.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("U+0007")
                .extracting(e -> ((ProtocolException) e).field()).isEqualTo("args.by");
    }

    @org.junit.jupiter.api.Test
    void emptyAndZipBombPayloadsAreRefused() {
        assertThatThrownBy(() -> codec.decode(topic(TopicKind.DATA), new byte[0])).isInstanceOf(ProtocolException.class);
        byte[] zeros = new byte[MessageCodec.MAX_PAYLOAD_BYTES + 10];
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(zeros);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(out.size()).isLessThan(100_000);
        assertThatThrownBy(() -> codec.decode(topic(TopicKind.DATA), out.toByteArray()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("inflates past the limit");
    }

    @org.junit.jupiter.api.Test
    void wellFormedBatchOnTheWrongKindIsRefused() {
        assertThatThrownBy(() -> codec.decode(topic(TopicKind.BIRTH), OK_BATCH.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("missing");
    }

    /** Fuzz: whatever bytes arrive, decode answers with a message or a ProtocolException, nothing else. */
    @Property(tries = 3000)
    void mutatedPayloadsNeverEscapeAsUncheckedExceptions(@ForAll("mutations") byte[] payload, @ForAll TopicKind kind) {
        try {
            codec.decode(topic(kind), payload);
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        byte[] seedBatch = OK_BATCH.getBytes(StandardCharsets.UTF_8);
        byte[] seedBirth = new MessageCodec().encode(Messages.birth());
        byte[] seedEvent = new MessageCodec().encode(Messages.event());
        Arbitrary<byte[]> seeds = Arbitraries.of(seedBatch, seedBirth, seedEvent);
        Arbitrary<byte[]> mutated = seeds.flatMap(seed -> Arbitraries.integers().between(0, seed.length - 1).list().ofMinSize(1).ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(bytes -> {
                    byte[] copy = seed.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i)] = bytes.get(i);
                    }
                    return copy;
                })));
        Arbitrary<byte[]> truncated = seeds.flatMap(seed -> Arbitraries.integers().between(0, seed.length).map(n -> java.util.Arrays.copyOf(seed, n)));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.oneOf(mutated, truncated, random);
    }
}
