package io.fractallba.crr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** crr-shipper settings ({@code flk.crr.*}); every key and default is documented in docs/crr.md. */
@ConfigMapping(prefix = "flk.crr")
public interface CrrConfig {

    /** This region's name; must equal its verifier's flk.verifier.region. */
    @WithDefault("local")
    String region();

    /** The region's verified-submission topic, the shipper's source. */
    @WithDefault("pcs.verified.v1")
    String topic();

    @WithDefault("crr-shipper")
    String consumerGroup();

    /** This region's verifier (repairs of records missing here are applied through it). */
    @WithDefault("http://127.0.0.1:8080")
    String localVerifierUrl();

    /** This region's dedup-service (digests of the records held here). */
    @WithDefault("http://127.0.0.1:8081")
    String localDedupUrl();

    /** This region's audit-service (its signed checkpoints are cross-checked with the peers'); unset: no cross-check. */
    Optional<String> localAuditUrl();

    /** Peer regions by name. */
    Map<String, Peer> peers();

    /** Per-tenant replication policy; tenants not named follow {@link #defaultMode()}. */
    Map<String, TenantPolicy> tenants();

    /** full: to every peer; none: kept in this region; selective: to the peers a tenant names. */
    @WithDefault("full")
    String defaultMode();

    /** Records per shipped batch (small batches keep each acknowledgement, and so the lag, short). */
    @WithDefault("200")
    int batchSize();

    /** Pause of an idle shipper before it looks for new records again. */
    @WithDefault("50ms")
    Duration idlePoll();

    /** First retry delay after a failed batch; doubles per failure up to {@link #backoffMax()}, with full jitter. */
    @WithDefault("100ms")
    Duration backoffInitial();

    @WithDefault("5s")
    Duration backoffMax();

    /** Timeout of one HTTP call to a peer. */
    @WithDefault("15s")
    Duration requestTimeout();

    Divergence divergence();

    interface Peer {
        /** The peer region's verifier, which applies shipped records. */
        String verifierUrl();

        /** The peer region's dedup-service, whose digests are compared with this region's. */
        String dedupUrl();

        /** The peer region's crr-shipper, which lends records missing here from its ledger. */
        String shipperUrl();

        /** The peer region's audit-service, whose checkpoints are cross-checked with this region's; unset: none. */
        Optional<String> auditUrl();
    }

    interface TenantPolicy {
        /** full, none or selective. */
        String mode();

        /** The peers of a selective tenant. */
        Optional<List<String>> peers();
    }

    interface Divergence {
        /** How often the detector compares the recent past with every peer; 0 turns the schedule off. */
        @WithDefault("60s")
        Duration interval();

        /** Length of one compared window. */
        @WithDefault("5m")
        Duration window();

        /** How far back the scheduled comparison reaches. */
        @WithDefault("1h")
        Duration lookback();

        /** Records younger than this are left out: replication may still be carrying them. */
        @WithDefault("30s")
        Duration settle();

        /** Key ranges with at most this many records on either side are listed instead of split further. */
        @WithDefault("256")
        int leafSize();
    }
}
