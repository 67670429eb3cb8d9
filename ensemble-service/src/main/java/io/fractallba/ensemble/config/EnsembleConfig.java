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

    /** How long a verified submission waits for its risk score before the HRS check abstains ("risk missing"). */
    @WithDefault("5s")
    Duration joinWait();

    /** A risk score whose verified event never came is dropped after this long. */
    @WithDefault("1h")
    Duration orphanRiskAfter();

    /** Threads running checks (each check of a decision in parallel). */
    @WithDefault("8")
    int checkThreads();

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
