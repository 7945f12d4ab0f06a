package io.derrick.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.derrick.hardware.simulator.PumpWear;
import io.derrick.hardware.simulator.RigSimulator;
import io.derrick.hardware.simulator.SimulatedDevice;
import io.derrick.hub.Hub;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rigs' equipment and its maintenance, as a maintenance planner enters them (first run only): per rig the units
 * its register maps measure (mud pumps, top drive, drawworks, a generator), their schedules, work orders in every
 * state and two incidents. Each rig's mud pump 1 gets three days of hourly history from before the demo (the
 * simulator's run-to-failure pumps at three ages: new on rig 1, half-way on rig 3, worn on rig 2) so that, once the
 * hub has trained its mud-pump model (at its first start), the scoring shows a healthy, a middle-aged and a worn
 * pump; the worn one raises the RUL alarm and its condition schedule opens a work order.
 */
final class DemoEquipment {
    static final String MAINTENANCE = "mia.maint";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Hours of history before the demo, per rig's mud pump 1, and how far into its life the pump is at the end. */
    private static final int BACKFILL_HOURS = 72;
    private static final double[] LIFE_USED = {0.3, 0.97, 0.7};

    private DemoEquipment() {
    }

    /** The channels each device of a rig serves, from its register map. */
    static Map<String, Set<String>> devices(RigSimulator rig) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (SimulatedDevice d : rig.devices()) {
            Set<String> channels = new LinkedHashSet<>();
            d.map().points().forEach(p -> channels.add(p.mnemonic()));
            out.put(d.name(), channels);
        }
        return out;
    }

    record Unit(String kind, String name, String make, String model, List<String> channels, String run, double hoursAtInstall) {
    }

    /** The units of a rig whose channels its devices serve; an equipment's channels are the ones the rig has. */
    static List<Unit> units(int index) {
        List<String> pump = new ArrayList<>(PumpWear.CHANNELS);
        return List.of(
                new Unit("mud_pump", "Mud pump 1", "NOV", "14-P-220 triplex, ABB ACS880 drive", pump, "SPM1", pumpHours(index)),
                new Unit("mud_pump", "Mud pump 2", "NOV", "14-P-220 triplex", List.of("SPM2"), "SPM2", 2100),
                new Unit("top_drive", "Top drive", "NOV", "TDS-11SA", List.of("RPM", "TQA"), "RPM", 5200 + 800 * index),
                new Unit("drawworks", "Drawworks", "NOV", "ADS-10SD", List.of("HKLD", "BPOS"), null, 6100),
                new Unit("generator", "Generator 1", "Caterpillar", "3512C", List.of(), null, 9800));
    }

    /** The running hours at the end of mud pump 1's backfill: its life so far. */
    private static double pumpHours(int index) {
        PumpWear.Unit u = pump(index);
        return Math.floor(u.lifeHours() * LIFE_USED[index % LIFE_USED.length]);
    }

    private static final List<PumpWear.Unit> PUMPS = PumpWear.runToFailure(3, 2027);

    private static PumpWear.Unit pump(int index) {
        return PUMPS.get(index % PUMPS.size());
    }

    /** Equipment, schedules, work orders and incidents through the API. */
    static void seed(DemoApi api, String password, DemoApi.Session admin, List<String> rigs, Map<String, Map<String, Set<String>>> devices)
            throws Exception {
        ObjectNode u = JSON.createObjectNode().put("username", MAINTENANCE).put("displayName", "Mia Maintenance").put("password", password);
        u.putArray("roles").add("maintenance");
        admin.json("POST", "/api/admin/users", u.toString());
        DemoApi.Session mia = api.signIn(MAINTENANCE);
        DemoApi.Session sam = api.signIn(DemoReports.SUPERVISOR);
        DemoApi.Session meg = api.signIn(DemoReports.MANAGER);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int r = 0; r < rigs.size(); r++) {
            String rig = rigs.get(r);
            Map<String, Set<String>> rigDevices = devices.get(rig);
            Map<String, Long> ids = new LinkedHashMap<>();
            for (Unit unit : units(r)) {
                List<String> measured = new ArrayList<>();
                List<String> by = new ArrayList<>();
                for (String c : unit.channels()) {
                    rigDevices.forEach((device, channels) -> {
                        if (channels.contains(c)) {
                            measured.add(c);
                            if (!by.contains(device)) {
                                by.add(device);
                            }
                        }
                    });
                }
                ObjectNode e = JSON.createObjectNode().put("rig", rig).put("kind", unit.kind()).put("name", unit.name()).put("make", unit.make())
                        .put("model", unit.model()).put("serial", rig.toUpperCase() + "-" + unit.kind().toUpperCase().replace("_", "") + "-" + (101 + r))
                        .put("installedOn", today.minusYears(2).minusDays(40L * r).toString()).put("hoursAtInstall", unit.hoursAtInstall())
                        .put("node", "edge-01").put("shareable", !unit.kind().equals("generator"));
                by.forEach(e.putArray("devices")::add);
                measured.forEach(e.putArray("channels")::add);
                if (unit.run() != null) {
                    e.put("runChannel", unit.run()).put("runAbove", 5);
                }
                ids.put(unit.name(), mia.json("POST", "/api/equipment", e.toString()).get("id").asLong());
            }
            long pump = ids.get("Mud pump 1");
            long topDrive = ids.get("Top drive");
            double hours = pumpHours(r);
            mia.json("POST", "/api/maintenance/schedules", schedule(pump, "Valves and seats inspection", "hours", 500, null, Math.max(0, hours - 470)));
            mia.json("POST", "/api/maintenance/schedules", schedule(pump, "Overhaul when the remaining life is short", "condition", 100, null, null));
            mia.json("POST", "/api/maintenance/schedules", schedule(topDrive, "Top drive 30-day service", "calendar", 30,
                    today.minusDays(r == 0 ? 33 : 12), null));
            mia.json("POST", "/api/maintenance/schedules", schedule(ids.get("Generator 1"), "Generator oil and filters", "hours", 250, null, 9800 - 120.0));
            JsonNode done = mia.json("POST", "/api/maintenance/work-orders", workOrder(ids.get("Drawworks"), "corrective",
                    "Replace the worn drum clutch friction pads", today.minusDays(6), 3, 412.5, true));
            JsonNode started = mia.json("POST", "/api/maintenance/work-orders/" + done.get("id").asLong() + "/start", "{\"version\":1}");
            mia.json("POST", "/api/maintenance/work-orders/" + done.get("id").asLong() + "/complete",
                    "{\"version\":" + started.get("version").asInt() + ",\"completedOn\":\"" + today.minusDays(5) + "\",\"note\":\"pads and springs replaced\"}");
            JsonNode running = mia.json("POST", "/api/maintenance/work-orders", workOrder(ids.get("Mud pump 2"), "corrective",
                    "Pulsation dampener recharge (pressure 30 % low)", today, 1, 90, false));
            mia.json("POST", "/api/maintenance/work-orders/" + running.get("id").asLong() + "/start", "{\"version\":1}");
            mia.json("POST", "/api/maintenance/work-orders", workOrder(topDrive, "preventive", "Grease the wash pipe and check the saver sub",
                    today.plusDays(2 + r), 0, 0, true));
            JsonNode cancelled = mia.json("POST", "/api/maintenance/work-orders", workOrder(ids.get("Generator 1"), "preventive",
                    "Load bank test", today.minusDays(3), 0, 0, false));
            mia.json("POST", "/api/maintenance/work-orders/" + cancelled.get("id").asLong() + "/cancel",
                    "{\"version\":1,\"note\":\"rig on standby power from the camp\"}");
            if (r == 0) {
                JsonNode slip = sam.json("POST", "/api/incidents", incident(rig, null, "safety", "low", "Slip on the drill floor",
                        "Offsider slipped on mud near the rotary table; no injury. Floor hosed and grating mats put down.", today.minusDays(2), "drill floor", 0));
                long id = slip.get("id").asLong();
                JsonNode inv = sam.json("POST", "/api/incidents/" + id + "/investigate", "{\"version\":1}");
                sam.json("POST", "/api/incidents/" + id + "/resolve", "{\"version\":" + inv.get("version").asInt()
                        + ",\"note\":\"Anti-slip mats at the rotary table; toolbox talk held with both crews.\"}");
            }
            if (r == 1) {
                JsonNode vib = sam.json("POST", "/api/incidents", incident(rig, pump, "equipment", "medium", "Mud pump 1 running rough",
                        "Knocking from the fluid end at 100 spm and vibration up on the pump's sensor; pump kept on line at reduced rate.",
                        today.minusDays(1), "pump house", 0));
                meg.json("POST", "/api/incidents/" + vib.get("id").asLong() + "/investigate", "{\"version\":1}");
            }
        }
    }

    private static String schedule(long equipment, String name, String basis, double every, LocalDate lastOn, Double lastHours) {
        ObjectNode s = JSON.createObjectNode().put("equipment", equipment).put("name", name).put("basis", basis);
        switch (basis) {
            case "calendar" -> s.put("everyDays", (int) every).put("lastDoneOn", lastOn.toString());
            case "hours" -> s.put("everyHours", every).put("lastDoneHours", lastHours);
            default -> s.put("rulBelowHours", every);
        }
        return s.toString();
    }

    private static String workOrder(long equipment, String type, String description, LocalDate on, int seals, double cost, boolean shareable) {
        ObjectNode w = JSON.createObjectNode().put("equipment", equipment).put("type", type).put("description", description)
                .put("scheduledOn", on.toString()).put("shareable", shareable);
        if (seals > 0) {
            w.putArray("parts").addObject().put("part", "friction pad set").put("quantity", seals).put("unitCost", 110);
        }
        if (cost > 0) {
            w.put("cost", cost);
        }
        return w.toString();
    }

    private static String incident(String rig, Long equipment, String category, String severity, String title, String description,
                                   LocalDate on, String location, int injuries) {
        ObjectNode i = JSON.createObjectNode().put("rig", rig).put("category", category).put("severity", severity).put("title", title)
                .put("description", description).put("occurredAt", on.atTime(9, 40).toInstant(ZoneOffset.UTC).toString())
                .put("location", location).put("injuries", injuries).put("shareable", true);
        if (equipment != null) {
            i.put("equipment", equipment);
        }
        return i.toString();
    }

    /**
     * Mud pump 1's hours before the demo, written into the hub's hourly rollups as a history import would (the
     * demo's stand-in for the months a real pump ran before Derrick): each rig's channels must exist, so this waits
     * for the agents' first data. Then, once the mud-pump model is trained, the fleet is scored.
     */
    static void backfillThenScore(Hub hub, DemoApi api, List<String> rigs) {
        Thread.ofVirtual().name("demo-equipment").start(() -> {
            try {
                Instant top = Instant.now().truncatedTo(ChronoUnit.HOURS);
                for (int r = 0; r < rigs.size(); r++) {
                    backfill(hub, rigs.get(r), r, top);
                }
                hub.jobs().runSoon("equipment-hours");   // the minutes the pumps have run since the demo started
                DemoApi.Session mia = api.signIn(MAINTENANCE);
                for (int i = 0; i < 600; i++) {
                    JsonNode models = mia.json("GET", "/api/equipment/models", null);
                    if (models.size() > 0) {
                        mia.json("POST", "/api/equipment/score", null);
                        return;
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("derrick demo: the pumps' history was not written: " + e.getMessage());
            }
        });
    }

    private static void backfill(Hub hub, String rig, int index, Instant top) throws Exception {
        PumpWear.Unit unit = pump(index);
        int end = (int) pumpHours(index) - 1;
        List<String> names = new ArrayList<>(PumpWear.CHANNELS);
        names.add("SPM1");
        try (var c = hub.database().connection()) {
            Map<String, Integer> channelIds = new LinkedHashMap<>();
            for (int wait = 0; wait < 120 && channelIds.size() < names.size(); wait++) {
                channelIds.clear();
                try (var st = c.prepareStatement("SELECT mnemonic, id FROM channel WHERE rig_id = ? AND mnemonic = ANY (?)")) {
                    st.setString(1, rig);
                    st.setArray(2, c.createArrayOf("text", names.toArray()));
                    try (var rs = st.executeQuery()) {
                        while (rs.next()) {
                            channelIds.put(rs.getString(1), rs.getInt(2));
                        }
                    }
                }
                if (channelIds.size() < names.size()) {
                    Thread.sleep(1000);
                }
            }
            if (channelIds.size() < names.size()) {
                throw new IllegalStateException(rig + " has not sent " + names + " yet");
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO rollup_1h (channel_id, bucket, n, sum, min, max) VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                for (int h = 0; h < BACKFILL_HOURS; h++) {
                    int step = end - (BACKFILL_HOURS - 1) + h;
                    Timestamp bucket = Timestamp.from(top.minus(BACKFILL_HOURS - h, ChronoUnit.HOURS));
                    for (int k = 0; k < names.size(); k++) {
                        double v = k < PumpWear.CHANNELS.size() ? unit.channels()[step][k] : unit.settings()[step][0];
                        st.setInt(1, channelIds.get(names.get(k)));
                        st.setTimestamp(2, bucket);
                        st.setDouble(3, v);
                        st.setDouble(4, v);
                        st.setDouble(5, v);
                        st.addBatch();
                    }
                }
                st.executeBatch();
            }
        }
    }
}
