package io.fractallba.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on a request's first line and headers that every service answers with a problem+json 414 or 431
 * (docs/security.md). Quarkus' own limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size})
 * are set well above these, as the hard cap past which Netty closes the connection with an empty 414/431.
 */
@ConfigMapping(prefix = "flk.http")
public interface RequestLimitsConfig {

    /** Longest request target (path and query, as sent) a service reads; longer ones get 414. */
    @WithDefault("8192")
    int maxUriLength();

    /** Largest total of header names and values a service reads; more gets 431. */
    @WithDefault("20480")
    int maxHeaderBytes();
}
