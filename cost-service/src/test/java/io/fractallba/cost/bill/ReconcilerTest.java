package io.fractallba.cost.bill;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconcilerTest {

    static final LocalDate D1 = LocalDate.parse("2026-11-01");
    static final LocalDate D2 = LocalDate.parse("2026-11-02");
    final BillParser parser = new BillParser("resourceTags/user:tenant",
            List.of("AmazonEC2=compute", "AmazonS3=storage", "AmazonBedrock=llm"));

    @Test
    void aBillBuiltToDifferByKnownAmountsReportsThoseAmountsByCategory() throws Exception {
        Map<Reconciler.DayTenant, Map<String, BigDecimal>> computed = Map.of(
                new Reconciler.DayTenant(D1, "acme"), Map.of("compute", new BigDecimal("10.00"), "llm", new BigDecimal("90.00")),
                new Reconciler.DayTenant(D2, "acme"), Map.of("compute", new BigDecimal("10.00"), "llm", new BigDecimal("90.00")));
        // Day 1: llm billed 2.00 more (2% of 102, under the 3% threshold). Day 2: storage the suite never saw, 5.00.
        String bill = "date,tenant,category,amount_usd\n"
                + "2026-11-01,acme,compute,10.00\n2026-11-01,acme,llm,92.00\n"
                + "2026-11-02,acme,compute,10.00\n2026-11-02,acme,llm,90.00\n2026-11-02,acme,storage,5.00\n";
        List<Reconciler.Line> r = new Reconciler(3).reconcile(computed,
                Reconciler.byDayTenant(parser.parse(BillParser.Format.FLK_CSV, bill)));
        assertThat(r).hasSize(2);
        Reconciler.Line d1 = r.get(0);
        assertThat(d1.diff()).isEqualByComparingTo("-2.00");
        assertThat(d1.diffPercent()).isEqualByComparingTo(new BigDecimal("-200").divide(new BigDecimal("102"),
                new java.math.MathContext(12)));
        assertThat(d1.flagged()).isFalse();
        assertThat(d1.byCategory().get(0).category()).isEqualTo("llm");
        assertThat(d1.byCategory().get(0).diff()).isEqualByComparingTo("-2.00");
        Reconciler.Line d2 = r.get(1);
        assertThat(d2.diff()).isEqualByComparingTo("-5.00");
        assertThat(d2.flagged()).isTrue(); // 5 / 105 = 4.76 %
        assertThat(d2.byCategory().get(0).category()).isEqualTo("storage");
        assertThat(d2.byCategory().get(0).computed()).isEqualByComparingTo("0");
    }

    @Test
    void aDayBilledButNeverComputedAndOneComputedButNotBilledAreBothReported() {
        Map<Reconciler.DayTenant, Map<String, BigDecimal>> computed = Map.of(
                new Reconciler.DayTenant(D1, "acme"), Map.of("compute", BigDecimal.ONE));
        Map<Reconciler.DayTenant, Map<String, BigDecimal>> billed = Map.of(
                new Reconciler.DayTenant(D2, "acme"), Map.of("compute", BigDecimal.ONE));
        List<Reconciler.Line> r = new Reconciler(3).reconcile(computed, billed);
        assertThat(r).extracting(Reconciler.Line::flagged).containsExactly(true, true);
        assertThat(r.get(0).diffPercent()).isNull();
        assertThat(r.get(1).diffPercent()).isEqualByComparingTo("-100");
    }

    @Test
    void anAwsCostAndUsageReportIsReadByProductAndTenantTag() throws Exception {
        String cur = "identity/LineItemId,lineItem/UsageStartDate,lineItem/ProductCode,lineItem/UnblendedCost,"
                + "resourceTags/user:tenant\n"
                + "a,2026-11-01T00:00:00Z,AmazonEC2,1.25,acme\n"
                + "b,2026-11-01T13:00:00Z,AmazonEC2,0.75,acme\n"
                + "c,2026-11-01T02:00:00Z,AmazonBedrock,\"3.5\",acme\n"
                + "d,2026-11-01T02:00:00Z,AmazonS3,0.10,\n"
                + "e,2026-11-02T02:00:00Z,AWSGlue,0.20,beta\n";
        List<BillLine> lines = parser.parse(BillParser.Format.AWS_CUR, cur);
        assertThat(lines).containsExactlyInAnyOrder(
                new BillLine(D1, "acme", "compute", new BigDecimal("2.00")),
                new BillLine(D1, "acme", "llm", new BigDecimal("3.5")),
                new BillLine(D1, BillParser.UNTAGGED, "storage", new BigDecimal("0.10")),
                new BillLine(D2, "beta", "other", new BigDecimal("0.20")));
    }

    @Test
    void unreadableBillsNameTheLineAndTheProblem() {
        assertThatThrownBy(() -> parser.parse(BillParser.Format.FLK_CSV, "date,tenant,category\n"))
                .hasMessageContaining("no column 'amount_usd'");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.FLK_CSV,
                "date,tenant,category,amount_usd\n2026-11-01,acme,llm,1\n2026-13-01,acme,llm,1\n"))
                .hasMessageContaining("line 3").hasMessageContaining("2026-13-01");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.FLK_CSV,
                "date,tenant,category,amount_usd\n2026-11-01,acme,llm,12,5\n"))
                .isInstanceOf(BillFormatException.class);
        assertThatThrownBy(() -> parser.parse(BillParser.Format.FLK_CSV,
                "date,tenant,category,amount_usd\n2026-11-01,acme,llm,abc\n"))
                .hasMessageContaining("line 2").hasMessageContaining("not a decimal");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.FLK_CSV,
                "date,tenant,category,amount_usd\n2026-11-01,\"acme,llm,1\n"))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> parser.parse(BillParser.Format.AWS_CUR, "lineItem/UsageStartDate\n"))
                .hasMessageContaining("lineItem/ProductCode");
    }

    @Test
    void amountsNoBillCanHoldAreRefusedWithTheirLine() throws Exception {
        String head = "date,tenant,category,amount_usd\n2026-11-01,acme,compute,10.00\n";
        for (String amount : List.of("1e999999999", "1E+2147483647", "-1e16", "1234567890123456", "0.00000000001")) {
            assertThatThrownBy(() -> parser.parse(BillParser.Format.FLK_CSV, head + "2026-11-01,acme,llm," + amount + "\n"))
                    .isInstanceOf(BillFormatException.class).hasMessageContaining("line 3").hasMessageContaining("out of range");
        }
        // The edges that do fit, and zeros of any exponent.
        List<BillLine> ok = parser.parse(BillParser.Format.FLK_CSV, head + "2026-11-01,beta,llm,999999999999999.9999999999\n"
                + "2026-11-01,gamma,llm,0E+999999999\n2026-11-01,delta,llm,1.50000000000000000000\n");
        assertThat(ok).hasSize(4);
    }
}
