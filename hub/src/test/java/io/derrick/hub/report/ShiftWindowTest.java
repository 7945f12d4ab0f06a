package io.derrick.hub.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class ShiftWindowTest {
    static final ZoneId PERTH = ZoneId.of("Australia/Perth");
    static final LocalTime SIX = LocalTime.of(6, 0);
    static final LocalTime EIGHTEEN = LocalTime.of(18, 0);

    @Test
    void aNightShiftCrossingMidnightBelongsToItsStartDate() {
        ShiftWindow night = ShiftWindow.of(LocalDate.of(2026, 12, 1), ShiftWindow.Type.NIGHT, PERTH, SIX, EIGHTEEN);
        assertThat(night.start()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));   // 18:00 in Perth (UTC+8)
        assertThat(night.end()).isEqualTo(Instant.parse("2026-12-01T22:00:00Z"));     // 06:00 on the 2nd
        assertThat(night.hours()).isEqualTo(12);
        assertThat(night.at(LocalTime.of(1, 30))).as("01:30 is the next morning").isEqualTo(Instant.parse("2026-12-01T17:30:00Z"));
        assertThat(night.label()).isEqualTo("18:00–06:00");
    }

    @Test
    void theShiftOnNowIsFoundOnEitherSideOfMidnight() {
        assertThat(ShiftWindow.at(Instant.parse("2026-12-01T19:00:00Z"), PERTH, SIX, EIGHTEEN))   // 03:00 on the 2nd in Perth
                .satisfies(w -> {
                    assertThat(w.type()).isEqualTo(ShiftWindow.Type.NIGHT);
                    assertThat(w.date()).isEqualTo(LocalDate.of(2026, 12, 1));
                });
        assertThat(ShiftWindow.at(Instant.parse("2026-12-01T23:00:00Z"), PERTH, SIX, EIGHTEEN).type()).isEqualTo(ShiftWindow.Type.DAY);
    }

    @Test
    void aDaylightSavingNightIsAnHourShorterOrLonger() {
        ZoneId london = ZoneId.of("Europe/London");
        // the clocks go back at 02:00 on 2026-10-25: that night has 13 hours
        assertThat(ShiftWindow.of(LocalDate.of(2026, 10, 24), ShiftWindow.Type.NIGHT, london, LocalTime.of(7, 0), LocalTime.of(19, 0)).hours())
                .isEqualTo(13);
    }
}
