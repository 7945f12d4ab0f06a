package io.derrick.edge.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.derrick.edge.buffer.AlarmJournal;
import io.derrick.protocol.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The rig's alarms. A condition becomes an alarm once it has held for its {@code forS} (a single spike does not
 * ring the horn), and the alarm clears once the condition has been gone for its {@code clearS}. Raising,
 * acknowledging and clearing each store an event in the journal together with the alarm's active row, so the
 * hub hears about every step and a restarted agent knows what was still active.
 *
 * <p>A restored alarm stays until its detector has run long enough to see its condition again (its warm-up, at most
 * {@link #RESTORED_HOLD_MAX_MS}); then it clears by its own {@code clearS} if the condition is gone, or goes on as before
 * if the detector raises it again. A restart neither keeps a cleared condition on the status page nor clears and
 * raises the same alarm twice.
 */
public final class AlarmBook {
    private static final Logger log = LoggerFactory.getLogger(AlarmBook.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** A detector that cannot settle (pumps off for the kick detector) releases a restored alarm after this long. */
    static final long RESTORED_HOLD_MAX_MS = 15 * 60_000;

    private final String rig;
    private final String node;
    private final AlarmJournal journal;
    private final Map<String, Long> pendingSinceMs = new HashMap<>();
    private final Map<String, Alarm> active = new LinkedHashMap<>();
    private final Map<String, Long> lastSeenMs = new HashMap<>();
    private final Map<String, Double> clearAfterS = new HashMap<>();
    private final List<Consumer<List<Alarm>>> listeners = new CopyOnWriteArrayList<>();
    private final java.util.ArrayDeque<Event> recent = new java.util.ArrayDeque<>();
    /** restored alarm -> when the agent restored it, until its detector raises it again or it clears */
    private final Map<String, Long> restoredAtMs = new HashMap<>();

    public AlarmBook(String rig, String node, AlarmJournal journal, long nowMs) {
        this.rig = rig;
        this.node = node;
        this.journal = journal;
        for (String row : journal.activeAlarms()) {
            try {
                Alarm a = JSON.readValue(row, Alarm.class);
                active.put(a.key(), a);
                lastSeenMs.put(a.key(), nowMs);
                clearAfterS.put(a.key(), a.clearS());
                restoredAtMs.put(a.key(), nowMs);
            } catch (Exception e) {
                log.error("an active alarm stored in the buffer cannot be read ({}); it is dropped: {}", e.getMessage(), row);
            }
        }
        if (!active.isEmpty()) {
            log.info("restored {} active alarms from the buffer: {}", active.size(), active.keySet());
        }
    }

    /** Called with the active alarms after every change; must not block. */
    public void addListener(Consumer<List<Alarm>> listener) {
        listeners.add(listener);
        listener.accept(active());
    }

    public synchronized List<Alarm> active() {
        List<Alarm> list = new ArrayList<>(active.values());
        list.sort(Comparator.comparing((Alarm a) -> a.severity()).reversed().thenComparing(Alarm::raisedAtMs));
        return list;
    }

    /** The last 20 alarm events, newest first (the status page's "last events"). */
    public synchronized List<Event> recentEvents() {
        return List.copyOf(recent);
    }

    private void journal(Event e, String activeRow) {
        journal.appendAlarmEvent(e, activeRow);
        recent.addFirst(e);
        if (recent.size() > 20) {
            recent.removeLast();
        }
    }

    public synchronized boolean anyActive() {
        return !active.isEmpty();
    }

    /** Feeds the conditions of one evaluation at {@code t}, every detector able to tell. */
    public void update(long t, List<Condition> conditions) {
        update(t, conditions, key -> true);
    }

    /**
     * Feeds the conditions of one evaluation at {@code t}. {@code canTell} says whether the detector behind an alarm key
     * has warmed up enough to see its condition: a restored alarm whose detector cannot tell yet is held.
     */
    public void update(long t, List<Condition> conditions, java.util.function.Predicate<String> canTell) {
        boolean changed = false;
        synchronized (this) {
            Map<String, Condition> now = new LinkedHashMap<>();
            conditions.forEach(c -> now.putIfAbsent(c.key(), c));
            pendingSinceMs.keySet().retainAll(now.keySet());
            for (Condition c : now.values()) {
                restoredAtMs.remove(c.key());
                lastSeenMs.put(c.key(), t);
                clearAfterS.put(c.key(), c.clearS());
                Alarm a = active.get(c.key());
                if (a != null) {
                    active.put(c.key(), a.update(c));
                    continue;
                }
                long since = pendingSinceMs.computeIfAbsent(c.key(), k -> t);
                if (t - since >= c.forS() * 1000) {
                    raise(t, c);
                    pendingSinceMs.remove(c.key());
                    changed = true;
                }
            }
            for (Alarm a : List.copyOf(active.values())) {
                Long restored = restoredAtMs.get(a.key());
                if (restored != null && !now.containsKey(a.key()) && !canTell.test(a.key()) && t - restored < RESTORED_HOLD_MAX_MS) {
                    lastSeenMs.put(a.key(), t);      // its detector is still warming up: it cannot say the condition is gone
                    continue;
                }
                if (!now.containsKey(a.key()) && t - lastSeenMs.getOrDefault(a.key(), t) >= clearAfterS.getOrDefault(a.key(), 60.0) * 1000) {
                    clear(t, a);
                    changed = true;
                }
            }
        }
        if (changed) {
            notifyListeners();
        }
    }

    /**
     * Acknowledges the alarm {@code key}, or every unacknowledged alarm when key is "*".
     *
     * @return the alarms acknowledged now (none if already acknowledged or not active)
     */
    public List<Alarm> acknowledge(String key, String by, long t) {
        List<Alarm> done = new ArrayList<>();
        synchronized (this) {
            for (Alarm a : List.copyOf(active.values())) {
                if (!a.acknowledged() && (key.equals("*") || key.equals(a.key()))) {
                    Alarm acked = a.acknowledge(by);
                    journal(event(t, Event.Type.ALARM_ACKNOWLEDGED, acked, "acknowledged by " + by + ": " + a.reason(),
                            Map.of()), json(acked));
                    active.put(a.key(), acked);
                    done.add(acked);
                    log.info("alarm {} acknowledged by {}", a.key(), by);
                }
            }
        }
        if (!done.isEmpty()) {
            notifyListeners();
        }
        return done;
    }

    private void raise(long t, Condition c) {
        Alarm a = new Alarm(c.key(), c.type(), c.severity(), c.channels(), c.reason(), c.score(), t, false, null, c.clearS());
        Event e = new Event(rig, node, 0, java.time.Instant.ofEpochMilli(t), c.type(), c.severity(), c.channels(),
                c.score(), c.reason(), c.figures(), c.key());
        journal(e, json(a));
        active.put(c.key(), a);
        log.warn("alarm {} {}: {}", c.severity(), c.key(), c.reason());
    }

    private void clear(long t, Alarm a) {
        long lastSeen = lastSeenMs.getOrDefault(a.key(), t);
        journal(event(t, Event.Type.ALARM_CLEARED, a, "cleared after " + (t - a.raisedAtMs()) / 1000
                + " s: " + a.reason(), Map.of("durationS", (lastSeen - a.raisedAtMs()) / 1000.0)), null);
        active.remove(a.key());
        lastSeenMs.remove(a.key());
        restoredAtMs.remove(a.key());
        log.info("alarm {} cleared", a.key());
    }

    private Event event(long t, Event.Type type, Alarm a, String reason, Map<String, Double> figures) {
        return new Event(rig, node, 0, java.time.Instant.ofEpochMilli(t), type, a.severity(), a.channels(), Double.NaN,
                reason, figures, a.key());
    }

    private void notifyListeners() {
        List<Alarm> now = active();
        listeners.forEach(l -> l.accept(now));
    }

    private static String json(Alarm a) {
        try {
            return JSON.writeValueAsString(a);
        } catch (Exception e) {
            throw new IllegalStateException("an alarm is plain data and always serialises", e);
        }
    }
}
