package io.derrick.hub.platform.jobs;

import io.derrick.hub.platform.db.Database;
import io.derrick.hub.testing.TestDatabase;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared jobs on db-scheduler and the real PostgreSQL: a job woken while it runs runs once more when it ends. */
class JobsIT {
    @Test
    void aJobWokenWhileItRunsRunsAgainWhenItEndsNotAtItsNextTime() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Database database = new Database(db.url(), db.user(), db.password(), 4)) {
            database.migrate();
            Jobs jobs = new Jobs(database, Clock.systemUTC(), Metrics.globalRegistry(), Duration.ofSeconds(10));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inSecondRun = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            jobs.shared("slow", Duration.ofHours(1), now -> {
                if (runs.incrementAndGet() == 2) {
                    inSecondRun.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
            });
            jobs.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1);     // the first run, at the start
                jobs.runSoon("slow");
                assertThat(inSecondRun.await(20, TimeUnit.SECONDS)).as("woken: the second run").isTrue();
                jobs.runSoon("slow");     // something new while it runs: this run may have read past it
                release.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 3);
                Thread.sleep(1500);
                assertThat(runs.get()).as("once more, not again and again").isEqualTo(3);
            } finally {
                jobs.close();
            }
        }
    }
}
