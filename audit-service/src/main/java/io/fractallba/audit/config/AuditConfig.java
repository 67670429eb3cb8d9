package io.fractallba.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Audit-service settings ({@code flk.audit.*}); defaults documented in docs/audit.md. */
@ConfigMapping(prefix = "flk.audit")
public interface AuditConfig {

    /** Origin line of every checkpoint: names this log (one per region). */
    @WithDefault("fractal-lba.local/audit")
    String origin();

    /** Region written into leaves. */
    @WithDefault("local")
    String region();

    /**
     * Topics whose events become audit entries: every verified submission, the ensemble's disagreements, and every
     * publication, activation and rollback of a tenant's verification policy.
     */
    @WithDefault("pcs.verified.v1,pcs.decision.v1,policy.changes.v1")
    List<String> topics();

    @WithDefault("audit-service")
    String consumerGroup();

    /** Most events appended in one transaction. */
    @WithDefault("2000")
    int maxBatch();

    /** A new checkpoint is issued at most this often, and at least this often while entries arrive. */
    @WithDefault("PT0.5S")
    Duration checkpointInterval();

    @WithDefault("audit.checkpoint.v1")
    String checkpointTopic();

    /** Where the work done for tenants is reported (leaf bytes, proofs served; docs/cost.md). */
    @WithDefault("cost.usage.v1")
    String usageTopic();

    /** How often the whole log is recomputed and compared with stored nodes and checkpoints; 0 disables it. */
    @WithDefault("PT10M")
    Duration integrityScanInterval();

    Signing signing();

    Anchors anchors();

    Witness witness();

    Siem siem();

    interface Signing {
        /** Key name of the checkpoint signatures; defaults to the origin. */
        Optional<String> keyName();

        /** Ed25519 seed, 32 bytes in base64; from a Kubernetes Secret in production. Required. */
        Optional<String> seed();
    }

    interface Anchors {
        /** Directory of the filesystem anchor (one append-only file of signed notes); unset disables it. */
        Optional<String> fileDir();

        /** Topic of the Kafka anchor; unset disables it. */
        Optional<String> kafkaTopic();

        /** Attempts per checkpoint and anchor before it goes to the DLQ. */
        @WithDefault("6")
        int maxAttempts();

        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT30S")
        Duration maxBackoff();

        /** Peer witnesses asked to cosign each checkpoint: name → settings. */
        Map<String, Peer> witnesses();

        interface Peer {
            /** Base URL of the peer audit-service. */
            String url();

            /** The peer's cosignature verifier key (name+keyid+base64). */
            String verifierKey();
        }
    }

    interface Witness {
        /** This service cosigns other regions' checkpoints when a key is set. */
        Optional<String> keyName();

        /** Ed25519 seed of the cosignature key, base64. */
        Optional<String> seed();

        /** Logs this service witnesses: origin → their checkpoint verifier key. */
        Map<String, String> logs();
    }

    interface Siem {
        /** NDJSON file the SIEM export appends to; unset disables it. */
        Optional<String> file();

        /** Splunk HEC endpoint (…/services/collector/event); unset disables it. */
        Optional<String> hecUrl();

        Optional<String> hecToken();
    }
}
