package io.derrick.hub.equipment.rul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NASA's C-MAPSS turbofan files (any subset FD001–FD004): {@code unit cycle setting1..3 s1..s21} per line, and the
 * truth file of a test set (one remaining life per unit, in unit order).
 */
public final class Cmapss {
    public static final int SETTINGS = 3;

    private Cmapss() {
    }

    public static List<UnitHistory> read(Path file) throws IOException {
        Map<Integer, List<double[]>> rows = new LinkedHashMap<>();
        int lineNo = 0;
        int width = -1;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            String[] cells = t.split("\\s+");
            if (width < 0) {
                width = cells.length;
                if (width < 2 + SETTINGS + 1) {
                    throw new IOException(file + " line " + lineNo + ": " + width
                            + " columns; a C-MAPSS file has unit, cycle, 3 settings and the sensors");
                }
            } else if (cells.length != width) {
                throw new IOException(file + " line " + lineNo + ": " + cells.length + " columns, the first line has " + width);
            }
            double[] v = new double[width];
            for (int i = 0; i < width; i++) {
                try {
                    v[i] = Double.parseDouble(cells[i]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + lineNo + " column " + (i + 1) + ": '" + cells[i] + "' is not a number");
                }
            }
            rows.computeIfAbsent((int) v[0], u -> new ArrayList<>()).add(v);
        }
        if (rows.isEmpty()) {
            throw new IOException(file + ": no rows");
        }
        List<UnitHistory> units = new ArrayList<>();
        for (var e : rows.entrySet()) {
            List<double[]> r = e.getValue();
            int n = r.size();
            double[] age = new double[n];
            double[][] settings = new double[n][];
            double[][] channels = new double[n][];
            for (int i = 0; i < n; i++) {
                double[] v = r.get(i);
                age[i] = v[1];
                settings[i] = java.util.Arrays.copyOfRange(v, 2, 2 + SETTINGS);
                channels[i] = java.util.Arrays.copyOfRange(v, 2 + SETTINGS, v.length);
            }
            units.add(new UnitHistory("unit " + e.getKey(), age, settings, channels));
        }
        return units;
    }

    public static double[] truth(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        double[] rul = new double[lines.size()];
        for (int i = 0; i < rul.length; i++) {
            try {
                rul[i] = Double.parseDouble(lines.get(i).split("\\s+")[0]);
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": '" + lines.get(i) + "' is not a number");
            }
        }
        return rul;
    }

    public static List<String> channelNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("s" + i);
        }
        return names;
    }
}
