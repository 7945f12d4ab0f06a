package io.derrick.hub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String figures(Map<String, Double> figures) {
        try {
            return MAPPER.writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("figures not writable as JSON", e);
        }
    }
}
