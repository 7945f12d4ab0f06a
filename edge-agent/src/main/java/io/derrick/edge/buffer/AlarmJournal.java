package io.derrick.edge.buffer;

import io.derrick.protocol.Event;

import java.util.List;

/** Where the alarm book keeps its events and its active alarms, both surviving a crash together. */
public interface AlarmJournal {
    /** Stores the event (to be forwarded like any event) and sets or (null) removes the alarm's active row. */
    void appendAlarmEvent(Event event, String activeAlarm);

    /** The active alarms' rows as stored, to restore after a restart. */
    List<String> activeAlarms();
}
