package io.derrick.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The office's week before the demo started, made through the hub's API as its people would: a client (Acme Mining,
 * for two of the rigs), a supervisor, a manager and a client user; six days of day and night reports per rig, typed
 * as a supervisor types them, in every state of the approval flow (approved, awaiting the client, awaiting the
 * manager, rejected with a comment, a draft), two with warnings for the managers' exceptions, and a core tray photo.
 * First run only: a hub that already knows the client is left as it is.
 */
final class DemoReports {
    static final String SUPERVISOR = "sam.super";
    static final String MANAGER = "meg.manager";
    static final String CLIENT_USER = "ann@acme.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DAYS = 6;

    private final DemoApi api;
    private final String password;

    private DemoReports(String base, String password) {
        this.api = new DemoApi(base, password);
        this.password = password;
    }

    /** Makes the week; false when the hub had it already. */
    static boolean seed(String base, String adminPassword, List<String> rigs,
                        java.util.Map<String, java.util.Map<String, java.util.Set<String>>> devices) throws Exception {
        return new DemoReports(base, adminPassword).seed(rigs, devices);
    }

    private boolean seed(List<String> rigs, java.util.Map<String, java.util.Map<String, java.util.Set<String>>> devices) throws Exception {
        DemoApi.Session admin = api.signIn("admin");
        if (admin.send("POST", "/api/admin/clients", "{\"id\":\"acme\",\"name\":\"Acme Mining\"}").statusCode() == 409) {
            return false;
        }
        for (String rig : rigs.subList(0, Math.min(2, rigs.size()))) {
            admin.ok("PUT", "/api/admin/rigs/" + rig + "/client", "{\"client\":\"acme\"}");
        }
        user(admin, SUPERVISOR, "Sam Supervisor", "supervisor", null);
        user(admin, MANAGER, "Meg Manager", "manager", null);
        user(admin, CLIENT_USER, "Ann of Acme", "client", "acme");
        DemoApi.Session sam = api.signIn(SUPERVISOR);
        DemoApi.Session meg = api.signIn(MANAGER);
        DemoApi.Session ann = api.signIn(CLIENT_USER);
        for (String rig : rigs) {
            admin.ok("PUT", "/api/reports/rigs/" + rig + "/supervisors", "{\"supervisors\":[\"" + SUPERVISOR + "\"]}");
        }
        Random random = new Random(7);
        LocalDate today = LocalDate.now(ZoneId.of("UTC"));
        for (int r = 0; r < rigs.size(); r++) {
            String rig = rigs.get(r);
            boolean forClient = r < 2;
            String hole = "R" + (r + 1) + "-H" + (3 + r);
            double depth = 180 + 40 * r;
            for (int d = DAYS; d >= 1; d--) {
                for (String type : List.of("day", "night")) {
                    LocalDate date = today.minusDays(d + 1);
                    JsonNode created = sam.json("POST", "/api/reports", "{\"rig\":\"" + rig + "\",\"date\":\"" + date + "\",\"shiftType\":\"" + type + "\"}");
                    long id = created.get("id").asLong();
                    boolean fast = r == 0 && d == 4 && type.equals("day");            // an implausible ROP: a warning
                    double metres = fast ? 46 : 14 + random.nextInt(140) / 10.0;
                    double from = r == 1 && d == 3 && type.equals("night") ? depth + 6 : depth;   // a gap in the hole: a warning
                    ObjectNode body = typed(created, hole, from, metres, d >= 4 ? "HQ" : "NQ", random, d == DAYS && type.equals("day"),
                            r == 1 && d == 5 && type.equals("night"));                   // standby on the client's word: billable hours
                    sam.json("PUT", "/api/reports/" + id, body.toString());
                    depth = from + metres;
                    if (r == 0 && d == DAYS && type.equals("day")) {
                        sam.upload("/api/reports/" + id + "/photos?hole=" + enc(hole) + "&fromDepth=" + from + "&toDepth=" + (from + 4.5)
                                + "&caption=" + enc("Tray 1, HQ") + "&name=tray-1.jpg", coreTray(hole, from, from + 4.5));
                    }
                    // the oldest are through the whole flow; then one awaiting the client, one awaiting the manager,
                    // one rejected with a comment, the last a draft
                    int age = d * 2 - (type.equals("night") ? 1 : 0);
                    if (age >= 2) {
                        sam.json("POST", "/api/reports/" + id + "/submit", "{}");
                    }
                    if (age == 2) {
                        meg.json("POST", "/api/reports/" + id + "/reject", "{\"comment\":\"Core recovery missing on the last run: add it and resubmit.\"}");
                    } else if (age >= 4) {
                        meg.json("POST", "/api/reports/" + id + "/approve", "{}");
                        if (forClient && age >= 5) {
                            ann.json("POST", "/api/reports/" + id + "/client-approve", "{}");
                        }
                    }
                }
            }
        }
        plan(admin, rigs);
        DemoEquipment.seed(api, password, admin, rigs, devices);
        return true;
    }

