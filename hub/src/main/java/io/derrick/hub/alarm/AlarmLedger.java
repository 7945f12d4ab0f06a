package io.derrick.hub.alarm;

import io.derrick.protocol.Event;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stores a node's events and builds the {@code alarm} table from its alarm events, inside the ingest's transaction
 * (its connection: the event row and the alarm change commit together, or neither does). Plain JDBC: the ingest's hot path.
 *
 * <p>A node's alarm book raises and clears each key alternately and numbers its events in the order it
 * wrote them, so the node's seq orders them even when they arrive out of order (after an outage the live
 * events go before the backlog). A raise opens an occurrence; an acknowledgement or clear belongs to the
 * occurrence of the same key with the highest raise seq below its own. Whichever arrives first, the other
 * finds it: a raise adopts the acknowledgement and clear already stored for it.
 */
public final class AlarmLedger {
    /** How the edge words an acknowledgement: "acknowledged by NAME: reason". */
    private static final Pattern ACK_BY = Pattern.compile("^acknowledged by (.{1,120}?): ");

    private AlarmLedger() {
    }

    /** Stores a new event (its seq is claimed already) and applies it to the alarms; events without an alarm key are not alarms. */
    public static void record(Connection c, Event e, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO event (rig_id, node_id, seq, at, type, severity, channels, score, reason, figures, alarm_key, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")) {
            ps.setString(1, e.rig());
            ps.setString(2, e.node());
            ps.setLong(3, e.seq());
            ps.setTimestamp(4, Timestamp.from(e.at()));
            ps.setString(5, e.type().name());
            ps.setString(6, e.severity().name());
            ps.setArray(7, c.createArrayOf("text", e.channels().toArray()));
            if (Double.isNaN(e.score())) {
                ps.setNull(8, Types.DOUBLE);
            } else {
                ps.setDouble(8, e.score());
            }
            ps.setString(9, e.reason());
            ps.setString(10, figures(e.figures()));
            ps.setString(11, e.alarm());
            ps.setTimestamp(12, Timestamp.from(now));
            ps.executeUpdate();
        }
        if (e.alarm() == null) {
            return;
        }
        if (e.type().raises()) {
            raise(c, e, now);
        } else if (e.type() == Event.Type.ALARM_ACKNOWLEDGED) {
            Long alarm = occurrenceBefore(c, e);
            if (alarm != null) {
                acknowledged(c, alarm, e.at(), e.reason(), now);
            }
        } else if (e.type() == Event.Type.ALARM_CLEARED) {
            Long alarm = occurrenceBefore(c, e);
            if (alarm != null) {
                cleared(c, alarm, e.at(), e.reason(), now);
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** An event's figures as a JSON object. */
    private static String figures(java.util.Map<String, Double> figures) {
        try {
            return JSON.writeValueAsString(figures);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("figures not writable as JSON", e);
        }
    }

    private static void raise(Connection c, Event e, Instant now) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alarm (rig_id, node_id, alarm_key, source, raise_seq, type, severity, channels, score, reason, raised_at, updated_at)
                VALUES (?, ?, ?, 'edge', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            ps.setString(1, e.rig());
            ps.setString(2, e.node());
            ps.setString(3, e.alarm());
            ps.setLong(4, e.seq());
            ps.setString(5, e.type().name());
            ps.setString(6, e.severity().name());
            Array channels = c.createArrayOf("text", e.channels().toArray());
            ps.setArray(7, channels);
            if (Double.isNaN(e.score())) {
                ps.setNull(8, Types.DOUBLE);
            } else {
                ps.setDouble(8, e.score());
            }
            ps.setString(9, e.reason());
            ps.setTimestamp(10, Timestamp.from(e.at()));
            ps.setTimestamp(11, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        // what arrived before this raise and belongs to it: events after it and before the key's next raise
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT type, seq, at, reason FROM event
                WHERE rig_id = ? AND node_id = ? AND alarm_key = ? AND seq > ?
                  AND type IN ('ALARM_ACKNOWLEDGED', 'ALARM_CLEARED')
                  AND seq < coalesce((SELECT min(raise_seq) FROM alarm WHERE rig_id = ? AND node_id = ? AND alarm_key = ?
                                      AND source = 'edge' AND raise_seq > ?), 9223372036854775807)
                ORDER BY seq""")) {
            ps.setString(1, e.rig());
            ps.setString(2, e.node());
            ps.setString(3, e.alarm());
            ps.setLong(4, e.seq());
            ps.setString(5, e.rig());
            ps.setString(6, e.node());
            ps.setString(7, e.alarm());
            ps.setLong(8, e.seq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals("ALARM_ACKNOWLEDGED")) {
                        acknowledged(c, id, rs.getTimestamp(3).toInstant(), rs.getString(4), now);
                    } else {
                        cleared(c, id, rs.getTimestamp(3).toInstant(), rs.getString(4), now);
                    }
                }
            }
        }
    }

    /** The occurrence an acknowledgement or clear belongs to, if its raise is stored yet. */
    private static Long occurrenceBefore(Connection c, Event e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id FROM alarm WHERE rig_id = ? AND node_id = ? AND alarm_key = ? AND source = 'edge' AND raise_seq < ?
                ORDER BY raise_seq DESC LIMIT 1""")) {
            ps.setString(1, e.rig());
            ps.setString(2, e.node());
            ps.setString(3, e.alarm());
            ps.setLong(4, e.seq());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The node acknowledged: it confirms a hub acknowledgement, or is the first one (from the rig's crew). */
    private static void acknowledged(Connection c, long alarm, Instant at, String reason, Instant now) throws SQLException {
        Matcher by = ACK_BY.matcher(reason);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alarm SET acknowledged_at = coalesce(acknowledged_at, ?),
                                 acknowledged_by = coalesce(acknowledged_by, ?),
                                 ack_note = coalesce(ack_note, ?),
                                 ack_confirmed_at = coalesce(ack_confirmed_at, ?),
                                 updated_at = ?
                WHERE id = ?""")) {
            Timestamp t = Timestamp.from(at);
            ps.setTimestamp(1, t);
            ps.setString(2, by.find() ? by.group(1) : "the rig");
            ps.setString(3, reason);
            ps.setTimestamp(4, t);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setLong(6, alarm);
            ps.executeUpdate();
        }
    }

    private static void cleared(Connection c, long alarm, Instant at, String reason, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alarm SET cleared_at = coalesce(cleared_at, ?), clear_reason = coalesce(clear_reason, ?), updated_at = ?
                WHERE id = ?""")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, reason);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setLong(4, alarm);
            ps.executeUpdate();
        }
    }
}
