package io.derrick.hub.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SensorProposalTest {
    static final ShiftWindow DAY = ShiftWindow.of(LocalDate.of(2026, 11, 30), ShiftWindow.Type.DAY, ZoneOffset.UTC, LocalTime.of(6, 0), LocalTime.of(18, 0));

    /** 2 h drilling from 100 m at 6 m/h, a 3-minute pause on bottom (a blip, folded in), 1 h tripping out, then nothing (no data). */
    @Test
    void metresOnBottomHoursAndStateRunsFromTheMinutes() {
        List<SensorProposal.Minute> minutes = new ArrayList<>();
        Instant t = DAY.start();
        double hole = 100;
        for (int i = 0; i < 120; i++, t = t.plus(1, ChronoUnit.MINUTES)) {
            boolean blip = i >= 60 && i < 63;
            if (!blip) {
                hole += 0.1;
            }
            minutes.add(new SensorProposal.Minute(t, Map.of("DEPT", hole, "BDEP", hole, "WOB", blip ? 0.0 : 80.0, "MFIA", 2000.0)));
        }
        double bit = hole;
        for (int i = 0; i < 60; i++, t = t.plus(1, ChronoUnit.MINUTES)) {
            bit -= 5;
            minutes.add(new SensorProposal.Minute(t, Map.of("DEPT", hole, "BDEP", bit, "WOB", 0.0, "MFIA", 0.0)));
        }
        SensorProposal.Measured m = SensorProposal.measure(minutes, DAY);
        assertThat(m.depthStart()).isCloseTo(100.1, within(1e-9));
        assertThat(m.metres()).as("from the first minute's depth to the last's").isCloseTo(11.6, within(1e-6));
        assertThat(m.hoursByState().get("drilling")).as("the 3-minute blip stays drilling").isEqualTo(2.0);
        assertThat(m.hoursByState().get("trip") + m.hoursByState().get("connection")).isEqualTo(1.0);
        assertThat(m.onBottomHours()).isEqualTo(2.0);
        assertThat(m.rop()).isCloseTo(5.8, within(1e-6));
        assertThat(m.coverage()).isCloseTo(180 / 720.0, within(1e-9));
        assertThat(m.runs().getFirst()).isEqualTo(new SensorProposal.Run("drilling", DAY.start(), DAY.start().plus(2, ChronoUnit.HOURS)));
    }

    /** A trip out of 50 minutes, then the string hangs still 200 m off bottom for an hour, pumps off: idle, not an hour more of tripping. */
    @Test
    void aStringAtRestOffBottomAfterATripIsIdle() {
        List<SensorProposal.Minute> minutes = new ArrayList<>();
        Instant t = DAY.start();
        double bit = 500;
        for (int i = 0; i < 110; i++, t = t.plus(1, ChronoUnit.MINUTES)) {
            if (i < 50) {
                bit -= 6;
            }
            minutes.add(new SensorProposal.Minute(t, Map.of("DEPT", 500.0, "BDEP", bit, "WOB", 0.0, "MFIA", 0.0)));
        }
        SensorProposal.Measured m = SensorProposal.measure(minutes, DAY);
        assertThat(m.hoursByState().get("trip")).isCloseTo(50 / 60.0, within(1e-9));
        assertThat(m.hoursByState().get("idle")).isCloseTo(1.0, within(1e-9));
    }

    /** The first stands of a trip out pass within a stand of bottom: trip from the first minute off bottom, no connection. */
    @Test
    void theFirstStandOfATripIsTripNotConnection() {
        List<String> states = new ArrayList<>(List.of("drilling", "drilling", "connection", "connection", "trip", "trip", "connection", "drilling"));
        SensorProposal.connectionsNextToATripAreTrip(states);
        assertThat(states).containsExactly("drilling", "drilling", "trip", "trip", "trip", "trip", "trip", "drilling");
        List<String> connection = new ArrayList<>(List.of("drilling", "connection", "connection", "drilling"));
        SensorProposal.connectionsNextToATripAreTrip(connection);
        assertThat(connection).as("between two stretches on bottom: a connection").containsExactly("drilling", "connection", "connection", "drilling");
    }
}
