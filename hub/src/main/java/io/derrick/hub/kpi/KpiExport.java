package io.derrick.hub.kpi;

import io.derrick.hub.platform.export.XlsxSheet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Every table of the dashboard as rows under a header, written as CSV (UTF-8) or as an Excel sheet. */
final class KpiExport {
    static final List<String> TABLES = List.of("rigs", "trend", "npt", "equipment", "heatmap", "shifts");

    record Table(String name, List<String> headers, List<List<Object>> rows) {
    }

    private static final List<String> FIGURES = List.of("Shifts", "Metres", "Metres measured", "Metres/day", "Plan metres", "Plan metres/day",
            "Variance (m)", "Variance %", "Drilling hours", "On-bottom hours (sensors)", "ROP (m/h)", "Productive hours", "NPT hours", "NPT %",
            "Standby hours", "Utilization %", "Cost", "Cost/metre", "Core recovery %", "Man-hours", "Man-hours/metre",
            "Equipment downtime hours", "Alarms", "Alarms/24 h");

    private static List<Object> figures(KpiFigures.Figures f) {
        List<Object> v = new ArrayList<>();
        v.add(f.shifts());
        v.add(f.metres());
        v.add(f.metresMeasured());
        v.add(f.metresPerDay());
        v.add(f.planMetres());
        v.add(f.planMetresPerDay());
        v.add(f.variance());
        v.add(f.variancePercent());
        v.add(f.drillingHours());
        v.add(f.onBottomMeasured());
        v.add(f.rop());
        v.add(f.productiveHours());
        v.add(f.nptHours());
        v.add(f.nptPercent());
        v.add(f.standbyHours());
        v.add(f.utilization());
        v.add(f.cost());
        v.add(f.costPerMetre());
        v.add(f.coreRecovery());
        v.add(f.manHours());
        v.add(f.manHoursPerMetre());
        v.add(f.downtimeHours());
        v.add(f.alarms());
        v.add(f.alarmsPer24h());
        return v;
    }

    private static List<String> with(List<String> first, List<String> more) {
        List<String> out = new ArrayList<>(first);
        out.addAll(more);
        return out;
    }

    private static List<Object> row(List<Object> first, List<Object> more) {
        List<Object> out = new ArrayList<>(first);
        out.addAll(more);
        return out;
    }

    static Table rigs(List<Kpis.RigLine> lines) {
        List<List<Object>> rows = new ArrayList<>();
        for (Kpis.RigLine l : lines) {
            String causes = String.join("; ", l.causes().stream().map(c -> c.label() + " " + c.hours() + " h").toList());
            List<Object> first = new ArrayList<>(List.of(l.rank(), l.rig(), l.name()));
            first.add(l.client());
            rows.add(row(first, row(figures(l.figures()), List.of(causes))));
        }
        return new Table("rigs", with(List.of("Rank", "Rig", "Name", "Client"), with(FIGURES, List.of("Causes (NPT)"))), rows);
    }

    static Table trend(List<Kpis.Point> points) {
        return new Table("trend", with(List.of("From", "To"), FIGURES),
                points.stream().map(p -> row(List.of(p.start(), p.end()), figures(p.figures()))).toList());
    }

    static Table shifts(List<Kpis.ShiftLine> lines) {
        return new Table("shifts", with(List.of("Shift"), FIGURES), lines.stream().map(l -> row(List.of(l.shiftType()), figures(l.figures()))).toList());
    }

    static Table npt(List<KpiFigures.Pareto> pareto) {
        return new Table("npt", List.of("Code", "Category", "Hours", "Shifts", "Share %", "Cumulative %"),
                pareto.stream().map(p -> List.<Object>of(p.code(), p.label(), p.hours(), p.shifts(), p.percent(), p.cumulativePercent())).toList());
    }

    static Table equipment(List<KpiRepository.Down> down) {
        return new Table("equipment", List.of("Rig", "Equipment id", "Equipment", "Hours down", "Work orders"),
                down.stream().map(d -> List.<Object>of(d.rig(), d.equipment(), d.name(), KpiFigures.round(d.hours()),
                        String.join(" ", d.workOrders().stream().map(String::valueOf).toList()))).toList());
    }

    static Table heatmap(List<Kpis.Cell> cells) {
        List<List<Object>> rows = new ArrayList<>();
        for (Kpis.Cell c : cells) {
            List<Object> r = new ArrayList<>(List.of(c.rig(), c.day()));
            r.add(c.utilization());
            r.addAll(List.of(c.metres(), c.nptHours(), c.planMetres(), c.alarms()));
            rows.add(r);
        }
        return new Table("heatmap", List.of("Rig", "Day", "Utilization %", "Metres", "NPT hours", "Plan metres", "Alarms"), rows);
    }

    static byte[] csv(Table t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter out = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
            out.printRecord(t.headers());
            for (List<Object> r : t.rows()) {
                out.printRecord(r.stream().map(v -> v == null ? "" : v).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] xlsx(Table t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Derrick", "0.1");
            XlsxSheet sheet = new XlsxSheet(wb.newWorksheet(t.name()), t.headers());
            for (List<Object> r : t.rows()) {
                sheet.row(r.toArray());
            }
            sheet.finish();
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
