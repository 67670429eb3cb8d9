package io.fractallba.cost.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

}