    /**
     * A campaign plan for the demo's rigs, as a planner enters it: the rigs' day rates, wells whose first ones are the
     * holes the rigs are drilling (in progress since the week began), more wells after them with dependencies, one
     * calculation run. The planner page opens on it.
     */
    private void plan(DemoApi.Session admin, List<String> rigs) throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("UTC"));
        long scenario = admin.json("POST", "/api/plan/scenarios", "{\"name\":\"Campaign " + today.getYear() + "–" + (today.getYear() + 1)
                + "\",\"horizon\":\"" + today.getYear() + "\"}").get("id").asLong();
        String[] fields = {"Cooper Basin", "Permian Basin", "North Sea"};
        for (int r = 0; r < rigs.size(); r++) {
            String rig = rigs.get(r);
            admin.ok("PUT", "/api/plan/rigs/" + rig, "{\"name\":\"" + rig + "\",\"dayRate\":" + (18000 + 2500 * r) + ",\"currency\":\"USD\",\"status\":\"active\"}");
            String field = fields[r % fields.length];
            long campaign = admin.json("POST", "/api/plan/scenarios/" + scenario + "/campaigns", "{\"name\":\"" + field + "\"}").get("id").asLong();
            Long previous = null;
            for (int k = 0; k < 4; k++) {
                String name = k == 0 ? "R" + (r + 1) + "-H" + (3 + r) : "R" + (r + 1) + "-H" + (4 + r + k);
                long well = admin.json("POST", "/api/plan/wells", "{\"name\":\"" + name + "\",\"type\":\"" + (k == 0 ? "exploration" : "appraisal")
                        + "\",\"field\":\"" + field + "\",\"plannedDepth\":" + (600 + 150 * k) + "}").get("id").asLong();
                ObjectNode cw = JSON.createObjectNode().put("campaign", campaign).put("well", well).put("rig", rig).put("durationDays", 18 + 4 * k + r);
                if (k == 0) {
                    // the hole the rig's reports drill: its actual start, depth and forecast come from them
                    cw.put("hole", name).put("plannedStart", today.minusDays(DAYS + 2).toString());
                } else {
                    cw.putArray("dependencies").addObject().put("predecessor", previous).put("lagDays", 2);
                    if (k == 2) {
                        cw.put("nptDays", 1.5);
                        cw.putArray("extras").addObject().put("name", "Rig move across the lease").put("amount", 35000);
                    }
                }
                previous = admin.json("POST", "/api/plan/scenarios/" + scenario + "/wells", cw.toString()).get("id").asLong();
            }
        }
        admin.json("POST", "/api/plan/scenarios/" + scenario + "/calc", "{}");
        JsonNode base = admin.json("GET", "/api/plan/scenarios/" + scenario, null);
        long first = base.get("wells").get(0).get("id").asLong();
        admin.json("POST", "/api/plan/campaign-wells/" + first + "/comments", "{\"body\":\"Core recovery is good; the client asks for HQ to the end of hole.\"}");
        admin.json("POST", "/api/plan/campaign-wells/" + base.get("wells").get(2).get("id").asLong() + "/comments",
                "{\"body\":\"Lease road closed after rain: the move may take a day longer.\"}");
        admin.json("POST", "/api/plan/scenarios/" + scenario + "/approve", "{\"version\":" + base.get("scenario").get("version").asInt() + "}");
        // a draft to compare and level: a fourth rig on standby (no edge node yet), and a well planned on rig 3 over another
        admin.ok("PUT", "/api/plan/rigs/rig-04", "{\"name\":\"rig-04 (planned)\",\"dayRate\":15000,\"currency\":\"USD\",\"status\":\"standby\"}");
        JsonNode draft = admin.json("POST", "/api/plan/scenarios/" + scenario + "/clone", "{\"name\":\"Campaign " + today.getYear() + "–" + (today.getYear() + 1)
                + " with rig-04\"}");
        // rig 3's last two wells planned for the same day: a conflict as entered, which levelling moves to rig-04
        int n = draft.get("wells").size();
        for (JsonNode w : List.of(draft.get("wells").get(n - 2), draft.get("wells").get(n - 1))) {
            ObjectNode same = ((ObjectNode) w.deepCopy()).put("plannedStart", today.plusDays(40).toString());
            same.remove(List.of("id", "actualStart", "actualEnd"));
            same.putArray("dependencies");
            admin.json("PUT", "/api/plan/campaign-wells/" + w.get("id").asLong(), same.toString());
        }
        admin.json("POST", "/api/plan/scenarios/" + draft.get("scenario").get("id").asLong() + "/calc", "{}");
    }

    /** A shift as a supervisor types it: the crew, a progress row, the activity log, materials, a survey, casing once. */
    private static ObjectNode typed(JsonNode report, String hole, double from, double metres, String size, Random random, boolean casing,
                                    boolean standby) {
        LocalTime start = Instant.parse(report.get("start").asText()).atZone(ZoneId.of(report.get("timeZone").asText())).toLocalTime();
        ObjectNode b = JSON.createObjectNode();
        b.put("version", report.get("version").asInt());
        b.put("location", "Pad " + hole.substring(0, 2));
        ArrayNode crew = b.putArray("crew");
        crew.addObject().put("role", "supervisor").put("name", "Sam Supervisor").put("hours", 12);
        crew.addObject().put("role", "driller").put("name", random.nextBoolean() ? "Dan Driller" : "Dee Driller").put("hours", 12);
        crew.addObject().put("role", "helper").put("name", "Hal Helper").put("hours", 12);
        crew.addObject().put("role", "helper").put("name", "Hoa Helper").put("hours", 11.5);
        boolean repair = random.nextInt(4) == 0;
        double coring = metres > 40 ? 1 : 8;
        ArrayNode progress = b.putArray("progress");
        progress.addObject().put("hole", hole).put("coreSize", size).put("fromDepth", round(from)).put("toDepth", round(from + metres))
                .put("start", t(start, 0.5)).put("end", t(start, 0.5 + coring)).put("coreRecovered", round(metres * (0.93 + random.nextInt(6) / 100.0)))
                .put("casingSize", "HW");
        ArrayNode log = b.putArray("activities");
        log.addObject().put("code", "0").put("start", t(start, 0)).put("end", t(start, 0.5)).put("description", "Pre-shift safety meeting");
        log.addObject().put("code", "4").put("start", t(start, 0.5)).put("end", t(start, 0.5 + coring)).put("description", "Coring " + size);
        double at = 0.5 + coring;
        log.addObject().put("code", "4.1").put("start", t(start, at)).put("end", t(start, at + 1)).put("description", "Wireline core runs");
        at += 1;
        if (repair) {
            log.addObject().put("code", "8").put("start", t(start, at)).put("end", t(start, at + 1.5)).put("description", "Mud pump 1 seal replaced");
            at += 1.5;
        }
        if (standby) {
            log.addObject().put("code", "NP.S").put("start", t(start, at)).put("end", t(start, 12)).put("description", "Client: hold for the geologist");
            b.put("standby", true).put("standbyReason", "Client instruction: hold for the geologist's log").put("standbyHours", 12 - at);
        } else {
            log.addObject().put("code", "6").put("start", t(start, at)).put("end", t(start, 12)).put("description", "Pull rods, change bit");
        }
        ArrayNode materials = b.putArray("materials");
        materials.addObject().put("name", "Bentonite").put("quantity", 2 + random.nextInt(3)).put("unit", "bag");
        materials.addObject().put("name", "Polymer").put("quantity", 10 + random.nextInt(10)).put("unit", "L");
        if (random.nextInt(3) == 0) {
            materials.addObject().put("name", "Diamond core bit " + size).put("quantity", 1).put("unit", "each").put("remarks", "worn out");
        }
        b.putArray("surveys").addObject().put("depth", round(from + metres)).put("dip", -60 + random.nextInt(20) / 10.0)
                .put("azimuth", 268 + random.nextInt(40) / 10.0).put("tool", "Reflex EZ-TRAC");
        if (casing) {
            b.putArray("casing").addObject().put("size", "HW").put("fromDepth", 0).put("toDepth", 12);
        }
        return b;
    }

    /** A drawn core tray: five rows of core in a wooden tray, the hole and depths written on it. */
    static byte[] coreTray(String hole, double from, double to) throws IOException {
        BufferedImage img = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(150, 105, 60));
        g.fillRect(0, 0, 1200, 800);
        Random random = new Random(hole.hashCode());
        for (int row = 0; row < 5; row++) {
            int y = 120 + row * 130;
            g.setColor(new Color(90, 60, 30));
            g.fillRect(60, y - 10, 1080, 100);
            int x = 70;
            while (x < 1120) {
                int length = 60 + random.nextInt(200);
                int grey = 110 + random.nextInt(60);
                g.setColor(new Color(grey, grey - 5, grey - 15));
                g.fillRoundRect(x, y, Math.min(length, 1130 - x), 80, 30, 30);
                x += length + 4 + random.nextInt(8);
            }
        }
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(3));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
        g.drawString(String.format(Locale.ROOT, "%s   %.1f – %.1f m   tray 1", hole, from, to), 70, 80);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private void user(DemoApi.Session admin, String username, String name, String role, String client) throws Exception {
        ObjectNode u = JSON.createObjectNode().put("username", username).put("displayName", name).put("password", password);
        u.putArray("roles").add(role);
        if (client != null) {
            u.put("client", client);
        }
        admin.ok("POST", "/api/admin/users", u.toString());
    }

    private static String t(LocalTime start, double hours) {
        return start.plusMinutes(Math.round(hours * 60) % (24 * 60)).toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
