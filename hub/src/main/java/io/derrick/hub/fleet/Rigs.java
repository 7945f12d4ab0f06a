package io.derrick.hub.fleet;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rigs as an admin keeps them: created before they send anything (reports and plans need them first), edited (name,
 * time zone, shift pattern), assigned to the client they drill for. Every change is audited in its transaction.
 */
public final class Rigs {
    /** What an admin sets on a rig; null fields (in a change) stay as they are. */
    public record Fields(String name, ZoneId timeZone, LocalTime dayShiftStart, LocalTime nightShiftStart) {
    }

    private final Database db;
    private final Clock clock;

    public Rigs(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A new rig; its id is the one its edge nodes will use in their topics. */
    public FleetRepository.Rig create(String id, Fields fields, String client, Actor actor) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            checkClient(h, client);
            LocalTime day = fields.dayShiftStart() == null ? LocalTime.of(6, 0) : fields.dayShiftStart();
            LocalTime night = fields.nightShiftStart() == null ? day.plusHours(12) : fields.nightShiftStart();
            checkShifts(day, night);
            int inserted = h.createUpdate("""
                            INSERT INTO rig (id, name, client_id, time_zone, day_shift_start, night_shift_start, created_at, created_by)
                            VALUES (:id, :name, :client, :zone, :day, :night, :now, :by) ON CONFLICT (id) DO NOTHING""")
                    .bind("id", id).bind("name", fields.name() == null ? id : fields.name()).bind("client", client)
                    .bind("zone", (fields.timeZone() == null ? ZoneId.of("UTC") : fields.timeZone()).getId())
                    .bind("day", day).bind("night", night).bind("now", now).bind("by", actor.name()).execute();
            if (inserted == 0) {
                throw new Clients.Refused("id", "a rig " + id + " exists already", false);
            }
            FleetRepository.Rig rig = FleetRepository.rig(h, id).orElseThrow();
            Audit.record(h, now, actor, "rig.create", "rig", id, null, shown(rig));
            return rig;
        });
    }

    /** Changes a rig's name, time zone or shift pattern. */
    public Optional<FleetRepository.Rig> update(String id, Fields change, Actor actor) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            Optional<FleetRepository.Rig> found = FleetRepository.rig(h, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            FleetRepository.Rig before = found.get();
            LocalTime day = change.dayShiftStart() != null ? change.dayShiftStart() : before.dayShiftStart();
            LocalTime night = change.nightShiftStart() != null ? change.nightShiftStart() : before.nightShiftStart();
            checkShifts(day, night);
            h.createUpdate("UPDATE rig SET name = :name, time_zone = :zone, day_shift_start = :day, night_shift_start = :night WHERE id = :id")
                    .bind("name", change.name() != null ? change.name() : before.name())
                    .bind("zone", (change.timeZone() != null ? change.timeZone() : before.timeZone()).getId())
                    .bind("day", day).bind("night", night).bind("id", id).execute();
            FleetRepository.Rig after = FleetRepository.rig(h, id).orElseThrow();
            Audit.record(h, now, actor, "rig.update", "rig", id, shown(before), shown(after));
            return Optional.of(after);
        });
    }

    /** Puts {@code rig} under {@code client} (null: no client). Returns the client the rig had before. */
    public Optional<String> assign(String rig, String client, Actor actor) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            Optional<String> before = h.createQuery("SELECT coalesce(client_id, '') FROM rig WHERE id = ? FOR UPDATE").bind(0, rig)
                    .mapTo(String.class).findOne();
            if (before.isEmpty()) {
                throw new Clients.Refused("rig", "no rig " + rig, true);
            }
            checkClient(h, client);
            h.createUpdate("UPDATE rig SET client_id = :client WHERE id = :id").bind("client", client).bind("id", rig).execute();
            String was = before.get().isEmpty() ? null : before.get();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("client", was);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("client", client);
            Audit.record(h, now, actor, "rig.assignClient", "rig", rig, b, a);
            return Optional.ofNullable(was);
        });
    }

    private static void checkClient(Handle h, String client) {
        if (client != null && h.createQuery("SELECT count(*) FROM client WHERE id = ?").bind(0, client).mapTo(Integer.class).one() == 0) {
            throw new Clients.Refused("client", "no client " + client + "; create it first (POST /api/admin/clients)", false);
        }
    }

    private static void checkShifts(LocalTime day, LocalTime night) {
        if (day.equals(night)) {
            throw new Clients.Refused("nightShiftStart", "the night shift must start at another time than the day shift (" + day + ")", false);
        }
    }

    /** The rig as the audit trail keeps it. */
    private static Map<String, Object> shown(FleetRepository.Rig r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("client", r.client());
        m.put("timeZone", r.timeZone().getId());
        m.put("dayShiftStart", r.dayShiftStart().toString());
        m.put("nightShiftStart", r.nightShiftStart().toString());
        return m;
    }
}
