package io.derrick.edge.modbus;

import io.derrick.hardware.registers.Function;
import io.derrick.hardware.registers.Point;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One Modbus request covering several points: contiguous (or nearly, gaps up to {@link #MAX_GAP}) registers
 * of one table, at most 125 registers or 2000 bits, as the protocol allows in one PDU.
 */
public record ReadBlock(Function function, int start, int count, List<Point> points) {
    static final int MAX_GAP = 8;
    static final int MAX_REGISTERS = 125;
    static final int MAX_BITS = 2000;

    /** Groups points into the fewest requests: sorted by address, merged while they fit in one PDU. */
    public static List<ReadBlock> plan(List<Point> points) {
        List<ReadBlock> blocks = new ArrayList<>();
        for (Function function : Function.values()) {
            List<Point> sorted = points.stream().filter(p -> p.function() == function)
                    .sorted(Comparator.comparingInt(Point::register)).toList();
            int limit = function.isBit() ? MAX_BITS : MAX_REGISTERS;
            List<Point> current = new ArrayList<>();
            int start = -1;
            int end = -1;
            for (Point p : sorted) {
                boolean fits = !current.isEmpty() && p.register() <= end + 1 + MAX_GAP && p.lastRegister() - start + 1 <= limit;
                if (!fits && !current.isEmpty()) {
                    blocks.add(new ReadBlock(function, start, end - start + 1, current));
                    current = new ArrayList<>();
                }
                if (current.isEmpty()) {
                    start = p.register();
                    end = p.lastRegister();
                }
                current.add(p);
                end = Math.max(end, p.lastRegister());
            }
            if (!current.isEmpty()) {
                blocks.add(new ReadBlock(function, start, end - start + 1, current));
            }
        }
        return blocks;
    }

    public ReadBlock {
        points = List.copyOf(points);
    }
}
