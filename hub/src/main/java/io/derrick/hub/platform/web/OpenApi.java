package io.derrick.hub.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hub's OpenAPI document ({@code GET /openapi}), merged at start from the base {@code openapi/hub.yaml} and each
 * feature's {@code openapi/<feature>.yaml} (its paths and component schemas). A path or a component defined by two
 * files fails the start, naming both. YAML by default; JSON for {@code Accept: application/json} or {@code ?format=json}.
 */
public final class OpenApi {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode doc;
    private final byte[] yaml;
    private final byte[] json;

    private OpenApi(ObjectNode doc) {
        this.doc = doc;
        try {
            this.yaml = YAML.writeValueAsBytes(doc);
            this.json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base document with the parts of {@code features} (by name) merged in. */
    public static OpenApi merge(List<String> features) {
        ObjectNode doc = (ObjectNode) read("hub");
        Map<String, String> owners = new java.util.HashMap<>();
        owners(doc, "hub", owners);
        for (String feature : features) {
            JsonNode part = read(feature);
            if (part == null) {
                continue;   // a feature without routes of its own
            }
            for (String section : List.of("paths", "components")) {
                mergeInto(doc, section, part.path(section), feature, owners);
            }
        }
        return new OpenApi(doc);
    }

    /** The merged document, for tests that compare it with the route table. */
    public JsonNode document() {
        return doc.deepCopy();
    }

    void routes(Routes root) {
        root.get("/openapi", Access.ANYONE, this::send);
    }

    private void send(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of("format")).check();
        boolean wantsJson = req.query().first("format").map("json"::equals).orElse(false)
                || req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("application/json")).orElse(false);
        res.header(HeaderNames.CONTENT_TYPE, wantsJson ? "application/json" : "application/yaml; charset=utf-8")
                .send(wantsJson ? json : yaml);
    }

    private static JsonNode read(String name) {
        String resource = "openapi/" + name + ".yaml";
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                if (name.equals("hub")) {
                    throw new IllegalStateException("the OpenAPI base " + resource + " is not on the class path");
                }
                return null;
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** paths.X and components.K.X: each defined once. */
    private static void mergeInto(ObjectNode doc, String section, JsonNode part, String feature, Map<String, String> owners) {
        if (part.isMissingNode() || part.isNull()) {
            return;
        }
        ObjectNode target = doc.with(section);
        if (section.equals("paths")) {
            add(target, part, "paths", feature, owners);
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> kinds = part.fields(); kinds.hasNext(); ) {
                Map.Entry<String, JsonNode> kind = kinds.next();
                if (!kind.getValue().isNull()) {
                    add(target.with(kind.getKey()), kind.getValue(), "components." + kind.getKey(), feature, owners);
                }
            }
        }
    }

    private static void add(ObjectNode target, JsonNode entries, String where, String feature, Map<String, String> owners) {
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = where + "." + e.getKey();
            String before = owners.putIfAbsent(key, feature);
            if (before != null) {
                throw new IllegalStateException("OpenAPI: " + key + " is defined by openapi/" + before + ".yaml and openapi/" + feature + ".yaml");
            }
            target.set(e.getKey(), e.getValue());
        }
    }

    private static void owners(ObjectNode doc, String feature, Map<String, String> owners) {
        doc.path("paths").fieldNames().forEachRemaining(p -> owners.put("paths." + p, feature));
        doc.path("components").fields().forEachRemaining(kind ->
                kind.getValue().fieldNames().forEachRemaining(n -> owners.put("components." + kind.getKey() + "." + n, feature)));
    }

    /** The merged document as YAML text. */
    public String yaml() {
        return new String(yaml, StandardCharsets.UTF_8);
    }
}
