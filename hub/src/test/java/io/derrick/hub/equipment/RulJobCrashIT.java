package io.derrick.hub.equipment;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.edge.testing.FreePort;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.HubProcess;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model training survives its hub: the hub (its own process, from the installed tree) is killed with SIGKILL while
 * the training job is running, and the restarted hub runs it again from the persistent job queue: the job ends in
 * success once, with exactly one model version stored, and its task is gone.
 */
class RulJobCrashIT {
    @Test
    void aTrainingKilledWithItsHubRunsAgainAfterTheRestartAndStoresOneModel(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Map<String, String> settings = Map.of("jobs.heartbeat", "PT1S", "broker.embedded.port", Integer.toString(FreePort.one()),
                    "equipment.rul.trees", "30");
            HubProcess first = HubProcess.start(db, "", "auto", dir.resolve("hub"), "hub-rul", settings);
            long job;
            try {
                job = first.admin().json("POST", "/api/equipment/models/mud_pump/train", null, 202).get("id").asLong();
                await(first, job, "running", Duration.ofSeconds(30));
                Thread.sleep(1500); // into the cross-validation (30 trees: about 10 s in all)
                assertThat(db.count("SELECT count(*) FROM rul_model")).as("not done yet").isZero();
            } finally {
                first.kill9();
            }
            try (HubProcess second = HubProcess.start(db, "", "auto", dir.resolve("hub"), "hub-rul", settings)) {
                JsonNode done = await(second, job, "success", Duration.ofSeconds(240));
                assertThat(done.get("attempts").asInt()).as("run again after the restart").isEqualTo(2);
                assertThat(db.count("SELECT count(*) FROM rul_model WHERE kind = 'mud_pump'")).as("one model").isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM rul_job")).isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'equipment.rul.job.success'")).isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'rul-job'")).as("its task is done").isZero();
            }
        }
    }

    private static JsonNode await(HubProcess hub, long job, String status, Duration within) throws Exception {
        HubClient client = hub.admin();
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = client.json("GET", "/api/equipment/jobs/" + job, null, 200);
            if (last.get("status").asText().equals(status)) {
                return last;
            }
            assertThat(last.get("status").asText()).as("job %s: %s", job, last).isNotEqualTo("failed");
            Thread.sleep(200);
        }
        String log = hub.log();
        throw new AssertionError("job " + job + " is not " + status + " within " + within + ": " + last + "\nthe hub's log ends:\n"
                + log.substring(Math.max(0, log.length() - 6000)));
    }
}
