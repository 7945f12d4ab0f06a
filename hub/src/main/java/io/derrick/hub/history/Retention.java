package io.derrick.hub.history;

import io.derrick.hub.platform.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops raw reading partitions (one per UTC day) once the whole day is older than the retention.
 * Dropping a partition is instant and leaves no bloat, unlike DELETE. Rollups are kept: charts over
 * old windows read them.
 */
public final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Database db;
    private final int rawDays;

    public Retention(Database db, int rawDays) {
        this.db = db;
        this.rawDays = rawDays;
    }

    /** Returns the partitions dropped. */
    public List<String> run(LocalDate today) {
        LocalDate keepFrom = today.minusDays(rawDays);
        List<String> dropped = new ArrayList<>();
        db.useTransaction(h -> {
            List<String> partitions = h.createQuery("""
                            SELECT child.relname FROM pg_inherits
                            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                            WHERE parent.relname = 'reading'""")
                    .mapTo(String.class).list();
            for (String name : partitions) {
                if (name.matches("reading_\\d{8}") && LocalDate.parse(name.substring("reading_".length()), DAY).isBefore(keepFrom)) {
                    h.execute("DROP TABLE " + name);
                    dropped.add(name);
                }
            }
        });
        if (!dropped.isEmpty()) {
            log.info("retention: dropped raw readings of {} day(s) before {}: {}", dropped.size(), keepFrom, dropped);
        }
        return dropped;
    }
}
