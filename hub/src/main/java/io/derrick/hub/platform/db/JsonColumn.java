package io.derrick.hub.platform.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.derrick.hub.platform.web.Jsons;

/** A jsonb column's value, written and read with the API's one mapper (dates as ISO strings), null as SQL NULL. */
public final class JsonColumn {
    private JsonColumn() {
    }

    /** For {@code CAST(:x AS jsonb)}. */
    public static String write(Object value) {
        try {
            return value == null ? null : Jsons.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code what}: the column, for the message when a stored value cannot be read (a schema the code no longer knows). */
    public static <T> T read(String json, TypeReference<T> type, String what) {
        if (json == null) {
            return null;
        }
        try {
            return Jsons.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
