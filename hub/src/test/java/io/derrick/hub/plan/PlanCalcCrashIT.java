package io.derrick.hub.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.edge.testing.FreePort;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.HubProcess;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A background calculation survives its hub: the hub (its own process, from the installed tree) is killed with
 * SIGKILL while the run is running, and the restarted hub runs it again from the persistent job queue
 * (db-scheduler): the run finishes once, with its results, audited once, and its task is gone.
 */
class PlanCalcCrashIT {
    @Test
    void aCalculationKilledWithItsHubIsRunAgainAfterTheRestartAndFinishesOnce(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Map<String, String> settings = Map.of("plan.calc.inlineWells", "0", "jobs.heartbeat", "PT1S",
                    "broker.embedded.port", Integer.toString(FreePort.one()));
            HubProcess first = HubProcess.start(db, "", "auto", dir.resolve("hub"), "hub-calc", settings);
            long scenario;
            long run;
            try (Connection lock = db.connect()) {
                HubClient admin = first.admin();
                admin.json("PUT", "/api/plan/rigs/rig-k1", "{\"name\":\"Rig K1\",\"dayRate\":9000,\"currency\":\"USD\",\"status\":\"active\"}", 201);
                scenario = admin.json("POST", "/api/plan/scenarios", "{\"name\":\"Crash 2027\",\"horizon\":\"2027\"}", 201).get("id").asLong();
                long campaign = admin.json("POST", "/api/plan/scenarios/" + scenario + "/campaigns", "{\"name\":\"K\"}", 201).get("id").asLong();
                long previous = 0;
                for (int i = 1; i <= 3; i++) {
                    long well = admin.json("POST", "/api/plan/wells", "{\"name\":\"Kite-" + i + "\",\"type\":\"development\"}", 201).get("id").asLong();
                    previous = admin.json("POST", "/api/plan/scenarios/" + scenario + "/wells", "{\"campaign\":" + campaign + ",\"well\":" + well
                            + ",\"rig\":\"rig-k1\",\"durationDays\":10," + (i == 1 ? "\"plannedStart\":\"2027-03-01\"" : "\"dependencies\":[{\"predecessor\":" + previous + "}]")
                            + "}", 201).get("id").asLong();
                }
                // someone is changing the scenario (its status: an approval's transaction): the calculation waits for it, running, when the hub dies
                lock.setAutoCommit(false);
                try (PreparedStatement st = lock.prepareStatement("SELECT id FROM scenario WHERE id = ? FOR NO KEY UPDATE")) {
                    st.setLong(1, scenario);
                    st.executeQuery().close();
                }
                JsonNode queued = admin.json("POST", "/api/plan/scenarios/" + scenario + "/calc", "{\"from\":\"2027-03-01\",\"to\":\"2027-04-01\"}", 202);
                assertThat(queued.get("status").asText()).isEqualTo("pending");
                run = queued.get("id").asLong();
                JsonNode running = await(first, scenario, run, "running", Duration.ofSeconds(30));
                assertThat(running.get("stage").asText()).isEqualTo("reading");
                first.kill9();
                lock.rollback();
            }
            try (HubProcess second = HubProcess.start(db, "", "auto", dir.resolve("hub"), "hub-calc", settings)) {
                JsonNode done = await(second, scenario, run, "success", Duration.ofSeconds(90));
                assertThat(done.get("results").get("eta").asText()).as("3 × 10 days one after the other from March 1").isEqualTo("2027-03-31");
                assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
                assertThat(db.count("SELECT count(*) FROM calc_run WHERE scenario_id = ?", scenario)).as("one run").isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'plan.calc' AND after->>'run' = ?", Long.toString(run)))
                        .as("finished once").isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'plan-calc'")).as("its task is done").isZero();
                assertThat(second.log()).contains("plan-calc");
            }
        }
    }

    private static JsonNode await(HubProcess hub, long scenario, long run, String status, Duration within) throws Exception {
        HubClient client = hub.admin();
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = client.json("GET", "/api/plan/scenarios/" + scenario + "/runs/" + run, null, 200);
            if (last.get("status").asText().equals(status)) {
                return last;
            }
            assertThat(last.get("status").asText()).as("run %s: %s", run, last).isNotEqualTo("failed");
            Thread.sleep(100);
        }
        String log = hub.log();
        throw new AssertionError("run " + run + " is not " + status + " within " + within + ": " + last + "\nthe hub's log ends:\n"
                + log.substring(Math.max(0, log.length() - 6000)));
    }
}
