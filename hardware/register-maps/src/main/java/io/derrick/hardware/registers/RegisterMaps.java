package io.derrick.hardware.registers;


import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and validates register map files. A map is named either by a bundled name ({@code adam-6017},
 * from {@code hardware/register-maps/maps/}) or by a path to a YAML file of the same shape.
 */
public final class RegisterMaps {
    private static final Pattern MNEMONIC = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final int MAX_REGISTER = 65_535;

    private RegisterMaps() {
    }

    /** Bundled map by name, or a file path (anything with a '/' or ending in .yaml/.yml). */
    public static RegisterMap load(String nameOrPath, Path relativeTo) throws ConfigException {
        if (nameOrPath.contains("/") || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            Path path = relativeTo == null ? Path.of(nameOrPath) : relativeTo.resolve(nameOrPath);
            try {
                return parse(Files.newInputStream(path), path.toString(), fileStem(path));
            } catch (IOException e) {
                throw new ConfigException("register map " + path + " cannot be read: " + e.getMessage(), e);
            }
        }
        InputStream bundled = RegisterMaps.class.getResourceAsStream("/registermaps/" + nameOrPath + ".yaml");
        if (bundled == null) {
            throw new ConfigException("no bundled register map named '" + nameOrPath + "' (bundled: " + String.join(", ", bundledNames())
                    + "); give a path to a .yaml file for your own device");
        }
        return parse(bundled, "registermaps/" + nameOrPath + ".yaml", nameOrPath);
    }

    public static List<String> bundledNames() {
        return List.of("adam-6017", "acs880-mud-pump", "derrick-rig-daq");
    }

    public static RegisterMap parse(InputStream in, String source, String name) throws ConfigException {
        MapFile file = YamlReader.read(in, source, MapFile.class);
        return validate(file, source, name);
    }

    private static RegisterMap validate(MapFile file, String source, String name) throws ConfigException {
        require(file.device != null && !file.device.isBlank(), source, "device", "is required (the device model, e.g. ADAM-6017)");
        require(file.points != null && !file.points.isEmpty(), source, "points", "must list at least one point");
        List<Point> points = new ArrayList<>();
        Set<String> mnemonics = new HashSet<>();
        for (int i = 0; i < file.points.size(); i++) {
            PointFile p = file.points.get(i);
            String at = "points[" + i + "]";
            require(p != null, source, at, "is empty");
            require(p.mnemonic != null && MNEMONIC.matcher(p.mnemonic).matches(), source, at + ".mnemonic",
                    "must be an upper-case mnemonic such as HKLD, SPPA or MP1_CUR, got " + quote(p.mnemonic));
            require(mnemonics.add(p.mnemonic), source, at + ".mnemonic", p.mnemonic + " appears twice in this map");
            require(p.unit != null && !p.unit.isBlank(), source, at + ".unit", "is required (e.g. kN, kPa, L/min)");
            require(p.function != null, source, at + ".function", "is required: holding, input, coil or discrete");
            require(p.type != null, source, at + ".type", "is required: int16, uint16, int32, uint32, float32 or bool");
            require(p.register != null && p.register >= 0 && p.register + p.type.words() - 1 <= MAX_REGISTER, source, at + ".register",
                    "must be a zero-based address 0-65535 (the manual's 40001 is 0), got " + p.register);
            require(p.function.isBit() == (p.type == DataType.BOOL), source, at + ".type",
                    p.function.isBit() ? "coils and discrete inputs are bool" : "bool is only for coils and discrete inputs");
            double scale = p.scale == null ? 1 : p.scale;
            require(Double.isFinite(scale) && scale != 0, source, at + ".scale", "must be a non-zero number");
            require(p.min != null && p.max != null && p.min < p.max, source, at + ".max",
                    "min and max (the calibrated range in " + p.unit + ") are required and min < max");
            int decimals = p.decimals == null ? 3 : p.decimals;
            require(decimals >= 0 && decimals <= 9, source, at + ".decimals", "must be 0-9");
            double validMin = p.validRaw == null ? Double.NEGATIVE_INFINITY : p.validRaw.get(0);
            double validMax = p.validRaw == null ? Double.POSITIVE_INFINITY : p.validRaw.get(1);
            require(p.validRaw == null || (p.validRaw.size() == 2 && validMin <= validMax), source, at + ".validRaw",
                    "must be [lowest, highest] raw value a working sensor reports");
            double deadband = p.deadband == null ? 0 : p.deadband;
            require(deadband >= 0, source, at + ".deadband", "must not be negative");
            points.add(new Point(p.name == null ? p.mnemonic : p.name, p.mnemonic, p.unit,
                    p.description == null ? "" : p.description, p.function, p.register, p.type,
                    p.wordOrder == null ? WordOrder.BIG : p.wordOrder, scale, p.offset == null ? 0 : p.offset,
                    p.min, p.max, decimals, validMin, validMax, p.group == null ? "default" : p.group, deadband));
        }
        return new RegisterMap(name, file.device, file.vendor == null ? "" : file.vendor,
                file.description == null ? "" : file.description, points);
    }

    private static void require(boolean ok, String source, String field, String message) throws ConfigException {
        if (!ok) {
            throw new ConfigException(source + ": " + field + ": " + message);
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private static String fileStem(Path path) {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** The file shape; everything optional here is checked in {@link #validate}. */
    record MapFile(String device, String vendor, String description, List<PointFile> points) {
    }

    record PointFile(String name, String mnemonic, String unit, String description, Function function,
                     Integer register, DataType type, WordOrder wordOrder, Double scale, Double offset,
                     Double min, Double max, Integer decimals, List<Double> validRaw, String group,
                     Double deadband) {
    }

}
