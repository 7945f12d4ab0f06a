package io.derrick.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * JSON encoding of every {@link Message}, optionally gzip-compressed (recognised by its magic bytes).
 *
 * <p>Decoding is strict: an unknown version, a missing or unknown field, a NaN, a payload whose rig or
 * node differs from its topic, or a size over the limits is a {@link ProtocolException} naming the field.
 * Nothing else escapes {@link #decode}: it is fed whatever arrives on the broker.
 */
public final class MessageCodec {
    /** Largest payload after decompression; a batch of 100k readings is well under it. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
    public static final int MAX_SERIES = 2_000;
    public static final int MAX_READINGS = 200_000;
    public static final int MAX_CHANNELS = 2_000;
    /** One step between readings of a channel: ten years either way is plenty and cannot overflow. */
    private static final long MAX_T0_MS = 1L << 50;
    private static final long MAX_DELTA_MS = 10L * 366 * 24 * 3600 * 1000;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public MessageCodec() {
        factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(64 * 1024).build())
                .build();
        mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    // ---------------------------------------------------------------- encode

    public byte[] encode(Message message) {
        return encode(message, false);
    }

    public byte[] encode(Message message, boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", ProtocolVersion.CURRENT);
            g.writeStringField("rig", message.rig());
            g.writeStringField("node", message.node());
            switch (message) {
                case ReadingBatch batch -> writeBatch(g, batch);
                case Birth birth -> writeBirth(g, birth);
                case NodeState state -> g.writeStringField("state", state.state().name());
                case Event event -> writeEvent(g, event);
                case Command command -> writeCommand(g, command);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
        return gzip ? gzip(out.toByteArray()) : out.toByteArray();
    }

    private static void writeBatch(JsonGenerator g, ReadingBatch batch) throws IOException {
        g.writeNumberField("seq", batch.seq());
        if (batch.backlogReadings() >= 0) {
            g.writeNumberField("backlog", batch.backlogReadings());
        }
        long t0 = Long.MAX_VALUE;
        for (ChannelSeries s : batch.series()) {
            if (s.size() > 0) {
                t0 = Math.min(t0, s.timesMs()[0]);
            }
        }
        if (t0 == Long.MAX_VALUE) {
            t0 = 0;
        }
        g.writeNumberField("t0", t0);
        g.writeArrayFieldStart("series");
        for (ChannelSeries s : batch.series()) {
            g.writeStartObject();
            g.writeStringField("ch", s.channel());
            // times as deltas: first from t0, then from the previous reading (column-wise, small numbers)
            g.writeArrayFieldStart("dt");
            long previous = t0;
            for (long t : s.timesMs()) {
                g.writeNumber(t - previous);
                previous = t;
            }
            g.writeEndArray();
            g.writeArrayFieldStart("val");
            for (double v : s.values()) {
                if (Double.isNaN(v)) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
            g.writeEndArray();
            String q = qualityString(s.quality());
            if (q != null) {
                g.writeStringField("q", q);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** One character per reading, or null when every reading is GOOD (the common case costs nothing). */
    private static String qualityString(Quality[] quality) {
        boolean allGood = true;
        for (Quality q : quality) {
            allGood &= q == Quality.GOOD;
        }
        if (allGood) {
            return null;
        }
        char[] codes = new char[quality.length];
        for (int i = 0; i < quality.length; i++) {
            codes[i] = quality[i].code();
        }
        return new String(codes);
    }

    private static void writeBirth(JsonGenerator g, Birth birth) throws IOException {
        g.writeStringField("agentVersion", FreeText.fit(birth.agentVersion(), FreeText.AGENT_VERSION));
        g.writeStringField("configHash", FreeText.fit(birth.configHash(), FreeText.CONFIG_HASH));
        g.writeStringField("bootTime", millis(birth.bootTime()));
        g.writeNumberField("nextSeq", birth.nextSeq());
        g.writeNumberField("backlogReadings", birth.backlogReadings());
        g.writeNumberField("droppedReadings", birth.droppedReadings());
        g.writeArrayFieldStart("channels");
        for (ChannelSpec c : birth.channels()) {
            g.writeStartObject();
            g.writeStringField("ch", c.mnemonic());
            g.writeStringField("unit", FreeText.fit(c.unit(), FreeText.UNIT));
            g.writeNumberField("min", c.min());
            g.writeNumberField("max", c.max());
            g.writeStringField("device", FreeText.fit(c.device(), FreeText.DEVICE));
            g.writeStringField("description", FreeText.fit(c.description(), FreeText.DESCRIPTION));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeEvent(JsonGenerator g, Event event) throws IOException {
        g.writeNumberField("seq", event.seq());
        g.writeStringField("at", millis(event.at()));
        g.writeStringField("type", event.type().name());
        g.writeStringField("severity", event.severity().name());
        g.writeArrayFieldStart("channels");
        for (String c : event.channels()) {
            g.writeString(c);
        }
        g.writeEndArray();
        if (!Double.isNaN(event.score())) {
            g.writeNumberField("score", event.score());
        }
        g.writeStringField("reason", FreeText.fit(event.reason(), FreeText.REASON));
        g.writeObjectFieldStart("figures");
        for (Map.Entry<String, Double> f : event.figures().entrySet()) {
            g.writeNumberField(f.getKey(), f.getValue());
        }
        g.writeEndObject();
        if (event.alarm() != null) {
            g.writeStringField("alarm", event.alarm());
        }
    }

    private static void writeCommand(JsonGenerator g, Command command) throws IOException {
        g.writeStringField("id", command.id());
        g.writeStringField("type", command.type().name());
        g.writeStringField("issuedAt", millis(command.issuedAt()));
        g.writeObjectFieldStart("args");
        for (Map.Entry<String, String> a : command.args().entrySet()) {
            g.writeStringField(a.getKey(), FreeText.fit(a.getValue(), FreeText.ARGUMENT));
        }
        g.writeEndObject();
    }

    /** One precision on the wire: every instant in milliseconds (a node's clock may give nanoseconds). */
    private static String millis(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    // ---------------------------------------------------------------- decode

    /**
     * Decodes a payload that arrived on {@code topic}. The topic decides the message type, and the rig
     * and node in the payload must be the topic's: a node cannot speak for another through its payload.
     */
    public Message decode(Topic topic, byte[] payload) throws ProtocolException {
        JsonNode root = parse(payload);
        StrictObject o = StrictObject.of(root, "");
        int version = o.intValue("v");
        if (!ProtocolVersion.accepted(version)) {
            throw new ProtocolException("v", "unsupported protocol version " + version + ", this side accepts "
                    + ProtocolVersion.OLDEST_ACCEPTED + " to " + ProtocolVersion.CURRENT);
        }
        String rig = o.id("rig");
        String node = o.id("node");
        if (!rig.equals(topic.rig()) || !node.equals(topic.node())) {
            throw new ProtocolException("rig", "payload speaks for " + rig + "/" + node + " but arrived on " + topic.path());
        }
        Message message = switch (topic.kind()) {
            case DATA -> readBatch(o, rig, node, version);
            case BIRTH -> readBirth(o, rig, node);
            case STATE -> new NodeState(rig, node, o.enumValue("state", NodeState.State.class));
            case EVENT -> readEvent(o, rig, node, version);
            case CMD -> readCommand(o, rig, node);
        };
        o.finish();
        return message;
    }

    private JsonNode parse(byte[] payload) throws ProtocolException {
        if (payload == null || payload.length == 0) {
            throw new ProtocolException("", "empty payload");
        }
        byte[] json = isGzip(payload) ? gunzip(payload) : payload;
        if (json.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException("", "payload of " + json.length + " bytes exceeds the limit of " + MAX_PAYLOAD_BYTES);
        }
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new ProtocolException("", "not valid JSON: " + reason);
        }
    }

    private static ReadingBatch readBatch(StrictObject o, String rig, String node, int version) throws ProtocolException {
        long seq = o.nonNegativeLong("seq");
        long backlog = version >= 3 && o.optional("backlog") != null ? o.nonNegativeLong("backlog") : ReadingBatch.UNKNOWN;
        long t0 = o.longValue("t0");
        if (Math.abs(t0) > MAX_T0_MS) {
            throw new ProtocolException("t0", "epoch milliseconds out of range: " + t0);
        }
        JsonNode seriesArray = o.array("series", MAX_SERIES);
        List<ChannelSeries> series = new ArrayList<>(seriesArray.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        int total = 0;
        for (int i = 0; i < seriesArray.size(); i++) {
            StrictObject s = StrictObject.of(seriesArray.get(i), "series[" + i + "]");
            String channel = Ids.requireChannel(s.path("ch"), s.string("ch"));
            if (!seen.add(channel)) {
                throw new ProtocolException(s.path("ch"), "channel " + channel + " appears twice in one batch");
            }
            JsonNode dt = s.array("dt", MAX_READINGS);
            JsonNode val = s.array("val", MAX_READINGS);
            if (dt.size() != val.size()) {
                throw new ProtocolException(s.path("val"), "has " + val.size() + " values for " + dt.size() + " times");
            }
            total += dt.size();
            if (total > MAX_READINGS) {
                throw new ProtocolException("series", "more than " + MAX_READINGS + " readings in one batch");
            }
            JsonNode qNode = s.optional("q");
            String q = null;
            if (qNode != null) {
                if (!qNode.isTextual() || qNode.textValue().length() != dt.size()) {
                    throw new ProtocolException(s.path("q"), "expected a string of " + dt.size() + " quality codes (G, S, B)");
                }
                q = qNode.textValue();
            }
            long[] times = new long[dt.size()];
            double[] values = new double[dt.size()];
            Quality[] quality = new Quality[dt.size()];
            long previous = t0;
            for (int k = 0; k < dt.size(); k++) {
                String at = s.path("dt") + "[" + k + "]";
                long delta = StrictObject.asLong(at, dt.get(k));
                if (Math.abs(delta) > MAX_DELTA_MS) {
                    throw new ProtocolException(at, "time step of " + delta + " ms is beyond +/- " + MAX_DELTA_MS + " ms");
                }
                previous += delta;
                times[k] = previous;
                quality[k] = q == null ? Quality.GOOD : Quality.fromCode(q.charAt(k));
                if (quality[k] == null) {
                    throw new ProtocolException(s.path("q") + "[" + k + "]", "unknown quality code '" + q.charAt(k) + "', expected G, S or B");
                }
                JsonNode v = val.get(k);
                if (v.isNull()) {
                    if (quality[k] == Quality.GOOD) {
                        throw new ProtocolException(s.path("val") + "[" + k + "]", "a GOOD reading must have a value");
                    }
                    values[k] = Double.NaN;
                } else {
                    values[k] = StrictObject.asFinite(s.path("val") + "[" + k + "]", v);
                }
            }
            s.finish();
            series.add(new ChannelSeries(channel, times, values, quality));
        }
        return new ReadingBatch(rig, node, seq, series, backlog);
    }

    private static Birth readBirth(StrictObject o, String rig, String node) throws ProtocolException {
        String agentVersion = o.text("agentVersion", FreeText.AGENT_VERSION);
        String configHash = o.text("configHash", FreeText.CONFIG_HASH);
        Instant bootTime = o.instant("bootTime");
        long nextSeq = o.nonNegativeLong("nextSeq");
        long backlog = o.nonNegativeLong("backlogReadings");
        long dropped = o.nonNegativeLong("droppedReadings");
        JsonNode array = o.array("channels", MAX_CHANNELS);
        List<ChannelSpec> channels = new ArrayList<>(array.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            StrictObject c = StrictObject.of(array.get(i), "channels[" + i + "]");
            String mnemonic = Ids.requireChannel(c.path("ch"), c.string("ch"));
            if (!seen.add(mnemonic)) {
                throw new ProtocolException(c.path("ch"), "channel " + mnemonic + " is declared twice");
            }
            double min = c.finite("min");
            double max = c.finite("max");
            if (!(min < max)) {
                throw new ProtocolException(c.path("max"), "must be greater than min (" + min + "), got " + max);
            }
            channels.add(new ChannelSpec(mnemonic, c.text("unit", FreeText.UNIT), min, max, c.text("device", FreeText.DEVICE),
                    c.text("description", FreeText.DESCRIPTION)));
            c.finish();
        }
        return new Birth(rig, node, agentVersion, configHash, bootTime, nextSeq, backlog, dropped, channels);
    }

    private static Event readEvent(StrictObject o, String rig, String node, int version) throws ProtocolException {
        long seq = o.nonNegativeLong("seq");
        Instant at = o.instant("at");
        Event.Type type = o.enumValue("type", Event.Type.class);
        Event.Severity severity = o.enumValue("severity", Event.Severity.class);
        JsonNode array = o.array("channels", MAX_CHANNELS);
        List<String> channels = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode c = array.get(i);
            channels.add(Ids.requireChannel("channels[" + i + "]", c.isTextual() ? c.textValue() : null));
        }
        double score = o.finiteOrNaN("score");
        String reason = o.text("reason", FreeText.REASON);
        JsonNode figuresNode = o.required("figures");
        StrictObject.of(figuresNode, "figures");
        Map<String, Double> figures = new LinkedHashMap<>();
        for (var f : figuresNode.properties()) {
            String name = Ids.requireName("figures", f.getKey());
            figures.put(name, StrictObject.asFinite("figures." + name, f.getValue()));
        }
        String alarm = null;
        if (version >= 2 && o.optional("alarm") != null) {
            alarm = Ids.requireAlarmKey("alarm", o.string("alarm"));
        }
        if (alarm == null && (type.raises() || type == Event.Type.ALARM_ACKNOWLEDGED || type == Event.Type.ALARM_CLEARED) && version >= 2) {
            throw new ProtocolException("alarm", "missing: a " + type + " event names its alarm");
        }
        return new Event(rig, node, seq, at, type, severity, channels, score, reason, figures, alarm);
    }

    private static Command readCommand(StrictObject o, String rig, String node) throws ProtocolException {
        String id = o.string("id");
        if (id.isBlank() || id.length() > 64) {
            throw new ProtocolException("id", "must be 1-64 characters");
        }
        Command.Type type = o.enumValue("type", Command.Type.class);
        Instant issuedAt = o.instant("issuedAt");
        JsonNode argsNode = o.required("args");
        StrictObject.of(argsNode, "args");
        Map<String, String> args = new LinkedHashMap<>();
        for (var f : argsNode.properties()) {
            String name = Ids.requireName("args", f.getKey());
            if (!f.getValue().isTextual()) {
                throw new ProtocolException("args." + name, "expected a string, got " + StrictObject.describe(f.getValue()));
            }
            args.put(name, FreeText.require("args." + name, f.getValue().textValue(), FreeText.ARGUMENT));
        }
        return new Command(rig, node, id, type, issuedAt, args);
    }

    // ---------------------------------------------------------------- compression

    private static boolean isGzip(byte[] payload) {
        return payload.length >= 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b;
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 32);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Bounded: a small compressed payload that inflates past the limit (a zip bomb) is refused. */
    private static byte[] gunzip(byte[] payload) throws ProtocolException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
            byte[] data = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
            if (data.length > MAX_PAYLOAD_BYTES) {
                throw new ProtocolException("", "compressed payload inflates past the limit of " + MAX_PAYLOAD_BYTES + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new ProtocolException("", "corrupt gzip payload: " + e.getMessage());
        }
    }
}
