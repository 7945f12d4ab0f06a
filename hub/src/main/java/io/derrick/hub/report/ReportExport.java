package io.derrick.hub.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import io.derrick.hub.platform.export.XlsxSheet;
import org.dhatim.fastexcel.Workbook;
import org.openpdf.text.Document;
import org.openpdf.text.DocumentException;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.FontFactory;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A shift report as files: CSV (UTF-8, one header row, a row per line of every section, Apache Commons CSV) and the
 * one-page PDF the contractor is paid on (OpenPDF: header, shift information, progress, activities, materials,
 * surveys and casing, totals, the approval signatures with names and times).
 */
final class ReportExport {
    private static final DateTimeFormatter SIGNED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private ReportExport() {
    }

    static String fileName(ReportRepository.Stored s, String extension) {
        return s.header().rig() + "-" + s.header().date() + "-" + s.header().type().wire() + "." + extension;
    }

    /** One header row: section, then the columns every section shares; a section's row fills the ones it has. */
    static byte[] csv(List<ReportRepository.Stored> reports, Map<String, ActivityCode> codes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter out = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), CSVFormat.DEFAULT.builder()
                .setHeader("section", "rig", "date", "shift", "status", "item", "size", "from_m", "to_m", "start", "end", "hours", "quantity",
                        "unit", "value", "remarks").get())) {
            for (ReportRepository.Stored s : reports) {
                csv(out, s, codes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void csv(CSVPrinter out, ReportRepository.Stored s, Map<String, ActivityCode> codes) throws IOException {
        ReportRepository.Header h = s.header();
        ReportContent c = s.content();
        ShiftWindow w = h.window();
        String[] head = {h.rig(), h.date().toString(), h.type().wire(), h.status().wire()};
        row(out, head, "shift", c.location(), null, null, null, w.local(w.start()), w.local(w.end()), w.hours(), null, null, h.score(), c.remarks());
        for (ReportContent.Crew m : c.crew()) {
            row(out, head, "crew", m.role(), null, null, null, null, null, m.hours(), null, "h", m.name(), null);
        }
        for (ReportContent.Progress p : c.progress()) {
            row(out, head, "progress", p.hole(), p.coreSize(), p.fromDepth(), p.toDepth(), p.start(), p.end(), w.hours(p.start(), p.end()),
                    ReportView.r(p.metres()), "m", p.recoveryPct() == null ? null : ReportView.r(p.recoveryPct()), p.remarks());
        }
        for (ReportContent.Activity a : c.activities()) {
            ActivityCode code = codes.get(a.code());
            row(out, head, "activity", a.code(), null, null, null, a.start(), a.end(), w.hours(a.start(), a.end()), null, null,
                    code == null ? a.code() : code.label() + (code.productive() ? "" : " (NPT)"), a.description());
        }
        for (ReportContent.Material m : c.materials()) {
            row(out, head, "material", m.name(), null, null, null, null, null, null, m.quantity(), m.unit(), null, m.remarks());
        }
        for (ReportContent.Survey v : c.surveys()) {
            row(out, head, "survey", v.tool(), null, v.depth(), null, null, null, null, v.dip(), "dip deg", v.azimuth(), v.remarks());
        }
        for (ReportContent.Casing k : c.casing()) {
            row(out, head, "casing", k.size(), k.size(), k.fromDepth(), k.toDepth(), null, null, null, ReportView.r(k.length()), "m", null, null);
        }
        if (c.standby()) {
            row(out, head, "standby", c.standbyReason(), null, null, null, null, null, c.standbyHours(), null, "h", null, null);
        }
    }

    private static void row(CSVPrinter out, String[] head, String section, Object... values) throws IOException {
        Object[] all = new Object[1 + head.length + values.length];
        all[0] = section;
        System.arraycopy(head, 0, all, 1, head.length);
        System.arraycopy(values, 0, all, 1 + head.length, values.length);
        out.printRecord(all);
    }

    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 13);
    private static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8);
    private static final Font BODY = FontFactory.getFont(FontFactory.HELVETICA, 8);

    /** The PDF of shifts, receipt style: one page per shift (one report: the one-page report the contractor is paid on). */
    static byte[] pdf(List<ReportRepository.Stored> reports, Map<String, ActivityCode> codes) {
        String title = reports.size() == 1
                ? "Daily drilling report " + reports.getFirst().header().rig() + " " + reports.getFirst().header().date() + " " + reports.getFirst().header().type().wire()
                : "Daily drilling reports (" + reports.size() + ")";
        return pdf(title, doc -> {
            if (reports.isEmpty()) {
                doc.add(new Paragraph("No reports in this range.", BODY));
            }
            for (ReportRepository.Stored s : reports) {
                if (s != reports.getFirst()) {
                    doc.newPage();
                }
                shift(doc, s, codes);
            }
        });
    }

    /** The 24-hour report of a rig and date: the day's totals and hours by code, then each shift's report. */
    static byte[] dailyPdf(String rig, java.time.LocalDate date, List<ReportRepository.Stored> shifts, ReportView.Totals totals,
                           Map<String, ActivityCode> codes) {
        return pdf("24-hour report " + rig + " " + date, doc -> {
            doc.add(new Paragraph("24-hour report — " + rig + ", " + date, TITLE));
            doc.add(new Paragraph(shifts.stream().map(s -> s.header().type().wire() + " " + s.header().window().label() + " ("
                    + s.header().status().wire().replace('_', ' ') + ")").collect(java.util.stream.Collectors.joining(" · ")), BODY));
            section(doc, "24-hour totals");
            table(doc, List.of("Metres", "Drilling hours", "Activity hours", "Productive", "Non-productive", "Man-hours", "Standby hours"),
                    totals == null ? List.of() : List.of(List.of(num(totals.metres()), num(totals.drillingHours()), num(totals.activityHours()),
                            num(totals.productiveHours()), num(totals.nonProductiveHours()), num(totals.manHours()), num(totals.standbyHours()))));
            section(doc, "Hours by activity code");
            table(doc, List.of("Code", "Activity", "Hours"), totals == null ? List.of() : totals.hoursByCode().entrySet().stream()
                    .map(e -> List.of(e.getKey(), codes.containsKey(e.getKey()) ? codes.get(e.getKey()).label() : "", num(e.getValue()))).toList());
            for (ReportRepository.Stored s : shifts) {
                doc.newPage();
                shift(doc, s, codes);
            }
        });
    }

    private interface Content {
        void write(Document doc) throws DocumentException;
    }

    private static byte[] pdf(String title, Content content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 28, 28, 28, 28);
        try {
            PdfWriter.getInstance(doc, bytes);
            doc.addTitle(title);
            doc.addCreator("Derrick");
            doc.open();
            content.write(doc);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the PDF could not be written: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** One shift: header, shift information, crew, progress, activities, materials, surveys, casing, totals, approvals. */
    private static void shift(Document doc, ReportRepository.Stored s, Map<String, ActivityCode> codes) {
        ReportRepository.Header h = s.header();
        ReportContent c = s.content();
        ShiftWindow w = h.window();
        ReportView.Totals t = ReportView.Totals.of(c, w, codes);
        doc.add(new Paragraph("Daily drilling report — " + h.rig() + ", " + h.date() + ", " + h.type().wire() + " shift", TITLE));
        doc.add(new Paragraph(String.format(Locale.ROOT, "%s %s · status %s · quality score %d · client %s", w.label(), w.zone().getId(),
                h.status().wire().replace('_', ' '), h.score(), h.client() == null ? "none" : h.client()), BODY));
        section(doc, "Shift information");
        table(doc, List.of("Location", "Standby", "Standby reason", "Standby hours", "Remarks"),
                List.of(List.of(text(c.location()), c.standby() ? "yes" : "no", text(c.standbyReason()), num(c.standbyHours()), text(c.remarks()))));
        section(doc, "Crew");
        table(doc, List.of("Role", "Name", "Hours"), c.crew().stream().map(m -> List.of(m.role(), m.name(), num(m.hours()))).toList());
        section(doc, "Drilling progress");
        table(doc, List.of("Hole", "Size", "From (m)", "To (m)", "Start", "End", "Metres", "ROP (m/h)", "Recovered (m)", "Recovery %", "Casing"),
                c.progress().stream().map(p -> {
                    double hours = w.hours(p.start(), p.end());
                    return List.of(p.hole(), p.coreSize(), num(p.fromDepth()), num(p.toDepth()), p.start().toString(), p.end().toString(),
                            num(p.metres()), hours > 0 ? num(p.metres() / hours) : "", p.coreRecovered() == null ? "" : num(p.coreRecovered()),
                            p.recoveryPct() == null ? "" : num(p.recoveryPct()), text(p.casingSize()));
                }).toList());
        section(doc, "Activities");
        table(doc, List.of("Code", "Activity", "Start", "End", "Hours", "NPT", "Description"), c.activities().stream().map(a -> {
            ActivityCode code = codes.get(a.code());
            return List.of(a.code(), code == null ? "" : code.label(), a.start().toString(), a.end().toString(),
                    num(w.hours(a.start(), a.end())), code != null && !code.productive() ? "NPT" : "", text(a.description()));
        }).toList());
        section(doc, "Materials used");
        table(doc, List.of("Material", "Quantity", "Unit", "Remarks"),
                c.materials().stream().map(m -> List.of(m.name(), num(m.quantity()), m.unit(), text(m.remarks()))).toList());
        section(doc, "Surveys");
        table(doc, List.of("Depth (m)", "Dip (°)", "Azimuth (°)", "Tool", "Remarks"),
                c.surveys().stream().map(v -> List.of(num(v.depth()), num(v.dip()), num(v.azimuth()), text(v.tool()), text(v.remarks()))).toList());
        section(doc, "Casing");
        table(doc, List.of("Size", "From (m)", "To (m)", "Length (m)"),
                c.casing().stream().map(k -> List.of(k.size(), num(k.fromDepth()), num(k.toDepth()), num(k.length()))).toList());
        section(doc, "Totals");
        table(doc, List.of("Metres", "Drilling hours", "Activity hours", "Productive", "Non-productive", "Man-hours", "Standby hours"),
                List.of(List.of(num(t.metres()), num(t.drillingHours()), num(t.activityHours()), num(t.productiveHours()), num(t.nonProductiveHours()),
                        num(t.manHours()), num(t.standbyHours()))));
        section(doc, "Approvals");
        ZoneId zone = w.zone();
        table(doc, List.of("Step", "By", "When (" + zone.getId() + ")", "Comment"), s.history().stream()
                .map(e -> List.of(e.action().replace('_', ' '), e.actorName(), SIGNED.format(e.at().atZone(zone)), text(e.comment()))).toList());
    }

    /**
     * The workbook of shifts: a sheet per section, bold headers, dates formatted, widths from the content, and the
     * totals as formulas (the metres of a progress row too: =to-from), so the sheet stays right when someone edits it.
     * One shift's workbook is that shift's; a range's has a row per shift on "Shifts" and the rig, date and shift
     * first on every other sheet's rows.
     */
    static byte[] xlsx(List<ReportRepository.Stored> reports, Map<String, ActivityCode> codes) {
        boolean range = reports.size() != 1;
        List<String> key = range ? List.of("Rig", "Date", "Shift") : List.of();
        int k = key.size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Derrick", "0.1");
            XlsxSheet shift = new XlsxSheet(wb.newWorksheet(range ? "Shifts" : "Shift"), List.of("Rig", "Date", "Shift", "Window", "Time zone", "Client", "Status",
                    "Location", "Standby", "Standby reason", "Standby hours", "Quality score", "Remarks"));
            XlsxSheet crew = new XlsxSheet(wb.newWorksheet("Crew"), concat(key, "Role", "Name", "Hours"));
            XlsxSheet progress = new XlsxSheet(wb.newWorksheet("Progress"), concat(key, "Hole", "Size", "From (m)", "To (m)", "Start", "End", "Hours", "Metres",
                    "ROP (m/h)", "Core recovered (m)", "Recovery %", "Casing", "Remarks"));
            XlsxSheet activities = new XlsxSheet(wb.newWorksheet("Activities"), concat(key, "Code", "Activity", "Start", "End", "Hours", "Productive", "Description"));
            XlsxSheet materials = new XlsxSheet(wb.newWorksheet("Materials"), concat(key, "Material", "Quantity", "Unit", "Remarks"));
            XlsxSheet surveys = new XlsxSheet(wb.newWorksheet("Surveys"), concat(key, "Depth (m)", "Dip (deg)", "Azimuth (deg)", "Tool", "Remarks"));
            XlsxSheet casing = new XlsxSheet(wb.newWorksheet("Casing"), concat(key, "Size", "From (m)", "To (m)", "Length (m)"));
            for (ReportRepository.Stored s : reports) {
                ReportRepository.Header h = s.header();
                ReportContent c = s.content();
                ShiftWindow w = h.window();
                Object[] head = range ? new Object[]{h.rig(), h.date(), h.type().wire()} : new Object[0];
                shift.row(h.rig(), h.date(), h.type().wire(), w.label(), w.zone().getId(), text(h.client()), h.status().wire(), text(c.location()),
                        c.standby() ? "yes" : "no", text(c.standbyReason()), c.standbyHours(), h.score(), text(c.remarks()));
                c.crew().forEach(m -> crew.row(concat(head, m.role(), m.name(), m.hours())));
                for (ReportContent.Progress p : c.progress()) {
                    int r = progress.row(concat(head, p.hole(), p.coreSize(), p.fromDepth(), p.toDepth(), p.start().toString(), p.end().toString(),
                            ReportView.r(w.hours(p.start(), p.end())), null, null, p.coreRecovered(), null, text(p.casingSize()), text(p.remarks())));
                    String from = cell(k + 2, r), to = cell(k + 3, r), hours = cell(k + 6, r), metres = cell(k + 7, r), recovered = cell(k + 9, r);
                    progress.formula(r, k + 7, to + "-" + from);
                    progress.formula(r, k + 8, "IF(" + hours + ">0," + metres + "/" + hours + ",0)");
                    if (p.coreRecovered() != null) {
                        progress.formula(r, k + 10, "IF(" + metres + ">0," + recovered + "/" + metres + "*100,0)");
                    }
                }
                for (ReportContent.Activity a : c.activities()) {
                    ActivityCode code = codes.get(a.code());
                    activities.row(concat(head, a.code(), code == null ? a.code() : code.label(), a.start().toString(), a.end().toString(),
                            ReportView.r(w.hours(a.start(), a.end())), code == null || code.productive() ? "yes" : "no (NPT)", text(a.description())));
                }
                c.materials().forEach(m -> materials.row(concat(head, m.name(), m.quantity(), m.unit(), text(m.remarks()))));
                c.surveys().forEach(v -> surveys.row(concat(head, v.depth(), v.dip(), v.azimuth(), text(v.tool()), text(v.remarks()))));
                for (ReportContent.Casing x : c.casing()) {
                    int r = casing.row(concat(head, x.size(), x.fromDepth(), x.toDepth(), null));
                    casing.formula(r, k + 3, cell(k + 2, r) + "-" + cell(k + 1, r));
                }
            }
            shift.total(10, "Totals");
            crew.total(k + 2, "Man-hours");
            progress.total(k + 6, "Totals");
            progress.total(k + 7, null);
            progress.total(k + 9, null);
            activities.total(k + 4, "Hours");
            materials.finish();
            surveys.finish();
            casing.total(k + 3, "Length");
            for (XlsxSheet sheet : List.of(shift, crew, progress, activities, casing)) {
                sheet.finish();
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The bill of quantities as a workbook: metres, standby and materials sheets with their period (day or month)
     * when cut so, SUM totals, and a "By size" sheet whose metres are SUMIF formulas over the metres sheet.
     */
    static byte[] boqXlsx(ReportRepository.Boq boq, java.time.LocalDate from, java.time.LocalDate to, ReportRepository.Period period,
                          boolean approvedOnly) {
        boolean cut = period != ReportRepository.Period.RANGE;
        List<String> key = cut ? List.of(period == ReportRepository.Period.MONTH ? "Month" : "Date") : List.of();
        int k = key.size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Derrick", "0.1");
            XlsxSheet about = new XlsxSheet(wb.newWorksheet("Bill of quantities"), List.of("From", "To", "Cut by", "Reports"));
            about.row(from, to, period.wire(), approvedOnly ? "approved only" : "all statuses");
            about.finish();
            XlsxSheet metres = new XlsxSheet(wb.newWorksheet("Metres"), concat(key, "Client", "Rig", "Hole", "Core size", "Metres", "Shifts"));
            for (ReportRepository.BoqLine l : boq.metres()) {
                metres.row(concat(cut ? new Object[]{l.period()} : new Object[0], text(l.client()), l.rig(), l.hole(), l.coreSize(), l.metres(), l.shifts()));
            }
            int lastMetres = boq.metres().size() + 1;
            metres.total(k + 4, "Total");
            metres.finish();
            XlsxSheet sizes = new XlsxSheet(wb.newWorksheet("By size"), List.of("Core size", "Metres"));
            String sizeColumn = String.valueOf((char) ('A' + k + 3));
            String metresColumn = String.valueOf((char) ('A' + k + 4));
            for (String size : boq.metres().stream().map(ReportRepository.BoqLine::coreSize).distinct().sorted().toList()) {
                int r = sizes.row(size, null);
                sizes.formula(r, 1, "SUMIF(Metres!" + sizeColumn + "2:" + sizeColumn + lastMetres + "," + cell(0, r) + ",Metres!"
                        + metresColumn + "2:" + metresColumn + lastMetres + ")");
            }
            sizes.total(1, "Total");
            sizes.finish();
            XlsxSheet standby = new XlsxSheet(wb.newWorksheet("Standby"), concat(key, "Client", "Rig", "Hours", "Shifts"));
            for (ReportRepository.BoqStandby l : boq.standby()) {
                standby.row(concat(cut ? new Object[]{l.period()} : new Object[0], text(l.client()), l.rig(), l.hours(), l.shifts()));
            }
            standby.total(k + 2, "Total");
            standby.finish();
            XlsxSheet materials = new XlsxSheet(wb.newWorksheet("Materials"), concat(key, "Client", "Rig", "Material", "Quantity", "Unit"));
            for (ReportRepository.BoqMaterial l : boq.materials()) {
                materials.row(concat(cut ? new Object[]{l.period()} : new Object[0], text(l.client()), l.rig(), l.name(), l.quantity(), l.unit()));
            }
            materials.finish();
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The bill of quantities as CSV: one header row; a row per metres, standby and materials line. */
    static byte[] boqCsv(ReportRepository.Boq boq) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter out = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), CSVFormat.DEFAULT.builder()
                .setHeader("item", "period", "client", "rig", "hole", "size", "name", "quantity", "unit", "shifts").get())) {
            for (ReportRepository.BoqLine l : boq.metres()) {
                out.printRecord("metres", l.period(), l.client(), l.rig(), l.hole(), l.coreSize(), null, l.metres(), "m", l.shifts());
            }
            for (ReportRepository.BoqStandby l : boq.standby()) {
                out.printRecord("standby", l.period(), l.client(), l.rig(), null, null, null, l.hours(), "h", l.shifts());
            }
            for (ReportRepository.BoqMaterial l : boq.materials()) {
                out.printRecord("material", l.period(), l.client(), l.rig(), null, null, l.name(), l.quantity(), l.unit(), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A cell's A1 name; {@code row} counts from 0. */
    private static String cell(int column, int row) {
        return String.valueOf((char) ('A' + column)) + (row + 1);
    }

    private static List<String> concat(List<String> head, String... rest) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(rest));
        return all;
    }

    private static Object[] concat(Object[] head, Object... rest) {
        Object[] all = new Object[head.length + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    /** A worksheet being written: a bold header row, rows of values, a totals row of SUM formulas, widths from the content. */
    private static void section(Document doc, String name) {
        Paragraph p = new Paragraph(name.toUpperCase(Locale.ROOT), BOLD);
        p.setSpacingBefore(6);
        p.setSpacingAfter(2);
        doc.add(p);
    }

    private static void table(Document doc, List<String> headers, List<List<String>> rows) {
        PdfPTable table = new PdfPTable(headers.size());
        table.setWidthPercentage(100);
        for (String head : headers) {
            PdfPCell cell = new PdfPCell(new Phrase(head, BOLD));
            cell.setBackgroundColor(new java.awt.Color(235, 235, 235));
            table.addCell(cell);
        }
        if (rows.isEmpty()) {
            PdfPCell none = new PdfPCell(new Phrase("none", BODY));
            none.setColspan(headers.size());
            none.setHorizontalAlignment(Element.ALIGN_LEFT);
            table.addCell(none);
        }
        for (List<String> row : rows) {
            for (String value : row) {
                table.addCell(new Phrase(value, BODY));
            }
        }
        doc.add(table);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
