package io.fractallba.cost.price;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The price in force for a resource, model and instant: among the rows covering that instant, a model's own price
 * beats the {@code *} price, and a newer version beats an older one. The SQL re-pricing uses the same rule
 * ({@link PriceStore#BEST_PRICE_SQL}); {@code PriceBookTest} and {@code RepricingTest} hold both to it.
 */
public final class PriceBook {

    private final Map<String, List<Price>> byResource = new HashMap<>();

    public PriceBook(List<Price> prices) {
        for (Price p : prices) {
            byResource.computeIfAbsent(p.resource(), k -> new ArrayList<>()).add(p);
        }
    }

    public Optional<Price> priceAt(String resource, String model, Instant t) {
        Price best = null;
        for (Price p : byResource.getOrDefault(resource, List.of())) {
            if (p.appliesTo(resource, model) && p.covers(t) && (best == null || p.beats(best))) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code quantity × unit price}, exact; empty when no price is in force (the usage stays unpriced). */
    public Optional<Priced> price(String resource, String model, Instant t, BigDecimal quantity) {
        return priceAt(resource, model, t).map(p -> new Priced(p, quantity.multiply(p.usdPerUnit())));
    }

    public record Priced(Price price, BigDecimal cost) {
    }
}
