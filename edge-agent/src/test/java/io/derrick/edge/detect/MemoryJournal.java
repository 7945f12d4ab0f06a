package io.derrick.edge.detect;

import io.derrick.edge.buffer.AlarmJournal;
import io.derrick.protocol.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An alarm journal in memory, for running the detectors offline (the agent's is the SQLite buffer). */
final class MemoryJournal implements AlarmJournal {
    final List<Event> events = new ArrayList<>();
    final Map<String, String> active = new LinkedHashMap<>();

    @Override
    public void appendAlarmEvent(Event event, String activeAlarm) {
        events.add(event);
        if (activeAlarm == null) {
            active.remove(event.alarm());
        } else {
            active.put(event.alarm(), activeAlarm);
        }
    }

    @Override
    public List<String> activeAlarms() {
        return List.copyOf(active.values());
    }

    List<Event> raised() {
        return events.stream().filter(e -> e.type().raises()).toList();
    }
}
