package io.derrick.hub.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.derrick.hub.platform.db.Database;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The hub's background work, on one facility: every run is timed by the hub's clock, counted
 * ({@code derrick_job_runs}, {@code derrick_job_failures} with the job's name), and a failure is one log line naming the
 * job, never a thread that dies quietly.
 *
 * <ul>
 *   <li>{@link #shared}: work one hub does for all (retention, the offline watch, resending acknowledgements, alert
 *       emails) on db-scheduler, a schedule kept in PostgreSQL ({@code scheduled_tasks}): it survives a restart and runs
 *       on one hub at a time when several share a database.</li>
 *   <li>{@link #oneTime}: a persistent task to do once, at a time, with its data (a later feature's long calculation).</li>
 *   <li>{@link #everyHub}: work each hub does for itself (a cache of its own), in memory.</li>
 * </ul>
 * Register everything, then {@link #start}.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    /** how often a hub looks for due shared work; a shared job that must run sooner is woken ({@link #runSoon}) */
    private static final Duration POLL = Duration.ofMillis(500);

    /** One run of a job at the hub's time {@code now}. */
    @FunctionalInterface
    public interface Work {
        void run(Instant now) throws Exception;
    }

    /** A kind of persistent one-time task; {@link #schedule} puts one in. */
    public final class OneTime<T extends Serializable> {
        private final OneTimeTask<T> task;

        private OneTime(OneTimeTask<T> task) {
            this.task = task;
        }

        /** Runs {@code data} at {@code at} on one hub; the same {@code id} scheduled again replaces nothing (it is kept once). */
        public void schedule(String id, Instant at, T data) {
            scheduler().scheduleIfNotExists(task.instance(id, data), at);
        }
    }

    private final Database db;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final List<RecurringTask<Void>> recurring = new ArrayList<>();
    private final List<Task<?>> oneTimes = new ArrayList<>();
    private final Map<String, Duration> sharedEvery = new ConcurrentHashMap<>();
    private final ScheduledExecutorService local = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hub-jobs-local").daemon().factory());
    private final List<Runnable> localStarts = new ArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> completed = new ConcurrentHashMap<>();
    /** shared jobs woken while they ran (or were picked, or ending): asked again every 250 ms until they are rescheduled */
    private final java.util.Set<String> wokenWhileRunning = ConcurrentHashMap.newKeySet();
    private static final Duration WAKE_RETRY = Duration.ofMillis(250);
    private static final int WAKE_RETRIES = 2400;    // 10 min: a run longer than that is woken at its next time
    private volatile Scheduler scheduler;

    private final Duration heartbeat;

    /**
     * {@code heartbeat}: how often a hub marks the persistent tasks it runs as alive; a task whose hub missed
     * {@value #MISSED_HEARTBEATS} of them (it was killed) is run again by a hub that is alive.
     */
    public Jobs(Database db, Clock clock, MeterRegistry metrics, Duration heartbeat) {
        this.db = db;
        this.clock = clock;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    private static final int MISSED_HEARTBEATS = 6;

    /** Work one hub of all does every {@code every} (after the previous run ends), kept in the database. */
    public void shared(String name, Duration every, Work work) {
        sharedEvery.put(name, every);
        recurring.add(Tasks.recurring(name, FixedDelay.of(every)).execute((instance, context) -> guarded(name, work).run()));
    }

    /**
     * A persistent task kind: {@code handler} gets each scheduled instance's id and data on one hub, at its time. One
     * that fails (throws) is tried again {@link #RETRY_AFTER} later; one whose hub died is run again by another.
     */
    public <T extends Serializable> OneTime<T> oneTime(String name, Class<T> data, BiConsumer<String, T> handler) {
        OneTimeTask<T> task = Tasks.oneTime(name, data)
                .onFailure(new com.github.kagkarlsson.scheduler.task.FailureHandler.OnFailureRetryLater<>(RETRY_AFTER))
                .execute((instance, context) -> {
                    if (!attempt(name, now -> handler.accept(instance.getId(), instance.getData())).getAsBoolean()) {
                        throw new IllegalStateException("task " + name + " " + instance.getId() + " failed: it is tried again in " + RETRY_AFTER);
                    }
                });
        oneTimes.add(task);
        return new OneTime<>(task);
    }

    /** Work each hub does for itself every {@code every}, in memory. */
    public void everyHub(String name, Duration every, Work work) {
        localStarts.add(() -> local.scheduleWithFixedDelay(guarded(name, work), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Starts the schedule: the shared jobs on db-scheduler, the local ones in memory. */
    public Jobs start() {
        // the recurring tasks are known through startTasks (which also puts them in the schedule)
        scheduler = Scheduler.create(db.dataSource(), List.copyOf(oneTimes))
                .startTasks(recurring)
                .pollingInterval(POLL)
                // a task's data as JSON: readable in the table, and no Java deserialization (which the hub's JVM refuses)
                .serializer(new com.github.kagkarlsson.scheduler.serializer.JacksonSerializer())
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .threads(4)
                .clock(clock::instant)
                .schedulerName(new SchedulerName.Hostname())
                .enableImmediateExecution()
                .failureLogging(LogLevel.OFF, false)       // ours: guarded() logs and counts every failure
                .shutdownMaxWait(Duration.ofSeconds(10))
                .deleteUnresolvedAfter(Duration.ofDays(1))
                .build();
        scheduler.start();
        localStarts.forEach(Runnable::run);
        log.info("jobs: {} shared ({}), {} kinds of one-time task, {} local", recurring.size(), String.join(", ", sharedEvery.keySet()),
                oneTimes.size(), localStarts.size());
        return this;
    }

    /**
     * Something new arrived for a shared job (an alarm for the alert emails): run it now rather than at its next time.
     * A job that is running (or just picked, or just ending) may have read past what arrived: it is asked again every
     * 250 ms until it can be rescheduled, so it runs once more as soon as its run ends.
     */
    public void runSoon(String name) {
        if (!reschedule(name) && wokenWhileRunning.add(name)) {
            retryWake(name, 1);
        }
    }

    private void retryWake(String name, int attempt) {
        try {
            local.schedule(() -> {
                if (reschedule(name) || attempt >= WAKE_RETRIES) {
                    wokenWhileRunning.remove(name);
                } else {
                    retryWake(name, attempt + 1);
                }
            }, WAKE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            wokenWhileRunning.remove(name);    // the jobs are closing
        }
    }

    private boolean reschedule(String name) {
        Scheduler s = scheduler;
        if (s == null) {
            return true;
        }
        try {
            s.reschedule(TaskInstanceId.of(name, RecurringTask.INSTANCE), clock.instant());
            return true;
        } catch (RuntimeException running) {
            log.debug("job {} not rescheduled yet: {}", name, running.getMessage());
            return false;
        }
    }

    /** How many runs of {@code name} on this hub have ended without failing (tests wait for a run with it). */
    public long completedRuns(String name) {
        java.util.concurrent.atomic.AtomicLong done = completed.get(name);
        return done == null ? 0 : done.get();
    }

    private Scheduler scheduler() {
        if (scheduler == null) {
            throw new IllegalStateException("the jobs have not started");
        }
        return scheduler;
    }

    /** How long a failed one-time task waits before it is tried again. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    /** Runs {@code work} at the hub's time; a failure is counted and logged once, with the job's name, and does not escape. */
    private Runnable guarded(String name, Work work) {
        java.util.function.BooleanSupplier run = attempt(name, work);
        return run::getAsBoolean;
    }

    /** As {@link #guarded(String, Work)}; its result says whether the work ended without failing. */
    private java.util.function.BooleanSupplier attempt(String name, Work work) {
        Counter runs = metrics.getOrCreate(Counter.builder("derrick_job_runs").tags(List.of(io.helidon.metrics.api.Tag.create("job", name)))
                .description("runs of a background job"));
        Counter failures = metrics.getOrCreate(Counter.builder("derrick_job_failures").tags(List.of(io.helidon.metrics.api.Tag.create("job", name)))
                .description("runs of a background job that failed"));
        java.util.concurrent.atomic.AtomicLong done = completed.computeIfAbsent(name, n -> new java.util.concurrent.atomic.AtomicLong());
        return () -> {
            runs.increment();
            try {
                work.run(clock.instant());
                done.incrementAndGet();
                return true;
            } catch (Exception | Error e) {
                failures.increment();
                if (Database.isConnectionFailure(e)) {
                    log.warn("job {} failed: the database is not reachable ({}); it runs again at its next time", name, Database.describe(e));
                } else {
                    log.warn("job {} failed: {}; it runs again at its next time", name, e.toString(), e);
                }
                return false;
            }
        };
    }

    @Override
    public void close() {
        local.shutdownNow();
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
