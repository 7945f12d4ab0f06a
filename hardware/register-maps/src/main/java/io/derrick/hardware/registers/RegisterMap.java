package io.derrick.hardware.registers;

import java.util.List;

/** The points of one device model (or of one wiring of it), as read from a map file. */
public record RegisterMap(String name, String device, String vendor, String description, List<Point> points) {
    public RegisterMap {
        points = List.copyOf(points);
    }
}
