package io.fractallba.cost.bill;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF); bills are a few MB at most. */
final class CsvTable {

    final List<String> header;
    final List<List<String>> rows;
    private final Map<String, Integer> index = new HashMap<>();

    private CsvTable(List<String> header, List<List<String>> rows) {
        this.header = header;
        this.rows = rows;
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i).trim(), i);
        }
    }

    static CsvTable parse(String text) throws BillFormatException {
        List<List<String>> records = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        boolean any = false;
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    line += ch == '\n' ? 1 : 0;
                    f.append(ch);
                }
            } else if (ch == '"' && f.isEmpty()) {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                rec.add(f.toString());
                f.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || !f.isEmpty()) {
                    rec.add(f.toString());
                    records.add(rec);
                }
                rec = new ArrayList<>();
                f.setLength(0);
                any = false;
                line++;
            } else {
                f.append(ch);
                any = true;
            }
        }
        if (quoted) {
            throw new BillFormatException("line " + line + ": a quoted field is never closed");
        }
        if (any || !f.isEmpty()) {
            rec.add(f.toString());
            records.add(rec);
        }
        if (records.isEmpty()) {
            throw new BillFormatException("the bill is empty (a header line is required)");
        }
        return new CsvTable(records.get(0), records.subList(1, records.size()));
    }

    int column(String name) throws BillFormatException {
        Integer i = index.get(name);
        if (i == null) {
            throw new BillFormatException("the header has no column '" + name + "' (columns: " + String.join(", ", header) + ")");
        }
        return i;
    }

    /** A row with more or fewer fields than the header is refused (an unquoted comma in an amount, say). */
    void checkWidth(List<String> row, int line) throws BillFormatException {
        if (row.size() != header.size()) {
            throw new BillFormatException("line " + line + ": has " + row.size() + " fields, the header has "
                    + header.size() + " (quote fields that contain commas)");
        }
    }

    static String cell(List<String> row, int col, int line) throws BillFormatException {
        if (col >= row.size()) {
            throw new BillFormatException("line " + line + ": has " + row.size() + " fields, expected at least " + (col + 1));
        }
        return row.get(col).trim();
    }
}
