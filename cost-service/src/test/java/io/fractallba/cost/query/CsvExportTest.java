package io.fractallba.cost.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Text cells of the analysts' CSV export: RFC 4180 quoting, and no formula a spreadsheet would run. */
class CsvExportTest {

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasAreDefused() {
        // The payload issue 19's probe got into the export verbatim through an agent's usage.model.
        assertThat(CsvExport.field("=2+5+cmd|' /C calc'!A0")).isEqualTo("'=2+5+cmd|' /C calc'!A0");
        assertThat(CsvExport.field("+1")).isEqualTo("'+1");
        assertThat(CsvExport.field("-x")).isEqualTo("'-x");
        assertThat(CsvExport.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvExport.field("=HYPERLINK(\"x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    }

    @Test
    void ordinaryCellsAreUnchangedOrQuoted() {
        assertThat(CsvExport.field("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(CsvExport.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvExport.field("")).isEmpty();
        assertThat(CsvExport.field(null)).isEmpty();
    }
}
