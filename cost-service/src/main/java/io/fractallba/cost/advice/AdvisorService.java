package io.fractallba.cost.advice;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.cost.config.CostConfig;
import io.fractallba.cost.forecast.ForecastService;
import io.fractallba.cost.forecast.ForecastService.Point;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The optimisation advisor as the API serves it: recommendations from a tenant's own spend ({@link Advisor} on a
 * {@link SpendProfile}), applications recorded once per tenant and recommendation, and each application's realised
 * saving measured against the counterfactual forecast ({@link RealisedSaving}) on every read.
 */
@ApplicationScoped
public class AdvisorService {

    /** The recommendation is not among those the tenant's data gives for the window before it was applied. */
    public static final class NoSuchRecommendationException extends Exception {
        public NoSuchRecommendationException(String message) {
            super(message);
        }
    }

    /** A recorded application and what it realised so far (null with {@code realised_note} while not measurable). */
    public record Applied(@JsonProperty("id") long id, @JsonProperty("tenant") String tenant,
                          @JsonProperty("recommendation_id") String recommendationId,
                          @JsonProperty("kind") String kind,
                          @JsonProperty("applied_at") Instant appliedAt, @JsonProperty("applied_by") String appliedBy,
                          @JsonProperty("note") String note,
                          @JsonProperty("estimated_monthly_saving_usd") BigDecimal estimatedMonthlySavingUsd,
                          @JsonProperty("measured_on") String measuredOn,
                          @JsonProperty("recommendation") JsonNode recommendation,
                          @JsonProperty("realised") RealisedSaving.Result realised,
                          @JsonProperty("realised_note") String realisedNote) {
    }

    /** An application as recorded now or before ({@code created} false: the earlier one stands). */
    public record Recorded(Applied applied, boolean created) {
    }

    private final SpendProfiles profiles;
    private final AppliedStore applied;
    private final ForecastService series;
    private final Advisor advisor;
    private final CostConfig.Advice settings;
    private final int historyDays;
    private final int season;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public AdvisorService(DataSource ds, CostConfig config, ObjectMapper mapper) {
        this.profiles = new SpendProfiles(ds);
        this.applied = new AppliedStore(ds);
        this.series = new ForecastService(ds, config.forecastHistoryDays(), config.forecastSeason());
        this.settings = config.advisor();
        this.advisor = new Advisor(new Advisor.Settings(settings.modelOutlierRatio(), settings.minTrustedTasks(),
                settings.anchorShare(), settings.minMonthlySavingUsd()));
        this.historyDays = config.forecastHistoryDays();
        this.season = config.forecastSeason();
        this.mapper = mapper;
    }

    public int defaultWindowDays() {
        return settings.windowDays();
    }

    /** The tenant's recommendations from the {@code windowDays} whole days before {@code to}. */
    public List<Recommendation> recommend(String tenant, LocalDate to, int windowDays) throws SQLException {
        return advisor.advise(profiles.read(tenant, to.minusDays(windowDays), to));
    }

    /**
     * Records that the tenant applied recommendation {@code id} at {@code appliedAt}: it must be among the
     * recommendations of the default window before that day, the data the decision was made on.
     */
    public Recorded apply(String tenant, String id, Instant appliedAt, String by, String note)
            throws SQLException, NoSuchRecommendationException {
        Optional<AppliedStore.Row> before = applied.find(tenant, id);
        if (before.isPresent()) {
            return new Recorded(view(before.get()), false);
        }
        LocalDate day = appliedAt.atZone(ZoneOffset.UTC).toLocalDate();
        Recommendation r = recommend(tenant, day, settings.windowDays()).stream().filter(x -> x.id().equals(id))
                .findFirst().orElseThrow(() -> new NoSuchRecommendationException("tenant " + tenant + " had no "
                        + "recommendation '" + id + "' in the " + settings.windowDays() + " days before " + day
                        + " (GET /v1/cost/recommendations?tenant=" + tenant + "&to=" + day + " lists them)"));
        String json;
        try {
            json = mapper.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Optional<AppliedStore.Row> row = applied.insert(tenant, r, json, appliedAt, by, note);
        if (row.isPresent()) {
            return new Recorded(view(row.get()), true);
        }
        return new Recorded(view(applied.find(tenant, id).orElseThrow()), false); // recorded concurrently
    }

    /** The tenant's applications, each with its saving measured up to yesterday. */
    public List<Applied> applied(String tenant) throws SQLException {
        List<Applied> out = new ArrayList<>();
        for (AppliedStore.Row r : applied.list(tenant)) {
            out.add(view(r));
        }
        return out;
    }

    private Applied view(AppliedStore.Row r) throws SQLException {
        LocalDate appliedDay = r.appliedAt().atZone(ZoneOffset.UTC).toLocalDate();
        // The day it was applied is measured only when the change took effect at its start: a day half before and
        // half after it belongs to neither the history nor the measurement.
        boolean atMidnight = r.appliedAt().equals(appliedDay.atStartOfDay(ZoneOffset.UTC).toInstant());
        LocalDate first = atMidnight ? appliedDay : appliedDay.plusDays(1);
        LocalDate today = LocalDate.now(clock);
        LocalDate end = first.plusDays(settings.measureDays());
        end = end.isAfter(today) ? today : end;
        RealisedSaving.Result realised = null;
        String note;
        if (!end.isAfter(first)) {
            note = "no complete day since it was applied yet";
        } else {
            // The counterfactual is fitted on forecast-history-days; the placebo origins need up to 12 seasons and
            // one measurement more before that.
            int reach = historyDays + settings.measureDays() + RealisedSaving.MAX_ORIGINS * season;
            List<Point> history = series.daily(r.tenant(), r.scopeResource(), appliedDay.minusDays(reach),
                    appliedDay, true);
            List<Point> actual = series.daily(r.tenant(), r.scopeResource(), first, end, false);
            try {
                realised = RealisedSaving.measure(r.tenant(), history, atMidnight ? 0 : 1, actual, season, historyDays);
                note = realised.measuredDays() < RealisedSaving.MIN_DAYS
                        ? "fewer than " + RealisedSaving.MIN_DAYS + " days measured: a week's pattern not seen yet"
                        : null;
            } catch (ForecastService.NotEnoughHistoryException e) {
                note = "no counterfactual: " + e.getMessage();
            }
        }
        JsonNode rec;
        try {
            rec = mapper.readTree(r.recommendationJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored recommendation is not JSON", e);
        }
        return new Applied(r.id(), r.tenant(), r.recommendationId(), r.kind(), r.appliedAt(), r.appliedBy(), r.note(),
                r.estimateMonthlyUsd(), r.scopeResource() == null ? Recommendation.TENANT_TOTAL
                : "resource:" + r.scopeResource(), rec, realised, note);
    }
}
