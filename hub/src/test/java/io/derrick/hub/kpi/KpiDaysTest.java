package io.derrick.hub.kpi;

import io.derrick.hub.equipment.EquipmentQuery;
import io.derrick.hub.plan.PlanQuery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How the plan and the work orders spread over a rig's days, and the figures' edge cases, as tables worked by hand. */
class KpiDaysTest {
    static PlanQuery.PlannedWell well(long id, String rig, String start, double days, Double depth, double extras) {
        return new PlanQuery.PlannedWell(id, 1, "Base", rig, "W" + id, "North", "H" + id, LocalDate.parse(start), days, depth, extras);
    }

    @Test
    void aPlannedWellsDepthAndExtrasAreSharedOverTheDaysItCovers() {
        // 100 m and 1,000 of extras over 2.5 days: 40 m and 400 on each whole day, 20 m and 200 on the half day
        var days = KpiDays.plan(List.of(well(1, "r", "2026-11-03", 2.5, 100.0, 1000))).get("r");
        assertThat(days.keySet()).extracting(LocalDate::toString).containsExactly("2026-11-03", "2026-11-04", "2026-11-05");
        assertThat(days.values()).extracting(KpiDays.PlanDay::metres).containsExactly(40.0, 40.0, 20.0);
        assertThat(days.values()).extracting(KpiDays.PlanDay::extras).containsExactly(400.0, 400.0, 200.0);
        // two wells on one day (one ends, the next starts): their targets add, both are listed, the first's field stays
        var two = KpiDays.plan(List.of(well(1, "r", "2026-11-01", 1, 10.0, 0), well(2, "r", "2026-11-01", 1, 30.0, 0))).get("r");
        assertThat(two.get(LocalDate.parse("2026-11-01"))).isEqualTo(new KpiDays.PlanDay(40, 0, List.of(1L, 2L), "North"));
        // a well with no planned depth sets no target but is planned (its day rate and extras count)
        assertThat(KpiDays.plan(List.of(well(3, "r", "2026-11-01", 1, null, 50))).get("r").get(LocalDate.parse("2026-11-01")).metres()).isZero();
    }

    @Test
    void downtimeCountsItsHoursOnEachLocalDayOfTheRig() {
        var d = new EquipmentQuery.Downtime(7, "r", 3, "Mud pump 1", "corrective", Instant.parse("2026-11-02T20:00:00Z"), Instant.parse("2026-11-03T05:00:00Z"), true);
        // UTC: 4 h on Nov 2, 5 h on Nov 3; in Perth (UTC+8) all 9 h fall on Nov 3 (04:00–13:00)
        assertThat(KpiDays.downtime(List.of(d), ZoneId.of("UTC"), LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30")))
                .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(LocalDate.parse("2026-11-02"), Map.of(3L, new KpiDays.Down(4, List.of(7L), 4, List.of(7L))),
                        LocalDate.parse("2026-11-03"), Map.of(3L, new KpiDays.Down(5, List.of(7L), 5, List.of(7L))))));
        assertThat(KpiDays.downtime(List.of(d), ZoneId.of("Australia/Perth"), LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30")))
                .containsOnlyKeys(LocalDate.parse("2026-11-03"));
        // days outside the refreshed window are left alone
        assertThat(KpiDays.downtime(List.of(d), ZoneId.of("UTC"), LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-30"))).containsOnlyKeys(LocalDate.parse("2026-11-03"));
    }

    @Test
    void figuresWithoutADenominatorAreUnknownNotZero() {
        KpiFigures.Figures none = KpiFigures.of(KpiFigures.none(""), 0, 0, 24);
        assertThat(none.rop()).isNull();
        assertThat(none.costPerMetre()).isNull();
        assertThat(none.utilization()).isNull();
        assertThat(none.metresPerDay()).isNull();
        // 10 m in 4 h drilling over one rig-day with 6 h productive and 2 h lost
        KpiRepository.Sums s = new KpiRepository.Sums("", 10, null, null, 4, 6, 2, 0, 10, 9, 24, 2, 12000, 12, 1, 0, 3, 1.5);
        KpiFigures.Figures f = KpiFigures.of(s, 1, 1, 24);
        assertThat(f.rop()).isEqualTo(2.5);
        assertThat(f.nptPercent()).isEqualTo(25);
        assertThat(f.utilization()).isEqualTo(25);
        assertThat(f.costPerMetre()).isEqualTo(1200);
        assertThat(f.coreRecovery()).isEqualTo(90);
        assertThat(f.manHoursPerMetre()).isEqualTo(2.4);
        assertThat(f.variance()).isEqualTo(-2);
        assertThat(f.variancePercent()).isCloseTo(-16.67, within(0.01));
        assertThat(f.alarmsPer24h()).isEqualTo(3);
        KpiFigures.Change c = KpiFigures.change(f, none);
        assertThat(c.metres()).as("nothing before: no change to show").isNull();
        assertThat(KpiFigures.pareto(List.of(new KpiRepository.Npt("8", "Repair", 3, 1), new KpiRepository.Npt("NP.W", "Weather", 1, 1))))
                .extracting(KpiFigures.Pareto::cumulativePercent).containsExactly(75.0, 100.0);
    }
}
