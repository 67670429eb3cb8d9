package io.fractallba.ensemble.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code flk.ensemble.*} (docs/ensemble.md has the table). */
@ConfigMapping(prefix = "flk.ensemble")
public interface EnsembleConfig {

    @WithDefault("ensemble-service")
    String consumerGroup();

    @WithDefault("pcs.verified.v1")
    String verifiedTopic();

    @WithDefault("pcs.risk.v1")
    String riskTopic();

    @WithDefault("pcs.decision.v1")
    String decisionTopic();

    @WithDefault("500")
    int maxBatch();

    /**
     * The least a verified submission waits for its risk score before the HRS check may abstain ("risk missing"); it
     * abstains then only once the scorer's group ({@code scorer-group}) has handled the submission, else it waits up
     * to {@code max-join-wait} (docs/ensemble.md, "Join").
     */
    @WithDefault("5s")
    Duration joinWait();

    /**
     * How long a replica decides with a tenant's cached policy before reading it again: a version published through
     * another replica is in force on every replica within this time.
     */
    @WithDefault("5s")
    Duration policyRefresh();

    /** The most a verified submission waits for its risk score, however far behind the scorer is (or while it is down). */
    @WithDefault("60s")
    Duration maxJoinWait();

    /**
     * Consumer group of the risk scorer (hrs-service's {@code flk.hrs.consumer-group}) on the verified topic, whose
     * committed offsets tell how far it has scored.
     */
    @WithDefault("hrs-service")
    String scorerGroup();

    /** Whether joins follow the scorer's progress; false: every join waits {@code join-wait} only (the old rule). */
    @WithDefault("true")
    boolean trackScorer();

    /** A risk score whose verified event never came is dropped after this long. */
    @WithDefault("1h")
    Duration orphanRiskAfter();

    /** Threads running checks (each check of a decision in parallel). */
    @WithDefault("8")
    int checkThreads();

    /**
     * Labelled decisive votes a check needs before a policy with {@code measured_weights} counts it with the weight its
     * measured accuracy earns (docs/ensemble.md).
     */
    @WithDefault("30")
    long measuredWeightsMinLabels();

    /** Seed of the bandit's sampler (per process; a fixed seed makes tests reproducible). */
    @WithDefault("0")
    long banditSeed();

    /** Submissions of a tenant before its anomaly model is fitted. */
    @WithDefault("50")
    int anomalyMinHistory();

    /** New submissions of a tenant after which its anomaly model is fitted again. */
    @WithDefault("200")
    int anomalyRefitEvery();

    /** Latest submissions of a tenant the anomaly model is fitted on. */
    @WithDefault("2000")
    int anomalyWindow();

    /** Fewest labelled decisions the micro-vote training accepts. */
    @WithDefault("100")
    int microVoteMinExamples();
}
