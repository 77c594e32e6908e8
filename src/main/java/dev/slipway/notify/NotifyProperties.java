package dev.slipway.notify;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.notify.*}: how often due webhook deliveries are looked for, how long one may take,
 * and how failed ones are retried: after {@code initialBackoff}, doubling each time up to
 * {@code maxBackoff}, until {@code maxAttempts} have failed. {@code allowedHosts} lists host names and
 * CIDR ranges that webhooks may reach although they are not public (an internal chat server, say).
 */
@ConfigurationProperties("slipway.notify")
record NotifyProperties(
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue List<String> allowedHosts) {

    NotifyProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("slipway.notify.max-attempts must be 1 or more");
        }
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    /** How long to wait before the next attempt, after this many have failed (1 or more). */
    Duration backoffAfter(int failedAttempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
