package io.derrick.hub.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * A shift's window in time: the rig's date (in its time zone) and shift type, from the rig's shift pattern (the day
 * shift from {@code dayStart} to {@code nightStart}, the night shift from there to the next {@code dayStart}). A shift
 * that crosses midnight belongs to its start date. Times of day typed on a report are placed inside the window.
 */
public record ShiftWindow(LocalDate date, Type type, ZoneId zone, Instant start, Instant end) {
    public enum Type {
        DAY, NIGHT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    public static ShiftWindow of(LocalDate date, Type type, ZoneId zone, LocalTime dayStart, LocalTime nightStart) {
        LocalTime from = type == Type.DAY ? dayStart : nightStart;
        LocalTime to = type == Type.DAY ? nightStart : dayStart;
        LocalDateTime startLocal = date.atTime(from);
        LocalDateTime endLocal = to.isAfter(from) ? date.atTime(to) : date.plusDays(1).atTime(to);
        return new ShiftWindow(date, type, zone, ZonedDateTime.of(startLocal, zone).toInstant(), ZonedDateTime.of(endLocal, zone).toInstant());
    }

    /** The shift that is on at {@code now} on a rig with this pattern. */
    public static ShiftWindow at(Instant now, ZoneId zone, LocalTime dayStart, LocalTime nightStart) {
        LocalDate today = now.atZone(zone).toLocalDate();
        for (LocalDate d : new LocalDate[] {today, today.minusDays(1)}) {
            for (Type t : Type.values()) {
                ShiftWindow w = of(d, t, zone, dayStart, nightStart);
                if (w.contains(now)) {
                    return w;
                }
            }
        }
        return of(today, Type.DAY, zone, dayStart, nightStart); // not reached for a pattern of two distinct times
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    public double hours() {
        return Duration.between(start, end).toSeconds() / 3600.0;
    }

    /** The instant of a time of day typed on the report: the first at or after the shift's start (06:00 on a night shift is the next morning). */
    public Instant at(LocalTime time) {
        ZonedDateTime startZoned = start.atZone(zone);
        ZonedDateTime candidate = ZonedDateTime.of(startZoned.toLocalDate().atTime(time), zone);
        if (candidate.toInstant().isBefore(start)) {
            candidate = ZonedDateTime.of(startZoned.toLocalDate().plusDays(1).atTime(time), zone);
        }
        return candidate.toInstant();
    }

    /** The hours of a row typed from {@code start} to {@code end} (both placed in the window); 0 when the end is not after the start. */
    public double hours(LocalTime start, LocalTime end) {
        Instant s = at(start);
        Instant e = at(end);
        return e.isAfter(s) ? Duration.between(s, e).toSeconds() / 3600.0 : 0;
    }

    /** An instant as the time of day the crew reads. */
    public LocalTime local(Instant t) {
        return t.atZone(zone).toLocalTime();
    }

    /** "06:00–18:00" in the rig's time. */
    public String label() {
        return local(start) + "–" + local(end);
    }
}
