package io.fractallba.cost.bill;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bill in CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte order mark tolerated), read with
 * Apache Commons CSV into a header and rows, each row remembering the line it starts on so errors can name it.
 */
final class CsvTable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    /** One data row and the (1-based) line of the file it starts on. */
    record Row(List<String> cells, int line) {
    }

    final List<String> header;
    final List<Row> rows;
    private final Map<String, Integer> index = new HashMap<>();

    private CsvTable(List<String> header, List<Row> rows) {
        this.header = header;
        this.rows = rows;
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i).trim(), i);
        }
    }

    static CsvTable parse(String text) throws BillFormatException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = FORMAT.parse(new StringReader(body))) {
            long line = 1;
            for (CSVRecord r : parser) {
                List<String> cells = r.toList();
                if (header == null) {
                    header = cells;
                } else {
                    rows.add(new Row(cells, (int) line));
                }
                line = parser.getCurrentLineNumber() + 1;
            }
        } catch (IOException | UncheckedIOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new BillFormatException(why.contains("EOF reached before encapsulated token finished")
                    ? "a quoted field is never closed (" + why + ")" : "not readable as CSV: " + why);
        }
        if (header == null) {
            throw new BillFormatException("the bill is empty (a header line is required)");
        }
        return new CsvTable(header, rows);
    }

    int column(String name) throws BillFormatException {
        Integer i = index.get(name);
        if (i == null) {
            throw new BillFormatException("the header has no column '" + name + "' (columns: " + String.join(", ", header) + ")");
        }
        return i;
    }

    /** The first of {@code names} the header has (exports of one provider differ between versions). */
    int column(String... names) throws BillFormatException {
        for (String n : names) {
            Integer i = index.get(n);
            if (i != null) {
                return i;
            }
        }
        throw new BillFormatException("the header has none of the columns " + String.join(" / ", names)
                + " (columns: " + String.join(", ", header) + ")");
    }

    Optional<Integer> optionalColumn(String name) {
        return Optional.ofNullable(index.get(name));
    }

    /** A row with more or fewer fields than the header is refused (an unquoted comma in an amount, say). */
    void checkWidth(Row row) throws BillFormatException {
        if (row.cells().size() != header.size()) {
            throw new BillFormatException("line " + row.line() + ": has " + row.cells().size() + " fields, the header has "
                    + header.size() + " (quote fields that contain commas)");
        }
    }

    String cell(Row row, int col) throws BillFormatException {
        if (col >= row.cells().size()) {
            throw new BillFormatException("line " + row.line() + ": has " + row.cells().size()
                    + " fields, expected at least " + (col + 1));
        }
        return row.cells().get(col).trim();
    }

    /** The header name of a column, for error messages. */
    String name(int col) {
        return header.get(col).trim();
    }
}
