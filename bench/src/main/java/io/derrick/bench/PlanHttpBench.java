package io.derrick.bench;

import io.derrick.edge.testing.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Random;

/**
 * The campaign planner over HTTP at Derrick's scale (200 rigs, 5,000 campaign wells), each figure next to a baseline
 * of the same run: import of 5,000 rows (dry run, apply) against bare SQL inserts of the same rows; a calculation run
 * (queued, in the background: read, schedule, figures, stored) against a bare SQL read of the scenario; the Gantt's
 * data (a run's results) and the grid's (the scenario) with their payloads, against bare SQL reads; and the page in
 * Chromium until the grid and the Gantt are drawn, against the browser fetching the same data alone.
 */
final class PlanHttpBench {
    private static final int RIGS = 200;
    private static final int WELLS = 5_000;

    private final BenchApi api;
    private final String base;

    private PlanHttpBench(BenchApi api) {
        this.api = api;
        this.base = api.base();
    }

    static void run(BenchApi api, String admin, String adminPassword) throws Exception {
        new PlanHttpBench(api).all(admin, adminPassword);
    }

    private void all(String admin, String adminPassword) throws Exception {
        System.out.printf("11. Campaign planner over HTTP: %d rigs, %,d campaign wells (a third after another), hub -Xmx512m%n", RIGS, WELLS);
        Random random = new Random(11);
        StringBuilder rigs = new StringBuilder("Rig,Name,Day rate,Currency,Status\n");
        for (int r = 0; r < RIGS; r++) {
            rigs.append("plan-r").append(r).append(",Plan rig ").append(r).append(',').append(20_000 + 100 * r).append(",USD,active\n");
        }
        api.upload("/api/plan/import?entity=rigs&apply=true", rigs.toString(), 200);
        StringBuilder wells = new StringBuilder("Name,Field,Type,Planned depth\n");
        for (int i = 0; i < WELLS; i++) {
            wells.append("PW-").append(i).append(",Field ").append(i % 12).append(",development,").append(400 + i % 600).append('\n');
        }
        double wellsDry = seconds(() -> api.upload("/api/plan/import?entity=wells", wells.toString(), 200));
        double wellsApply = seconds(() -> api.upload("/api/plan/import?entity=wells&apply=true", wells.toString(), 200));
        long scenario = api.call("POST", "/api/plan/scenarios", "{\"name\":\"Bench plan\",\"horizon\":\"bench\"}", 201).get("id").asLong();
        StringBuilder cws = new StringBuilder("Campaign,Well,Rig,Planned start,Days,NPT days,After\n");
        for (int i = 0; i < WELLS; i++) {
            boolean after = i > 10 && random.nextInt(3) == 0;
            cws.append("Campaign ").append(i % 40).append(",PW-").append(i).append(",plan-r").append(random.nextInt(RIGS)).append(',')
                    .append(!after && random.nextBoolean() ? "2027-" + String.format("%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28)) : "")
                    .append(',').append(10 + random.nextInt(50)).append(',').append(random.nextInt(4)).append(',')
                    .append(after ? "PW-" + (i - 1 - random.nextInt(10)) : "").append('\n');
        }
        String cw = cws.toString();
        double cwDry = seconds(() -> api.upload("/api/plan/import?entity=campaign-wells&scenario=" + scenario, cw, 200));
        double cwApply = seconds(() -> api.upload("/api/plan/import?entity=campaign-wells&scenario=" + scenario + "&apply=true", cw, 200));
        double bare = bareInserts();
        System.out.printf("   import of %,d wells: dry run %5.2f s, apply %5.2f s;  %,d campaign wells with their dependencies: dry run %5.2f s, apply %5.2f s%n",
                WELLS, wellsDry, wellsApply, WELLS, cwDry, cwApply);
        System.out.printf("   baseline: the same %,d campaign wells by bare SQL (one batched transaction, no checks, no audit)  %5.2f s%n", WELLS, bare);

        // calculation runs: 5,000 wells are over plan.calc.inlineWells, so each is queued and run in the background
        long[] calc = new long[4];
        long run = 0;
        for (int i = -1; i < calc.length; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> queued = api.send("POST", "/api/plan/scenarios/" + scenario + "/calc", "{\"from\":\"2027-01-01\",\"to\":\"2029-01-01\"}");
            String location = queued.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException("calc → " + queued.statusCode()));
            run = BenchApi.JSON.readTree(queued.body()).get("id").asLong();
            while (!api.call("GET", location, null, 200).get("status").asText().matches("success|failed")) {
                Thread.sleep(10);
            }
            if (i >= 0) {
                calc[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(calc);
        long read0 = System.nanoTime();
        int rows = bareRead(scenario);
        double readMs = (System.nanoTime() - read0) / 1e6;
        System.out.printf("   calc run over HTTP (%s; queued, read with the reports' actuals, scheduled, figures, stored)  p50 %5.2f s%n",
                api.call("GET", "/api/plan/scenarios/" + scenario + "/runs/" + run, null, 200).get("status").asText(), calc[calc.length / 2] / 1e9);
        System.out.printf("   baseline: the scenario's %,d campaign wells and dependencies by bare SQL  %6.1f ms (the engine alone: section 10)%n", rows, readMs);

        String runPath = "/api/plan/scenarios/" + scenario + "/runs/" + run;
        long[] gantt = times(runPath, 20);
        int ganttBytes = api.send("GET", runPath, null).body().length();
        long[] ganttSql = new long[20];
        for (int i = 0; i < ganttSql.length; i++) {
            long t0 = System.nanoTime();
            bareResults(run);
            ganttSql[i] = System.nanoTime() - t0;
        }
        String gridPath = "/api/plan/scenarios/" + scenario;
        long[] grid = times(gridPath, 20);
        int gridBytes = api.send("GET", gridPath, null).body().length();
        System.out.printf("   Gantt data (a run's results: schedule, figures)  p50 %6.1f ms  p95 %6.1f ms  %,d bytes;  baseline: its row by bare SQL p50 %6.1f ms%n",
                BenchApi.p(gantt, 50), BenchApi.p(gantt, 95), ganttBytes, BenchApi.p(ganttSql, 50));
        System.out.printf("   grid data (the scenario: campaigns, campaign wells, dependencies)  p50 %6.1f ms  p95 %6.1f ms  %,d bytes%n",
                BenchApi.p(grid, 50), BenchApi.p(grid, 95), gridBytes);
        browser(scenario, admin, adminPassword, gridPath, runPath);
        System.out.println();
    }

    private void browser(long scenario, String admin, String adminPassword, String gridPath, String runPath) throws Exception {
        WebDriver browser = HeadlessChromium.start(1280, 900);
        try {
            browser.get(base + "/login.html");
            browser.findElement(By.cssSelector("[data-testid='username']")).sendKeys(admin);
            browser.findElement(By.cssSelector("[data-testid='password']")).sendKeys(adminPassword);
            browser.findElement(By.cssSelector("[data-testid='submit']")).click();
            long signedIn = System.nanoTime() + 30_000_000_000L;
            while (!browser.getCurrentUrl().equals(base + "/") && System.nanoTime() < signedIn) {
                Thread.sleep(20);
            }
            double[] grid = new double[3];
            double[] gantt = new double[3];
            double[] data = new double[3];
            for (int i = -1; i < 3; i++) {
                long t0 = System.nanoTime();
                browser.get(base + "/plan.html?scenario=" + scenario);
                waitFor(browser, "#grid .tabulator-row", 120);
                long t1 = System.nanoTime();
                waitFor(browser, "#gantt .bar-wrapper", 300);
                long t2 = System.nanoTime();
                Object fetched = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1]; const t0 = performance.now();
                        Promise.all([fetch(arguments[0]).then(r => r.json()), fetch(arguments[1]).then(r => r.json())]).then(() => done(performance.now() - t0));""",
                        gridPath, runPath);
                if (i >= 0) {
                    grid[i] = (t1 - t0) / 1e9;
                    gantt[i] = (t2 - t0) / 1e9;
                    data[i] = ((Number) fetched).doubleValue() / 1e3;
                }
            }
            Arrays.sort(grid);
            Arrays.sort(gantt);
            Arrays.sort(data);
            System.out.printf("   the page in Chromium: grid drawn p50 %5.2f s, Gantt drawn p50 %5.2f s;  baseline: the browser fetching the same data alone p50 %5.2f s%n",
                    grid[1], gantt[1], data[1]);
        } finally {
            browser.quit();
        }
    }

    private static void waitFor(WebDriver browser, String css, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (browser.findElements(By.cssSelector(css)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(css + " not drawn within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    private double bareInserts() throws Exception {
        try (Connection c = api.connect()) {
            c.setAutoCommit(false);
            long scenario;
            long campaign;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO scenario (name, horizon, created_at, created_by, updated_at, updated_by) "
                    + "VALUES ('Bench bare', 'bench-bare', now(), 'bench', now(), 'bench') RETURNING id")) {
                ResultSet rs = s.executeQuery();
                rs.next();
                scenario = rs.getLong(1);
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO campaign (scenario_id, name) VALUES (?, 'bare') RETURNING id")) {
                s.setLong(1, scenario);
                ResultSet rs = s.executeQuery();
                rs.next();
                campaign = rs.getLong(1);
            }
            c.commit();
            long t0 = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO campaign_well (campaign_id, well_id, rig_id, duration_days, npt_days, updated_at, updated_by)
                    SELECT ?, id, 'plan-r' || (id % 200), 10, 1, now(), 'bench' FROM well WHERE name = ?""")) {
                for (int i = 0; i < WELLS; i++) {
                    s.setLong(1, campaign);
                    s.setString(2, "PW-" + i);
                    s.addBatch();
                }
                s.executeBatch();
            }
            c.commit();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private int bareRead(long scenario) throws Exception {
        try (Connection c = api.connect();
             PreparedStatement s = c.prepareStatement("""
                     SELECT w.*, (SELECT json_agg(d) FROM campaign_dependency d WHERE d.well_id = w.id)
                     FROM campaign_well w JOIN campaign c ON c.id = w.campaign_id WHERE c.scenario_id = ?""")) {
            s.setLong(1, scenario);
            int n = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    private void bareResults(long run) throws Exception {
        try (Connection c = api.connect();
             PreparedStatement s = c.prepareStatement("SELECT results::text FROM calc_run WHERE id = ?")) {
            s.setLong(1, run);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                rs.getString(1);
            }
        }
    }

    private long[] times(String path, int n) throws Exception {
        long[] out = new long[n];
        api.send("GET", path, null);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            api.send("GET", path, null);
            out[i] = System.nanoTime() - t0;
        }
        return out;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static double seconds(Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
