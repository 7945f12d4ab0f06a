package io.derrick.hardware.registers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Reads a YAML file into a record tree, strictly: unknown fields, wrong types and missing required
 * values become a {@link ConfigException} that names the file, the field path and the allowed values.
 */
public final class YamlReader {
    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlReader() {
    }

    public static <T> T read(InputStream in, String source, Class<T> type) throws ConfigException {
        try (in) {
            T value = MAPPER.readValue(in, type);
            if (value == null) {
                throw new ConfigException(source + ": the file is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(source + ": " + path(e) + ": unknown field" + (allowed.isEmpty() ? "" : " (allowed here: " + allowed + ")"), e);
        } catch (InvalidFormatException e) {
            throw new ConfigException(source + ": " + path(e) + ": '" + e.getValue() + "' is not valid, expected " + simpleName(e.getTargetType()), e);
        } catch (MismatchedInputException e) {
            // e.g. YAML 1.1 reads a bare off/no/yes as a boolean: say what the field takes
            throw new ConfigException(source + ": " + path(e) + ": expected " + simpleName(e.getTargetType())
                    + (e.getTargetType() != null && e.getTargetType().isEnum() ? " (quote the value)" : " (" + firstLine(e) + ")"), e);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(source + ": " + path(e) + ": " + firstLine(cause), e);
        } catch (JacksonException e) {
            throw new ConfigException(source + ": not valid YAML: " + firstLine(e), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Jackson's reference chain as {@code devices[1].tcp.port}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(top level)" : path.toString();
    }

    private static String simpleName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase()).collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName() + " block";
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).replaceAll(" \\(class [^)]*\\)", "");
    }
}
