package io.derrick.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations dashboard in Chromium: the cards with their change against the previous period, the NPT Pareto, the
 * rigs' table with a rig name from a user shown as text; a filter kept in the URL; a click-through from a rig's
 * metres to the reports behind them, and on to the right report; a client's user sees its own rig only.
 */
class KpiBrowserIT extends HubBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode shift(String rig, String date, String type, double from, double to, String[]... activities) {
        ObjectNode b = JSON.createObjectNode();
        b.put("rig", rig).put("date", date).put("shiftType", type);
        b.putArray("crew").addObject().put("role", "driller").put("name", "Dan").put("hours", 12);
        b.putArray("progress").addObject().put("hole", rig + "-H1").put("coreSize", "HQ").put("fromDepth", from).put("toDepth", to)
                .put("start", type.equals("day") ? "06:00" : "18:00").put("end", type.equals("day") ? "18:00" : "06:00");
        ArrayNode acts = b.putArray("activities");
        for (String[] a : activities) {
            acts.addObject().put("code", a[0]).put("start", a[1]).put("end", a[2]);
        }
        return b;
    }

    @Test
    void theDashboardShowsTheCardsAndTheParetoAndClicksThroughToTheReport() throws Exception {
        HubClient admin = hub.admin();
        admin.json("POST", "/api/admin/clients", "{\"id\":\"acme\",\"name\":\"Acme\"}", 201);
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"rig-d1\",\"name\":\"<img src=x onerror=pwned=1>\",\"timeZone\":\"UTC\",\"client\":\"acme\"}", 201);
        admin.json("POST", "/api/admin/rigs", "{\"id\":\"rig-d2\",\"name\":\"Rig D2\",\"timeZone\":\"UTC\"}", 201);
        hub.user("sam.super", "supervisor", null);
        admin.json("PUT", "/api/reports/rigs/rig-d1/supervisors", "{\"supervisors\":[\"sam.super\"]}", 200);
        admin.json("PUT", "/api/reports/rigs/rig-d2/supervisors", "{\"supervisors\":[\"sam.super\"]}", 200);
        HubClient supervisor = HubClient.session(hub.url(), "sam.super", InProcessHub.PASSWORD);
        ObjectNode bulk = JSON.createObjectNode();
        bulk.putArray("reports")
                .add(shift("rig-d1", "2026-10-05", "day", 0, 8, new String[] {"4", "06:00", "12:00"}, new String[] {"NP.W", "12:00", "18:00"}))
                .add(shift("rig-d1", "2026-10-06", "day", 8, 30, new String[] {"4", "06:00", "16:00"}, new String[] {"8", "16:00", "18:00"}))
                .add(shift("rig-d2", "2026-10-06", "night", 0, 12, new String[] {"2", "18:00", "03:00"}, new String[] {"NP.W", "03:00", "06:00"}));
        JsonNode made = supervisor.json("POST", "/api/reports/bulk", bulk.toString(), 201);
        long d1Oct6 = made.get("reports").get(1).asLong();
        admin.json("POST", "/api/kpis/refresh", "", 200);

        signIn("/kpi.html?from=2026-10-06&to=2026-10-06", InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
        // Oct 6: 22 + 12 m; the day before 8 m: +325 %
        waitForText("[data-testid='value-metres']", t -> t.startsWith("34"));
        assertThat(textNow("[data-testid='change-metres']")).contains("▲", "325");
        assertThat(textNow("[data-testid='value-nptHours']")).startsWith("5");
        waitForText("[data-testid='pareto']", t -> true);
        waiting().until(d -> "2".equals(d.findElement(By.cssSelector("[data-testid='pareto']")).getAttribute("data-bars")));
        String pareto = browser.findElement(By.cssSelector("[data-testid='pareto']")).getAttribute("aria-label");
        assertThat(pareto).as("the Pareto's bars, the most first").contains("Waiting on weather", "Repair rig");
        assertThat(pareto.indexOf("Waiting on weather")).isLessThan(pareto.indexOf("Repair rig"));
        assertThat(browser.findElement(By.cssSelector("[data-testid='pareto']")).findElements(By.tagName("canvas"))).isNotEmpty();
        waitForText("[data-testid='rig-rig-d1']", t -> t.contains("<img src=x onerror=pwned=1>"));
        assertNothingRan();

        // a filter: night shifts only, kept in the URL
        new Select(browser.findElement(By.cssSelector("[data-testid='shift']"))).selectByVisibleText("night");
        browser.findElement(By.cssSelector("[data-testid='apply']")).click();
        waitForText("[data-testid='value-metres']", t -> t.startsWith("12"));
        assertThat(browser.getCurrentUrl()).contains("shift=night", "from=2026-10-06");
        browser.navigate().refresh();
        waitForText("[data-testid='value-metres']", t -> t.startsWith("12"));
        new Select(browser.findElement(By.cssSelector("[data-testid='shift']"))).selectByVisibleText("both");
        browser.findElement(By.cssSelector("[data-testid='apply']")).click();
        waitForText("[data-testid='value-metres']", t -> t.startsWith("34"));

        // click-through: D1's metres → the reports behind them → the report
        browser.findElement(By.cssSelector("[data-testid='rig-rig-d1'] a[data-behind]")).click();
        waitForText("[data-testid='behind']", t -> t.contains("1 report(s)"));
        browser.findElement(By.cssSelector("[data-testid='behind-link-" + d1Oct6 + "']")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/report.html?id=" + d1Oct6));
        waitForText("main", t -> t.contains("rig-d1"));
        assertThat(scriptErrors()).isEmpty();

        // a client's user: its own rig in the list, and only approved reports (none yet)
        hub.user("ann@acme.example", "client", "acme");
        signedOut();
        signIn("/kpi.html?from=2026-10-06&to=2026-10-06", "ann@acme.example", InProcessHub.PASSWORD);
        waitForText("[data-testid='value-metres']", t -> t.startsWith("0"));
        assertThat(browser.findElements(By.cssSelector("[data-testid='rigs'] option"))).extracting(o -> o.getAttribute("value")).containsExactly("rig-d1");
        assertThat(textNow("[data-testid='msg']")).isEqualTo("No shift reports match these filters.");
        assertThat(scriptErrors()).isEmpty();
    }
}
