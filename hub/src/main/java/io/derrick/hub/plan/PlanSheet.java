package io.derrick.hub.plan;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An uploaded table for the planner's import: a CSV file (UTF-8, comma, semicolon or tab, as its first line says) or
 * an Excel workbook (xlsx: the sheet named {@code preferredSheet}, else the first), told apart by content, never by
 * name. Its first row is the header; every cell is text as the sheet shows it, a date cell as an ISO date;
 * {@code numbers}: each row's number in the file as its user sees it (the header is row 1).
 */
record PlanSheet(String format, String sheet, List<String> headers, List<List<String>> rows, List<Integer> numbers) {
    /** The file cannot be read as a table: the message says why, for the user. */
    static final class BadFile extends Exception {
        BadFile(String message) {
            super(message);
        }
    }

    static PlanSheet read(byte[] body, String preferredSheet, int maxRows) throws BadFile {
        if (body.length == 0) {
            throw new BadFile("the file is empty");
        }
        boolean zip = body.length > 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
        if (zip) {
            return xlsx(body, preferredSheet, maxRows);
        }
        if (body.length > 8 && (body[0] & 0xff) == 0xD0 && (body[1] & 0xff) == 0xCF) {
            throw new BadFile("this is an old Excel file (xls): save it as an Excel workbook (xlsx) or CSV");
        }
        return csv(body, maxRows);
    }

    private static PlanSheet csv(byte[] body, int maxRows) throws BadFile {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadFile("not a UTF-8 text file nor an xlsx workbook: save the sheet as CSV UTF-8, or as xlsx");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\0') >= 0) {
            throw new BadFile("not a CSV file (it holds binary data) nor an xlsx workbook");
        }
        String first = text.lines().findFirst().orElse("");
        char delimiter = count(first, '\t') > Math.max(count(first, ','), count(first, ';')) ? '\t' : count(first, ';') > count(first, ',') ? ';' : ',';
        List<List<String>> rows = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        try (CSVParser p = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).setTrim(true).get()
                .parse(new StringReader(text))) {
            for (CSVRecord r : p) {
                if (rows.size() > maxRows) {
                    throw new BadFile("more than " + maxRows + " rows (plan.import.maxRows): split the file");
                }
                rows.add(r.toList());
                numbers.add(rows.size());
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new BadFile("not a well-formed CSV file: " + e.getMessage());
        }
        return of("csv", null, rows, numbers);
    }

    /** Columns a row may have at most: a wider sheet is not a plan (and a crafted one must not exhaust memory). */
    static final int MAX_COLUMNS = 200;

    private static PlanSheet xlsx(byte[] body, String preferredSheet, int maxRows) throws BadFile {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(body), new ReadingOptions(true, false))) {
            Sheet sheet = preferredSheet == null ? wb.getFirstSheet() : wb.findSheet(preferredSheet).orElse(wb.getFirstSheet());
            List<List<String>> rows = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            try (Stream<Row> stream = sheet.openStream()) {
                for (Row row : (Iterable<Row>) stream::iterator) {
                    if (row.getCellCount() > MAX_COLUMNS) {
                        throw new BadFile("row " + row.getRowNum() + " of sheet '" + sheet.getName() + "' has " + row.getCellCount()
                                + " columns: at most " + MAX_COLUMNS);
                    }
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < row.getCellCount(); c++) {
                        cells.add(text(row.getCell(c)));
                    }
                    if (cells.stream().anyMatch(x -> !x.isEmpty())) {
                        if (rows.size() > maxRows) {
                            throw new BadFile("sheet '" + sheet.getName() + "' has more than " + maxRows + " rows (plan.import.maxRows): split it");
                        }
                        rows.add(cells);
                        numbers.add(row.getRowNum());
                    }
                }
            }
            return of("xlsx", sheet.getName(), rows, numbers);
        } catch (IOException | RuntimeException e) {
            throw new BadFile("not a readable xlsx workbook: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static String text(Cell cell) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return "";
        }
        String format = cell.getDataFormatString();
        boolean dateFormat = format != null && format.replaceAll("\\[[^]]*]|\"[^\"]*\"", "").matches("(?i).*[dmy].*");
        if (cell.getType() == CellType.NUMBER || cell.getType() == CellType.FORMULA && isNumber(cell.getRawValue())) {
            if (dateFormat) {
                return cell.asDate().toLocalDate().toString();
            }
            return new BigDecimal(cell.getRawValue()).stripTrailingZeros().toPlainString();
        }
        return cell.getText() == null ? "" : cell.getText().strip();
    }

    private static boolean isNumber(String raw) {
        return raw != null && raw.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    }

    private static PlanSheet of(String format, String sheet, List<List<String>> rows, List<Integer> numbers) throws BadFile {
        if (rows.isEmpty()) {
            throw new BadFile("the " + (sheet == null ? "file" : "sheet '" + sheet + "'") + " has no rows: the first row names the columns");
        }
        List<String> headers = rows.getFirst().stream().map(String::strip).toList();
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.get(i).isEmpty() && headers.indexOf(headers.get(i)) != i) {
                throw new BadFile("the column '" + headers.get(i) + "' is there twice: name each column once");
            }
        }
        return new PlanSheet(format, sheet, headers, List.copyOf(rows.subList(1, rows.size())), List.copyOf(numbers.subList(1, numbers.size())));
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    /** The cell of {@code row} under {@code header} (empty when the row is shorter or there is no such column). */
    String cell(List<String> row, String header) {
        int i = header == null ? -1 : headers.indexOf(header);
        return i < 0 || i >= row.size() ? "" : row.get(i).strip();
    }
}
