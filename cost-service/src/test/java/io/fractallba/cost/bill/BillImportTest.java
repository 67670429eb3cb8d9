package io.fractallba.cost.bill;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GCP and Azure importers on sample exports written from the published schemas (src/test/resources/bills: the
 * Cloud Billing standard usage cost export as newline-delimited JSON, an Azure Cost Management actual-cost CSV), and
 * each kind of broken file, which must be refused whole with its line and column.
 */
class BillImportTest {

    private static final LocalDate NOV1 = LocalDate.of(2026, 11, 1);
    private static final LocalDate NOV2 = LocalDate.of(2026, 11, 2);

    private final BillParser parser = new BillParser(new BillParser.Mapping("resourceTags/user:tenant",
            List.of("AmazonEC2=compute"), "tenant",
            List.of("Compute Engine=compute", "Cloud Storage=storage", "Vertex AI=llm"), "tenant",
            List.of("Virtual Machines=compute", "Azure Database for PostgreSQL=storage", "Cognitive Services=llm")));

    @Test
    void aGcpBillingExportIsReadWithCreditsNettedAndLabelsAsTenants() throws Exception {
        List<BillLine> lines = parser.parse(BillParser.Format.GCP_BILLING, resource("gcp-billing-export.jsonl"));
        assertThat(lines).containsExactlyInAnyOrder(
                // 1.234567 - 0.2 (committed use discount) + 0.765433, two hours of the same day, tenant and category
                new BillLine(NOV1, "acme", "compute", new BigDecimal("1.800000")),
                new BillLine(NOV1, "beta", "storage", new BigDecimal("0.05")),
                new BillLine(NOV2, "acme", "llm", new BigDecimal("2.50")),
                new BillLine(NOV2, BillParser.UNTAGGED, "other", new BigDecimal("0.3")));
    }

    @Test
    void anAzureActualCostExportIsReadWithTagsInEitherForm() throws Exception {
        List<BillLine> lines = parser.parse(BillParser.Format.AZURE_COST, resource("azure-actual-cost.csv"));
        assertThat(lines).containsExactlyInAnyOrder(
                new BillLine(NOV1, "acme", "compute", new BigDecimal("2.304")),
                new BillLine(NOV1, "acme", "storage", new BigDecimal("4.272")),  // Tags without braces (older exports)
                new BillLine(NOV2, "beta", "llm", new BigDecimal("3.75")),
                new BillLine(NOV2, BillParser.UNTAGGED, "other", new BigDecimal("0.25")));
        // ISO dates (newer exports) read as well.
        String iso = resource("azure-actual-cost.csv").replace("11/02/2026", "2026-11-02");
        assertThat(parser.parse(BillParser.Format.AZURE_COST, iso)).hasSize(4);
    }

    @Test
    void brokenGcpExportsAreRefusedWithTheirLine() throws Exception {
        String good = resource("gcp-billing-export.jsonl");
        String[] rows = good.split("\n");
        String truncated = rows[0] + "\n" + rows[1] + "\n" + rows[2].substring(0, rows[2].length() / 2);
        assertThatThrownBy(() -> parser.parse(BillParser.Format.GCP_BILLING, truncated))
                .isInstanceOf(BillFormatException.class).hasMessageContaining("line 3").hasMessageContaining("truncated");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.GCP_BILLING,
                rows[0] + "\n" + rows[1].replace("\"currency\":\"USD\"", "\"currency\":\"EUR\"")))
                .hasMessageContaining("line 2").hasMessageContaining("currency 'EUR'");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.GCP_BILLING, rows[0].replace("\"cost\":1.234567,", "")))
                .hasMessageContaining("line 1").hasMessageContaining("cost is missing");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.GCP_BILLING,
                rows[0].replace("2026-11-01 00:00:00 UTC", "yesterday")))
                .hasMessageContaining("line 1").hasMessageContaining("usage_start_time 'yesterday'");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.GCP_BILLING, rows[0].replace("1.234567", "1e999999999")))
                .hasMessageContaining("line 1").hasMessageContaining("cost").hasMessageContaining("out of range");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.GCP_BILLING, "[1,2]\n"))
                .hasMessageContaining("line 1").hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.GCP_BILLING, "\n\n"))
                .hasMessageContaining("empty");
    }

    @Test
    void brokenAzureExportsAreRefusedWithTheirLineAndColumn() throws Exception {
        String good = resource("azure-actual-cost.csv");
        String header = good.substring(0, good.indexOf('\n') + 1);
        String[] rows = good.substring(header.length()).split("\n");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.AZURE_COST,
                header.replace("MeterCategory", "Meter") + rows[0] + "\n"))
                .hasMessageContaining("no column 'MeterCategory'");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.AZURE_COST,
                header + rows[0] + "\n" + rows[1].replace(",flk-prod,11/01/2026,", ",flk-prod,31/11/2026,") + "\n"))
                .hasMessageContaining("line 3").hasMessageContaining("Date '31/11/2026'");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.AZURE_COST,
                header + rows[2].replace(",3.75,USD,", ",3.75,EUR,") + "\n"))
                .hasMessageContaining("line 2").hasMessageContaining("BillingCurrencyCode 'EUR'");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.AZURE_COST,
                header + rows[2].replace(",3.75,USD,", ",3,75,USD,") + "\n"))
                .hasMessageContaining("line 2").hasMessageContaining("fields");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.AZURE_COST,
                header + rows[2].replace("\"{\"\"tenant\"\": \"\"beta\"\"}\"", "\"{tenant: beta\"") + "\n"))
                .hasMessageContaining("line 2").hasMessageContaining("Tags");
        // A file cut inside a quoted field (a truncated download).
        String cut = header + rows[0] + "\n" + rows[1].substring(0, rows[1].indexOf("\"\"tenant\"\"") + 3);
        assertThatThrownBy(() -> parser.parse(BillParser.Format.AZURE_COST, cut))
                .isInstanceOf(BillFormatException.class).hasMessageContaining("never closed");
    }

    @Test
    void csvLinesAreCountedAcrossQuotedLineBreaksAndCrlf() {
        String bill = "\uFEFFdate,tenant,category,amount_usd\r\n2026-11-01,acme,\"two\r\nline category\",1\r\n"
                + "2026-11-01,acme,llm,not-a-number\r\n";
        assertThatThrownBy(() -> parser.parse(BillParser.Format.FLK_CSV, bill))
                .hasMessageContaining("line 4").hasMessageContaining("amount_usd 'not-a-number'");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BillImportTest.class.getResourceAsStream("/bills/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
