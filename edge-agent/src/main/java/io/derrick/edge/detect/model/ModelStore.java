package io.derrick.edge.detect.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what the learned model knows as "normal" across restarts: the training samples per operating mode
 * (the forest is refitted from them at start, in milliseconds). Written atomically (temp file, fsync, rename).
 * A file that cannot be read is moved aside as {@code .corrupt} and the model starts learning afresh.
 */
public final class ModelStore {
    private static final Logger log = LoggerFactory.getLogger(ModelStore.class);
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public ModelStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The stored samples by mode, or empty when there is no usable file (the reason is logged). */
    public Map<String, List<double[]>> load(List<String> features) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.path("format").asInt() != FORMAT) {
                throw new IOException("not a Derrick model file of format " + FORMAT);
            }
            List<String> stored = new ArrayList<>();
            root.path("features").forEach(n -> stored.add(n.asText()));
            if (!stored.equals(features)) {
                log.info("model file {} was learned on features {}, the config now has {}: learning normal afresh", file, stored, features);
                return Map.of();
            }
            Map<String, List<double[]>> modes = new LinkedHashMap<>();
            for (var mode : root.path("modes").properties()) {
                List<double[]> samples = new ArrayList<>();
                for (JsonNode row : mode.getValue()) {
                    if (!row.isArray() || row.size() != features.size()) {
                        throw new IOException("mode " + mode.getKey() + ": a sample has " + row.size() + " values, expected " + features.size());
                    }
                    double[] x = new double[features.size()];
                    for (int i = 0; i < x.length; i++) {
                        if (!row.get(i).isNumber()) {
                            throw new IOException("mode " + mode.getKey() + ": a sample holds " + row.get(i) + ", not a number");
                        }
                        x[i] = row.get(i).doubleValue();
                    }
                    samples.add(x);
                }
                modes.put(mode.getKey(), samples);
            }
            return modes;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            log.error("model file {} is corrupt ({}); moved to {}; the learned model starts learning normal afresh, "
                    + "rules and drilling detectors keep running", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                log.error("cannot move {} aside: {}", file, moveFailed.getMessage());
            }
            return Map.of();
        }
    }

    public void save(List<String> features, Map<String, List<double[]>> modes) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode names = root.putArray("features");
        features.forEach(names::add);
        ObjectNode modesNode = root.putObject("modes");
        modes.forEach((mode, samples) -> {
            ArrayNode rows = modesNode.putArray(mode);
            for (double[] x : samples) {
                ArrayNode row = rows.addArray();
                for (double v : x) {
                    row.add(v);
                }
            }
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(tmp, JSON.writeValueAsBytes(root));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot save the learned model to {}: {} (it is kept in memory)", file, e.getMessage());
        }
    }
}
