package io.derrick.hub.equipment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Due dates of calendar, running-hours and condition schedules, as table cases worked out by hand. */
class MaintenanceTest {
    static final LocalDate TODAY = LocalDate.parse("2026-12-01");

    @ParameterizedTest(name = "every {0} d, last {1}, start {2} → {3} on {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            30  | 2026-11-01 | 2026-01-01 | DUE     | 2026-12-01 | 0
            30  | 2026-10-31 | 2026-01-01 | OVERDUE | 2026-11-30 | -1
            30  | 2026-11-03 | 2026-01-01 | DUE     | 2026-12-03 | 2
            30  | 2026-11-05 | 2026-01-01 | OK      | 2026-12-05 | 4
            30  | 2026-11-10 | 2026-01-01 | OK      | 2026-12-10 | 9
            90  | -          | 2026-09-07 | DUE     | 2026-12-06 | 5
            90  | -          | 2026-09-10 | OK      | 2026-12-09 | 8
            90  | -          | 2026-09-15 | OK      | 2026-12-14 | 13
            365 | 2025-11-01 | 2020-01-01 | OVERDUE | 2026-11-01 | -30
            1   | 2026-11-30 | 2026-01-01 | DUE     | 2026-12-01 | 0
            """)
    void calendar(int every, LocalDate last, LocalDate start, Maintenance.State state, LocalDate dueOn, double remaining) {
        // the lead is a tenth of the interval, from 1 to 7 days
        Maintenance.Due d = Maintenance.due(new Maintenance.Schedule(Maintenance.Basis.CALENDAR, every, null, null, last, null, start),
                new Maintenance.Now(TODAY, 0, 0, null, null));
        assertThat(d.dueOn()).isEqualTo(dueOn);
        assertThat(d.remaining()).isEqualTo(remaining);
        assertThat(d.state()).isEqualTo(state);
    }

    @ParameterizedTest(name = "every {0} h, last at {1} h, now {2} h at {3} h/d → {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            500  | 1000 | 1200 | 10 | OK      | 1500 | 300  | 2026-12-31
            500  | 1000 | 1460 | 10 | DUE     | 1500 | 40   | 2026-12-05
            500  | 1000 | 1520 | 10 | OVERDUE | 1500 | -20  | 2026-12-01
            250  | -    | 100  | 0  | OK      | 250  | 150  | -
            2000 | 0    | 1950 | 20 | DUE     | 2000 | 50   | 2026-12-04
            2000 | 0    | 1949 | 20 | OK      | 2000 | 51   | 2026-12-04
            """)
    void runningHours(double every, Double last, double now, double perDay, Maintenance.State state, double at, double left, LocalDate dueOn) {
        Maintenance.Due d = Maintenance.due(new Maintenance.Schedule(Maintenance.Basis.HOURS, null, every, null, null, last, TODAY),
                new Maintenance.Now(TODAY, now, perDay, null, null));
        assertThat(d.state()).isEqualTo(state);
        assertThat(d.dueAtHours()).isEqualTo(at);
        assertThat(d.remaining()).isEqualTo(left);
        assertThat(d.dueOn()).isEqualTo(dueOn);
    }

    @ParameterizedTest(name = "below {0} h, RUL {1} (low {2}) → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            100 | 180 | 120 | OK
            100 | 90  | 20  | DUE
            100 | 40  | 0   | OVERDUE
            100 | -   | -   | UNKNOWN
            """)
    void condition(double below, Double rul, Double low, Maintenance.State state) {
        Maintenance.Due d = Maintenance.due(new Maintenance.Schedule(Maintenance.Basis.CONDITION, null, null, below, null, null, TODAY),
                new Maintenance.Now(TODAY, 0, 0, rul, low));
        assertThat(d.state()).isEqualTo(state);
    }
}
