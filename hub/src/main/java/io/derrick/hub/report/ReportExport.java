package io.derrick.hub.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
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
    static byte[] csv(ReportRepository.Stored s, Map<String, ActivityCode> codes) {
        ReportRepository.Header h = s.header();
        ReportContent c = s.content();
        ShiftWindow w = h.window();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter out = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), CSVFormat.DEFAULT.builder()
                .setHeader("section", "rig", "date", "shift", "status", "item", "size", "from_m", "to_m", "start", "end", "hours", "quantity",
                        "unit", "value", "remarks").get())) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void row(CSVPrinter out, String[] head, String section, Object... values) throws IOException {
        Object[] all = new Object[1 + head.length + values.length];
        all[0] = section;
        System.arraycopy(head, 0, all, 1, head.length);
        System.arraycopy(values, 0, all, 1 + head.length, values.length);
        out.printRecord(all);
    }

    /** The one-page PDF of a shift, receipt style. */
    static byte[] pdf(ReportRepository.Stored s, Map<String, ActivityCode> codes) {
        ReportRepository.Header h = s.header();
        ReportContent c = s.content();
        ShiftWindow w = h.window();
        ReportView.Totals t = ReportView.Totals.of(c, w, codes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 28, 28, 28, 28);
        try {
            PdfWriter.getInstance(doc, bytes);
            doc.addTitle("Daily drilling report " + h.rig() + " " + h.date() + " " + h.type().wire());
            doc.addCreator("Derrick");
            doc.open();
            Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 13);
            Font bold = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8);
            Font body = FontFactory.getFont(FontFactory.HELVETICA, 8);
            doc.add(new Paragraph("Daily drilling report — " + h.rig() + ", " + h.date() + ", " + h.type().wire() + " shift", title));
            doc.add(new Paragraph(String.format(Locale.ROOT, "%s %s · status %s · quality score %d · client %s", w.label(), w.zone().getId(),
                    h.status().wire().replace('_', ' '), h.score(), h.client() == null ? "none" : h.client()), body));
            section(doc, "Shift information", bold);
            table(doc, bold, body, List.of("Location", "Standby", "Standby reason", "Standby hours", "Remarks"),
                    List.of(List.of(text(c.location()), c.standby() ? "yes" : "no", text(c.standbyReason()), num(c.standbyHours()), text(c.remarks()))));
            section(doc, "Crew", bold);
            table(doc, bold, body, List.of("Role", "Name", "Hours"), c.crew().stream().map(m -> List.of(m.role(), m.name(), num(m.hours()))).toList());
            section(doc, "Drilling progress", bold);
            table(doc, bold, body, List.of("Hole", "Size", "From (m)", "To (m)", "Start", "End", "Metres", "ROP (m/h)", "Recovered (m)", "Recovery %", "Casing"),
                    c.progress().stream().map(p -> {
                        double hours = w.hours(p.start(), p.end());
                        return List.of(p.hole(), p.coreSize(), num(p.fromDepth()), num(p.toDepth()), p.start().toString(), p.end().toString(),
                                num(p.metres()), hours > 0 ? num(p.metres() / hours) : "", p.coreRecovered() == null ? "" : num(p.coreRecovered()),
                                p.recoveryPct() == null ? "" : num(p.recoveryPct()), text(p.casingSize()));
                    }).toList());
            section(doc, "Activities", bold);
            table(doc, bold, body, List.of("Code", "Activity", "Start", "End", "Hours", "NPT", "Description"), c.activities().stream().map(a -> {
                ActivityCode code = codes.get(a.code());
                return List.of(a.code(), code == null ? "" : code.label(), a.start().toString(), a.end().toString(),
                        num(w.hours(a.start(), a.end())), code != null && !code.productive() ? "NPT" : "", text(a.description()));
            }).toList());
            section(doc, "Materials used", bold);
            table(doc, bold, body, List.of("Material", "Quantity", "Unit", "Remarks"),
                    c.materials().stream().map(m -> List.of(m.name(), num(m.quantity()), m.unit(), text(m.remarks()))).toList());
            section(doc, "Surveys", bold);
            table(doc, bold, body, List.of("Depth (m)", "Dip (°)", "Azimuth (°)", "Tool", "Remarks"),
                    c.surveys().stream().map(v -> List.of(num(v.depth()), num(v.dip()), num(v.azimuth()), text(v.tool()), text(v.remarks()))).toList());
            section(doc, "Casing", bold);
            table(doc, bold, body, List.of("Size", "From (m)", "To (m)", "Length (m)"),
                    c.casing().stream().map(k -> List.of(k.size(), num(k.fromDepth()), num(k.toDepth()), num(k.length()))).toList());
            section(doc, "Totals", bold);
            table(doc, bold, body, List.of("Metres", "Drilling hours", "Activity hours", "Productive", "Non-productive", "Man-hours", "Standby hours"),
                    List.of(List.of(num(t.metres()), num(t.drillingHours()), num(t.activityHours()), num(t.productiveHours()), num(t.nonProductiveHours()),
                            num(t.manHours()), num(t.standbyHours()))));
            section(doc, "Approvals", bold);
            ZoneId zone = w.zone();
            table(doc, bold, body, List.of("Step", "By", "When (" + zone.getId() + ")", "Comment"), s.history().stream()
                    .map(e -> List.of(e.action().replace('_', ' '), e.actorName(), SIGNED.format(e.at().atZone(zone)), text(e.comment()))).toList());
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the report's PDF could not be written: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * The workbook of a shift: a sheet per section, bold headers, dates formatted, widths from the content, and the
     * totals as formulas (the metres of a progress row too: =to-from), so the sheet stays right when someone edits it.
     */
    static byte[] xlsx(ReportRepository.Stored s, Map<String, ActivityCode> codes) {
        ReportRepository.Header h = s.header();
        ReportContent c = s.content();
        ShiftWindow w = h.window();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Derrick", "0.1");
            Sheet shift = new Sheet(wb.newWorksheet("Shift"), List.of("Rig", "Date", "Shift", "Window", "Time zone", "Client", "Status", "Location",
                    "Standby", "Standby reason", "Standby hours", "Quality score", "Remarks"));
            shift.row(h.rig(), h.date(), h.type().wire(), w.label(), w.zone().getId(), text(h.client()), h.status().wire(), text(c.location()),
                    c.standby() ? "yes" : "no", text(c.standbyReason()), c.standbyHours(), h.score(), text(c.remarks()));
            shift.finish();
            Sheet crew = new Sheet(wb.newWorksheet("Crew"), List.of("Role", "Name", "Hours"));
            c.crew().forEach(m -> crew.row(m.role(), m.name(), m.hours()));
            crew.total(2, "Man-hours");
            crew.finish();
            Sheet progress = new Sheet(wb.newWorksheet("Progress"), List.of("Hole", "Size", "From (m)", "To (m)", "Start", "End", "Hours", "Metres",
                    "ROP (m/h)", "Core recovered (m)", "Recovery %", "Casing", "Remarks"));
            for (ReportContent.Progress p : c.progress()) {
                int r = progress.row(p.hole(), p.coreSize(), p.fromDepth(), p.toDepth(), p.start().toString(), p.end().toString(),
                        ReportView.r(w.hours(p.start(), p.end())), null, null, p.coreRecovered(), null, text(p.casingSize()), text(p.remarks()));
                progress.formula(r, 7, "D" + (r + 1) + "-C" + (r + 1));
                progress.formula(r, 8, "IF(G" + (r + 1) + ">0,H" + (r + 1) + "/G" + (r + 1) + ",0)");
                if (p.coreRecovered() != null) {
                    progress.formula(r, 10, "IF(H" + (r + 1) + ">0,J" + (r + 1) + "/H" + (r + 1) + "*100,0)");
                }
            }
            progress.total(6, "Totals");
            progress.total(7, null);
            progress.total(9, null);
            progress.finish();
            Sheet activities = new Sheet(wb.newWorksheet("Activities"), List.of("Code", "Activity", "Start", "End", "Hours", "Productive", "Description"));
            for (ReportContent.Activity a : c.activities()) {
                ActivityCode code = codes.get(a.code());
                activities.row(a.code(), code == null ? a.code() : code.label(), a.start().toString(), a.end().toString(),
                        ReportView.r(w.hours(a.start(), a.end())), code == null || code.productive() ? "yes" : "no (NPT)", text(a.description()));
            }
            activities.total(4, "Hours");
            activities.finish();
            Sheet materials = new Sheet(wb.newWorksheet("Materials"), List.of("Material", "Quantity", "Unit", "Remarks"));
            c.materials().forEach(m -> materials.row(m.name(), m.quantity(), m.unit(), text(m.remarks())));
            materials.finish();
            Sheet surveys = new Sheet(wb.newWorksheet("Surveys"), List.of("Depth (m)", "Dip (deg)", "Azimuth (deg)", "Tool", "Remarks"));
            c.surveys().forEach(v -> surveys.row(v.depth(), v.dip(), v.azimuth(), text(v.tool()), text(v.remarks())));
            surveys.finish();
            Sheet casing = new Sheet(wb.newWorksheet("Casing"), List.of("Size", "From (m)", "To (m)", "Length (m)"));
            for (ReportContent.Casing k : c.casing()) {
                int r = casing.row(k.size(), k.fromDepth(), k.toDepth(), null);
                casing.formula(r, 3, "C" + (r + 1) + "-B" + (r + 1));
            }
            casing.total(3, "Length");
            casing.finish();
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A worksheet being written: a bold header row, rows of values, a totals row of SUM formulas, widths from the content. */
    private static final class Sheet {
        private final Worksheet ws;
        private final int[] widths;
        private int next = 1;
        private Integer totalsRow;

        Sheet(Worksheet ws, List<String> headers) {
            this.ws = ws;
            this.widths = new int[headers.size()];
            for (int i = 0; i < headers.size(); i++) {
                ws.value(0, i, headers.get(i));
                ws.style(0, i).bold().set();
                widths[i] = headers.get(i).length();
            }
        }

        /** Writes a row (null: a cell left for a formula); returns its index. */
        int row(Object... values) {
            int r = next++;
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                switch (v) {
                    case null -> { }
                    case Number n -> ws.value(r, i, n);
                    case java.time.LocalDate d -> {
                        ws.value(r, i, d);
                        ws.style(r, i).format("yyyy-mm-dd").set();
                    }
                    default -> ws.value(r, i, v.toString());
                }
                widths[i] = Math.max(widths[i], v == null ? 0 : v.toString().length());
            }
            return r;
        }

        void formula(int r, int c, String formula) {
            ws.formula(r, c, formula);
            widths[c] = Math.max(widths[c], 8);
        }

        /** A SUM of column {@code c} over the rows, on the totals row (labelled in column A when {@code label} is given). */
        void total(int c, String label) {
            if (totalsRow == null) {
                totalsRow = next++;
            }
            if (label != null) {
                ws.value(totalsRow, 0, label);
                ws.style(totalsRow, 0).bold().set();
            }
            String col = String.valueOf((char) ('A' + c));
            ws.formula(totalsRow, c, "SUM(" + col + "2:" + col + Math.max(2, totalsRow) + ")");
            ws.style(totalsRow, c).bold().set();
        }

        void finish() {
            for (int i = 0; i < widths.length; i++) {
                ws.width(i, Math.min(60, widths[i] + 2));
            }
        }
    }

    private static void section(Document doc, String name, Font bold) {
        Paragraph p = new Paragraph(name.toUpperCase(Locale.ROOT), bold);
        p.setSpacingBefore(6);
        p.setSpacingAfter(2);
        doc.add(p);
    }

    private static void table(Document doc, Font bold, Font body, List<String> headers, List<List<String>> rows) {
        PdfPTable table = new PdfPTable(headers.size());
        table.setWidthPercentage(100);
        for (String head : headers) {
            PdfPCell cell = new PdfPCell(new Phrase(head, bold));
            cell.setBackgroundColor(new java.awt.Color(235, 235, 235));
            table.addCell(cell);
        }
        if (rows.isEmpty()) {
            PdfPCell none = new PdfPCell(new Phrase("none", body));
            none.setColspan(headers.size());
            none.setHorizontalAlignment(Element.ALIGN_LEFT);
            table.addCell(none);
        }
        for (List<String> row : rows) {
            for (String value : row) {
                table.addCell(new Phrase(value, body));
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
