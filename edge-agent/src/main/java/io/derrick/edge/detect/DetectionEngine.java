package io.derrick.edge.detect;

import io.derrick.edge.Workers;
import io.derrick.edge.live.LiveValues;
import io.derrick.protocol.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the detectors on their own thread, once per {@code evaluateMs}, on the newest values, and hands what they
 * find to the {@link AlarmBook}. Detection never sits between the poller and the buffer: a slow or failing
 * detector delays no reading. A detector that throws is reported once and skipped from then on.
 */
public final class DetectionEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DetectionEngine.class);

    private final List<Detector> detectors;
    private final AlarmBook alarms;
    private final LiveValues live;
    private final Clock clock;
    private final long evaluateMs;
    private final Thread thread;
    private final List<Detector> broken = new ArrayList<>();
    private volatile boolean running = true;
    private long firstStepMs = Long.MIN_VALUE;

    public DetectionEngine(DetectionSetup setup, AlarmBook alarms, LiveValues live, Clock clock) {
        this.detectors = new ArrayList<>(setup.detectors());
        if (!setup.problems().isEmpty()) {
            setup.problems().forEach(p -> log.error("config: {} (that part is off; polling and buffering go on)", p));
            detectors.add(new ConfigProblems(setup.problems()));
        }
        this.alarms = alarms;
        this.live = live;
        this.clock = clock;
        this.evaluateMs = setup.evaluateMs();
        this.thread = Workers.daemon("detect", this::run);
        log.info("detection: {} detectors every {} ms: {}", setup.detectors().size(), evaluateMs,
                setup.detectors().stream().map(Detector::name).toList());
    }

    public DetectionEngine start() {
        thread.start();
        return this;
    }

    private void run() {
        long next = clock.millis() + evaluateMs;
        while (running && !Thread.currentThread().isInterrupted()) {
            long wait = next - clock.millis();
            if (wait > 0) {
                Workers.sleep(wait);
            }
            next += evaluateMs;
            try {
                step(live.frame(clock.millis()));
            } catch (RuntimeException e) {
                log.error("detection step failed: {}", e.toString(), e);   // e.g. the buffer's disk is full: try again next step
            }
        }
    }

    /** One evaluation: every detector on {@code frame}, then the alarm book. Also drives the offline evaluation. */
    public void step(Frame frame) {
        boolean alarmed = alarms.anyActive();
        List<Condition> conditions = new ArrayList<>();
        for (Detector d : detectors) {
            if (broken.contains(d)) {
                continue;
            }
            try {
                conditions.addAll(d.evaluate(frame, alarmed));
            } catch (RuntimeException e) {
                broken.add(d);
                log.error("detector {} failed and is switched off until restart: {}", d.name(), e.toString(), e);
            }
        }
        if (firstStepMs == Long.MIN_VALUE) {
            firstStepMs = frame.timeMs();
        }
        long runningMs = frame.timeMs() - firstStepMs;
        alarms.update(frame.timeMs(), conditions, key -> canTell(key, frame, runningMs));
    }

    /** Whether the detector behind {@code key} can see its condition yet; an alarm no detector owns any more can go. */
    private boolean canTell(String key, Frame frame, long runningMs) {
        for (Detector d : detectors) {
            if (key.equals(d.name()) || key.startsWith(d.name() + ".")) {
                return broken.contains(d) || d.settled(frame, runningMs);
            }
        }
        return true;
    }

    public List<Detector> detectors() {
        return List.copyOf(detectors);
    }

    @Override
    public void close() {
        running = false;
        Workers.stop(thread);
    }

    /** A config with problems is itself an alarm, so the crew and the hub see it, not only the log. */
    private record ConfigProblems(List<String> problems) implements Detector {
        @Override
        public String name() {
            return "config";
        }

        @Override
        public List<Condition> evaluate(Frame frame, boolean alarmed) {
            return List.of(new Condition("config", Event.Type.ALARM_RAISED, Event.Severity.WARNING, List.of(), Double.NaN,
                    "agent config has " + problems.size() + " problem(s), those parts are off: " + String.join("; ", problems),
                    Map.of("problems", (double) problems.size()), 0, 0));
        }
    }
}
