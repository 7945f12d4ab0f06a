package io.derrick.hub.platform.export;

import org.dhatim.fastexcel.Worksheet;

import java.util.List;

/** A worksheet written row by row under a bold header, its columns as wide as their text, with totals by formula. */
public final class XlsxSheet {
    private final Worksheet ws;
    private final int[] widths;
    private int next = 1;
    private Integer totalsRow;

    public XlsxSheet(Worksheet ws, List<String> headers) {
        this.ws = ws;
        this.widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            ws.value(0, i, headers.get(i));
            ws.style(0, i).bold().set();
            widths[i] = headers.get(i).length();
        }
    }

    /** Writes a row (null: a cell left for a formula); returns its index. */
    public int row(Object... values) {
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

    public void formula(int r, int c, String formula) {
        ws.formula(r, c, formula);
        widths[c] = Math.max(widths[c], 8);
    }

    /** A SUM of column {@code c} over the rows, on the totals row (labelled in column A when {@code label} is given). */
    public void total(int c, String label) {
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

    public void finish() {
        for (int i = 0; i < widths.length; i++) {
            ws.width(i, Math.min(60, widths[i] + 2));
        }
    }
}
