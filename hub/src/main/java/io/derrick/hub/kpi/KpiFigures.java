package io.derrick.hub.kpi;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's figures from the sums of a group of shifts and rig-days (plain logic, worked by hand in
 * KpiFiguresTest; each is defined in docs/kpis.md). A figure whose denominator is zero is null, never 0 or infinite.
 */
public final class KpiFigures {
    private KpiFigures() {
    }

    /**
     * {@code rigDays}: the rigs × calendar days the group covers; {@code days}: its calendar days; {@code hoursPerDay}:
     * 24, or 12 when one shift type is chosen.
     */
    public record Figures(long shifts, double metres, Double metresMeasured, Double metresPerDay, double planMetres,
                          Double planMetresPerDay, double variance, Double variancePercent, double drillingHours, Double onBottomMeasured,
                          Double rop, double productiveHours, double nptHours, Double nptPercent, double standbyHours, Double utilization,
                          double cost, Double costPerMetre, Double coreRecovery, double manHours, Double manHoursPerMetre,
                          double downtimeHours, long alarms, Double alarmsPer24h, long plannedDays) {
    }

    static Figures of(KpiRepository.Sums s, long rigDays, long days, double hoursPerDay) {
        double cost = s.dayRateCost() + s.extras();
        double variance = s.metres() - s.planMetres();
        return new Figures(s.shifts(), round(s.metres()), round(s.metresMeasured()), ratio(s.metres(), days),
                round(s.planMetres()), ratio(s.planMetres(), days), round(variance), percent(variance, s.planMetres()),
                round(s.drillingHours()), round(s.onBottomMeasured()), ratio(s.metres(), s.drillingHours()), round(s.productiveHours()),
                round(s.nptHours()), percent(s.nptHours(), s.productiveHours() + s.nptHours()), round(s.standbyHours()),
                percent(s.productiveHours(), rigDays * hoursPerDay), round(cost), ratio(cost, s.metres()),
                percent(s.coreRecovered(), s.coredMetres()), round(s.manHours()), ratio(s.manHours(), s.metres()),
                round(s.downtimeHours()), s.alarms(), ratio(s.alarms(), rigDays), s.plannedDays());
    }

    static KpiRepository.Sums none(String key) {
        return new KpiRepository.Sums(key, 0, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The change of each headline figure against the previous period: (now − before) ÷ before, null where before is 0 or unknown. */
    public record Change(Double metres, Double metresPerDay, Double rop, Double nptHours, Double nptPercent, Double utilization,
                         Double costPerMetre, Double coreRecovery, Double manHoursPerMetre, Double downtimeHours, Double alarmsPer24h) {
    }

    static Change change(Figures now, Figures before) {
        return new Change(rel(now.metres(), before.metres()), rel(now.metresPerDay(), before.metresPerDay()), rel(now.rop(), before.rop()),
                rel(now.nptHours(), before.nptHours()), rel(now.nptPercent(), before.nptPercent()), rel(now.utilization(), before.utilization()),
                rel(now.costPerMetre(), before.costPerMetre()), rel(now.coreRecovery(), before.coreRecovery()),
                rel(now.manHoursPerMetre(), before.manHoursPerMetre()), rel(now.downtimeHours(), before.downtimeHours()),
                rel(now.alarmsPer24h(), before.alarmsPer24h()));
    }

    /** A Pareto row: a category's hours, its share of all NPT and the running share down the sorted list. */
    public record Pareto(String code, String label, double hours, long shifts, double percent, double cumulativePercent) {
    }

    static List<Pareto> pareto(List<KpiRepository.Npt> sorted) {
        double total = sorted.stream().mapToDouble(KpiRepository.Npt::hours).sum();
        List<Pareto> out = new ArrayList<>();
        double running = 0;
        for (KpiRepository.Npt n : sorted) {
            running += n.hours();
            out.add(new Pareto(n.code(), n.label(), round(n.hours()), n.shifts(), total == 0 ? 0 : round(100 * n.hours() / total),
                    total == 0 ? 0 : round(100 * running / total)));
        }
        return out;
    }

    /** A cause of a rig's shortfall: an NPT category's hours and the metres they cost at the rig's ROP of the period. */
    public record Cause(String code, String label, double hours, Double metresLost) {
    }

    static List<Cause> causes(List<KpiRepository.Npt> rigNpt, Double rop, int max) {
        return rigNpt.stream().limit(max).map(n -> new Cause(n.code(), n.label(), round(n.hours()), rop == null ? null : round(n.hours() * rop)))
                .toList();
    }

    private static Double ratio(double a, double b) {
        return b == 0 ? null : round(a / b);
    }

    private static Double percent(double a, double b) {
        return b == 0 ? null : round(100 * a / b);
    }

    private static Double rel(Double now, Double before) {
        return now == null || before == null || before == 0 ? null : round(100 * (now - before) / Math.abs(before));
    }

    private static Double rel(double now, double before) {
        return rel(Double.valueOf(now), Double.valueOf(before));
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static Double round(Double v) {
        return v == null ? null : round(v.doubleValue());
    }
}
