package io.derrick.hub.kpi;

import org.jdbi.v3.core.Handle;

import java.time.LocalDate;

/**
 * How the reports' writes keep the dashboard's tables current: each write marks its rig-day stale in its own
 * transaction (so a committed change is never missed, and a rolled-back one marks nothing), and once it commits the
 * refresh job is woken. {@code Hub} hands {@link #reportChanged} to the report feature.
 */
public final class KpiLedger {
    private volatile Runnable wake = () -> { };

    /** Marks {@code rig}'s {@code day} stale in the caller's transaction; the refresh job is woken after its commit. */
    public void reportChanged(Handle h, String rig, LocalDate day) {
        h.createUpdate("INSERT INTO kpi_stale (rig_id, day) VALUES (:rig, :day) ON CONFLICT DO NOTHING")
                .bind("rig", rig).bind("day", day).execute();
        h.afterCommit(() -> wake.run());
    }

    void onChange(Runnable wake) {
        this.wake = wake;
    }
}
