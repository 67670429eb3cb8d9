package io.fractallba.cost;

import io.fractallba.cost.advice.AdvisorService;
import io.fractallba.cost.advice.RealisedSaving;
import io.fractallba.cost.advice.Recommendation;
import io.fractallba.cost.api.AdviceResource;
import io.fractallba.cost.api.BillResource;
import io.fractallba.cost.api.CostResource;
import io.fractallba.cost.api.PriceResource;
import io.fractallba.cost.bill.Reconciler;
import io.fractallba.cost.bill.ReconciliationWatcher;
import io.fractallba.cost.budget.Budget;
import io.fractallba.cost.forecast.ForecastService;
import io.fractallba.cost.price.Price;
import io.fractallba.cost.price.PriceStore;
import io.fractallba.cost.query.BreakdownRow;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The cost-service's own types that Jackson binds (bills, reconciliations, budgets, forecasts, recommendations, prices and breakdowns), registered for its native build (docs/native.md); the
 * events are registered by service-kafka's EventTypesForReflection. NativeReflectionTest checks both.
 */
@RegisterForReflection(targets = {
        AdviceResource.ApplyBody.class,
        AdvisorService.Applied.class,
        RealisedSaving.Result.class,
        Recommendation.class,
        BillResource.Imported.class,
        BillResource.Reconciliation.class,
        CostResource.Breakdown.class,
        PriceResource.Publication.class,
        Reconciler.CategoryDiff.class,
        Reconciler.Line.class,
        ReconciliationWatcher.Result.class,
        ReconciliationWatcher.TenantGap.class,
        Budget.class,
        ForecastService.Accuracy.class,
        ForecastService.Band.class,
        ForecastService.Forecast.class,
        ForecastService.ModelAccuracy.class,
        ForecastService.Point.class,
        Price.class,
        PriceStore.Repricing.class,
        BreakdownRow.class
})
public final class NativeTypes {

    private NativeTypes() {
    }
}
