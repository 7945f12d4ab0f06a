package io.derrick.hub.plan;

import io.derrick.hub.platform.export.XlsxSheet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scenario as a workbook (a sheet per entity: rigs, wells, campaigns, campaign wells with the calculated columns,
 * the figures per rig) and its campaign wells as CSV. The campaign wells' first columns are the import's: a sheet
 * exported, edited and imported again changes what was edited.
 */
final class PlanExport {
    static final List<String> CAMPAIGN_WELL_COLUMNS = List.of("Campaign", "Well", "Rig", "Planned start", "Duration days", "Status", "NPT days", "Hole",
            "After", "Scheduled start", "Scheduled end", "Scheduled days", "Set by", "Day rate", "Extras", "Cost", "Currency", "Id", "Version");

    private PlanExport() {
    }

    /** The calculated figures of a scenario's export: the schedule's slots by campaign well, and the figures per rig. */
    record Calculated(Map<Long, Scheduler.Slot> slots, List<PlanKpis.RigFigures> rigs, String eta, double cost) {
    }

    static byte[] xlsx(PlanRepository.Snapshot snap, Calculated calc) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Derrick", "0.1");
            XlsxSheet about = new XlsxSheet(wb.newWorksheet("Scenario"), List.of("Scenario", "Horizon", "Status", "ETA", "Cost"));
            PlanRepository.ScenarioRow s = snap.full().scenario();
            about.row(s.name(), s.horizon(), s.status(), calc.eta(), calc.cost());
            about.finish();
            XlsxSheet rigs = new XlsxSheet(wb.newWorksheet("Rigs"), List.of("Id", "Name", "Day rate", "Currency", "Status", "Available from", "Available to"));
            for (PlanRepository.RigRow r : snap.rigs()) {
                PlanRepository.Window w = r.available().isEmpty() ? null : r.available().getFirst();
                rigs.row(r.id(), r.name(), r.dayRate(), r.currency(), r.status(), w == null ? null : w.from(), w == null ? null : w.to());
            }
            rigs.finish();
            XlsxSheet wells = new XlsxSheet(wb.newWorksheet("Wells"), List.of("Name", "Field", "Type", "Planned depth", "Location"));
            for (PlanRepository.WellRow w : snap.wells()) {
                wells.row(w.name(), w.field(), w.type(), w.plannedDepth(), w.location());
            }
            wells.finish();
            XlsxSheet campaigns = new XlsxSheet(wb.newWorksheet("Campaigns"), List.of("Campaign", "Wells"));
            for (PlanRepository.CampaignRow c : snap.full().campaigns()) {
                campaigns.row(c.name(), snap.full().wells().stream().filter(w -> w.campaign() == c.id()).count());
            }
            campaigns.finish();
            XlsxSheet cw = new XlsxSheet(wb.newWorksheet("Campaign wells"), CAMPAIGN_WELL_COLUMNS);
            for (List<Object> row : campaignWells(snap, calc)) {
                cw.row(row.toArray());
            }
            cw.finish();
            XlsxSheet figures = new XlsxSheet(wb.newWorksheet("Rig figures"), List.of("Rig", "Days", "Drilling days", "Productive days", "NPT days",
                    "Utilization", "NPT %", "Cost", "Currency", "Wells"));
            for (PlanKpis.RigFigures f : calc.rigs()) {
                figures.row(f.rig(), f.days(), f.drillingDays(), f.productiveDays(), f.nptDays(), f.utilization(), f.nptPct(), f.cost(), f.currency(), f.wells());
            }
            figures.finish();
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String csv(PlanRepository.Snapshot snap, Calculated calc) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CAMPAIGN_WELL_COLUMNS.toArray(String[]::new)).get())) {
            for (List<Object> row : campaignWells(snap, calc)) {
                csv.printRecord(row.stream().map(v -> v == null ? "" : v).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The campaign wells' rows: the import's columns, then what the calculation made of them. */
    private static List<List<Object>> campaignWells(PlanRepository.Snapshot snap, Calculated calc) {
        Map<Long, String> wellNames = new HashMap<>();
        snap.wells().forEach(w -> wellNames.put(w.id(), w.name()));
        Map<Long, String> campaignNames = new HashMap<>();
        snap.full().campaigns().forEach(c -> campaignNames.put(c.id(), c.name()));
        Map<Long, String> nameOf = new HashMap<>();
        snap.full().wells().forEach(w -> nameOf.put(w.id(), wellNames.get(w.well())));
        Map<String, PlanRepository.RigRow> rigs = new HashMap<>();
        snap.rigs().forEach(r -> rigs.put(r.id(), r));
        List<List<Object>> rows = new ArrayList<>();
        for (PlanRepository.CampaignWellRow w : snap.full().wells()) {
            Scheduler.Slot slot = calc.slots().get(w.id());
            PlanRepository.RigRow rig = w.rig() == null ? null : rigs.get(w.rig());
            double extras = w.extras().stream().mapToDouble(PlanRepository.Extra::amount).sum();
            String after = w.dependencies().stream().map(d -> nameOf.get(d.predecessor()) + (d.lagDays() == 0 ? "" : " +" + fmt(d.lagDays())))
                    .collect(Collectors.joining("; "));
            List<Object> row = new ArrayList<>();
            row.add(campaignNames.get(w.campaign()));
            row.add(wellNames.get(w.well()));
            row.add(w.rig());
            row.add(w.plannedStart());
            row.add(w.durationDays());
            row.add(w.status());
            row.add(w.nptDays());
            row.add(w.hole());
            row.add(after);
            row.add(slot == null ? null : slot.startDate());
            row.add(slot == null ? null : slot.endDate());
            row.add(slot == null ? null : slot.days());
            row.add(slot == null ? null : slot.driver().name().toLowerCase(java.util.Locale.ROOT));
            row.add(rig == null ? null : rig.dayRate());
            row.add(extras);
            row.add(slot == null || rig == null ? null : rig.dayRate() * slot.days() + extras);
            row.add(rig == null ? null : rig.currency());
            row.add(w.id());
            row.add(w.version());
            rows.add(row);
        }
        return rows;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
