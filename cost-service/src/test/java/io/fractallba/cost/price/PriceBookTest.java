package io.fractallba.cost.price;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PriceBookTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");

    static Price p(long id, int version, String model, String usd, Instant from, Instant to) {
        return new Price(id, version, "llm_input_tokens", model, "token", new BigDecimal(usd), from, to);
    }

    @Test
    void aModelsOwnPriceBeatsTheWildcardAndANewerVersionBeatsAnOlder() {
        PriceBook book = new PriceBook(List.of(
                p(1, 1, "*", "0.000001", T0, null),
                p(2, 1, "gpt-x", "0.000003", T0, null),
                p(3, 2, "*", "0.000002", T0, T1)));
        Instant jan = Instant.parse("2026-01-15T12:00:00Z");
        Instant feb = Instant.parse("2026-02-15T12:00:00Z");
        assertThat(book.priceAt("llm_input_tokens", "other", jan).orElseThrow().id()).isEqualTo(3);
        assertThat(book.priceAt("llm_input_tokens", "other", feb).orElseThrow().id()).isEqualTo(1);
        assertThat(book.priceAt("llm_input_tokens", "gpt-x", jan).orElseThrow().id()).isEqualTo(2);
        assertThat(book.priceAt("cpu_ms", "gpt-x", jan)).isEmpty();
        assertThat(book.priceAt("llm_input_tokens", "other", T0.minusSeconds(1))).isEmpty();
    }

    @Test
    void theCostIsTheExactProduct() {
        PriceBook book = new PriceBook(List.of(p(1, 1, "*", "0.0000011", T0, null)));
        assertThat(book.price("llm_input_tokens", "m", T1, new BigDecimal("123456789")).orElseThrow().cost())
                .isEqualByComparingTo("135.8024679");
    }

    @Test
    void theEndOfAWindowIsExclusive() {
        PriceBook book = new PriceBook(List.of(p(1, 1, "*", "1", T0, T1)));
        assertThat(book.priceAt("llm_input_tokens", "m", T1.minusNanos(1000))).isPresent();
        assertThat(book.priceAt("llm_input_tokens", "m", T1)).isEmpty();
    }
}
