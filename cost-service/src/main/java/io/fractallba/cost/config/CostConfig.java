package io.fractallba.cost.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** cost-service settings ({@code flk.cost.*}); defaults documented in docs/cost.md. */
@ConfigMapping(prefix = "flk.cost")
public interface CostConfig {

    /** Topics whose events carry usage: the verifier's events and every service's {@code cost.usage.v1}. */
    @WithDefault("pcs.verified.v1,cost.usage.v1")
    List<String> topics();

    @WithDefault("cost-service")
    String consumerGroup();

    @WithDefault("2000")
    int maxBatch();


    /** A day and tenant whose computed cost differs from the bill by more than this (percent) is flagged. */
    @WithDefault("3")
    double reconcileThresholdPercent();

    /** How often the recent billed days are reconciled for the flk_cost_reconciliation_flagged_days gauge; 0 disables. */
    @WithDefault("PT1H")
    Duration reconcileInterval();

    /** Days back from today that the scheduled reconciliation covers (a monthly bill and a few days of delay). */
    @WithDefault("35")
    int reconcileWindowDays();

    /** AWS Cost and Usage Report: the column holding the tenant (a cost allocation tag). */
    @WithDefault("resourceTags/user:tenant")
    String awsTenantColumn();

    /** AWS product code → bill category; products not listed fall into {@code other}. */
    @WithDefault("AmazonEC2=compute,AmazonEKS=compute,AWSLambda=compute,AmazonMSK=compute,AmazonS3=storage,"
            + "AmazonRDS=storage,AmazonElastiCache=storage,AmazonBedrock=llm,AmazonSageMaker=llm")
    List<String> awsProductCategories();

    /** GCP Cloud Billing export: the resource label ({@code labels[].key}) holding the tenant. */
    @WithDefault("tenant")
    String gcpTenantLabel();

    /** GCP {@code service.description} → bill category; services not listed fall into {@code other}. */
    @WithDefault("Compute Engine=compute,Kubernetes Engine=compute,Cloud Run=compute,Cloud Storage=storage,"
            + "Cloud SQL=storage,Memorystore for Redis=storage,BigQuery=storage,Vertex AI=llm")
    List<String> gcpServiceCategories();

    /** Azure cost export: the resource tag (in the {@code Tags} column) holding the tenant. */
    @WithDefault("tenant")
    String azureTenantTag();

    /** Azure {@code MeterCategory} → bill category; meter categories not listed fall into {@code other}. */
    @WithDefault("Virtual Machines=compute,Azure Kubernetes Service=compute,Container Instances=compute,Storage=storage,"
            + "Azure Database for PostgreSQL=storage,Redis Cache=storage,Cognitive Services=llm,Foundry Models=llm")
    List<String> azureMeterCategories();

    /** Days of daily history the forecast learns from. */
    @WithDefault("120")
    int forecastHistoryDays();

    /** Season length of the Holt-Winters model, in days. */
    @WithDefault("7")
    int forecastSeason();

    /** Where budget crossings are published. */
    @WithDefault("cost.budget.v1")
    String budgetTopic();

    /** How often month-to-date spend is checked against budgets; 0 disables the watcher. */
    @WithDefault("PT10S")
    Duration budgetCheckInterval();

    /** The optimisation advisor (docs/cost.md, "Optimisation advisor"). */
    Advice advisor();

    interface Advice {

        /** Days of spend a recommendation is computed from, unless the request names another window (7–90). */
        @WithDefault("28")
        int windowDays();

        /** A model is advised against when its cost per trusted task is at least this multiple of the cheapest's. */
        @WithDefault("2.0")
        double modelOutlierRatio();

        /** Trusted tasks a model needs in the window before its cost per trusted task is compared. */
        @WithDefault("50")
        long minTrustedTasks();

        /** Anchoring is advised on when it is at least this share of the tenant's spend (0–1). */
        @WithDefault("0.05")
        double anchorShare();

        /** Recommendations estimated to save less than this per month (USD) are not shown. */
        @WithDefault("0.01")
        BigDecimal minMonthlySavingUsd();

        /** At most this many days after an application are measured against the counterfactual forecast. */
        @WithDefault("56")
        int measureDays();
    }
}
