package io.fractallba.cost.query;

import java.math.BigDecimal;
import java.util.List;

/** The CSV form of a breakdown (RFC 4180): the same rows and numbers as the JSON answer, plain decimals. */
public final class CsvExport {

    private CsvExport() {
    }

    public static String of(BreakdownRequest q, List<BreakdownRow> rows) {
        boolean quantity = q.groupBy().contains(BreakdownRequest.Dimension.RESOURCE);
        StringBuilder out = new StringBuilder();
        if (q.granularity() != BreakdownRequest.Granularity.TOTAL) {
            out.append("bucket,");
        }
        q.groupBy().forEach(d -> out.append(d.wireName()).append(','));
        out.append("cost_usd,").append(quantity ? "quantity," : "").append("unpriced_rows,trusted_tasks,cost_per_trusted_task_usd\r\n");
        for (BreakdownRow r : rows) {
            if (r.bucket() != null) {
                out.append(r.bucket()).append(',');
            }
            r.group().values().forEach(v -> out.append(field(v)).append(','));
            out.append(plain(r.costUsd())).append(',');
            if (quantity) {
                out.append(plain(r.quantity())).append(',');
            }
            out.append(r.unpriced()).append(',').append(r.trustedTasks()).append(',')
                    .append(r.costPerTrustedTask() == null ? "" : plain(r.costPerTrustedTask())).append("\r\n");
        }
        return out.toString();
    }

    private static String plain(BigDecimal b) {
        return b == null ? "" : b.toPlainString();
    }

    /**
     * A text cell. One starting with = + - @ (or a tab or CR) is what a spreadsheet runs as a formula when the analyst
     * opens the export — and model/task names come from agents — so it is prefixed with ' (the OWASP advice), which
     * spreadsheets show as text.
     */
    static String field(String v) {
        if (v == null) {
            return "";
        }
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
