package io.fractallba.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** When a service's event consumers count as ready and as alive (docs/architecture.md, consumer health). */
@ConfigMapping(prefix = "flk.consumer-health")
public interface ConsumerHealthConfig {

    /**
     * Not ready when a consumer's loop has not come round for this long (a batch stuck in its durable effect) or its
     * client holds no broker connection; also not ready before it first joins its group.
     */
    @WithDefault("60s")
    Duration readyWithin();

    /** Not alive (the pod is restarted) when a consumer's loop has ended unexpectedly or not come round for this long. */
    @WithDefault("5m")
    Duration aliveWithin();
}
