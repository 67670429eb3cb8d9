package io.fractallba.cost.bill;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What the provider billed one tenant for one category on one day (UTC). */
public record BillLine(LocalDate day, String tenant, String category, BigDecimal amountUsd) {
}
