package dev.slipway.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of production access ({@code slipway.access.*}).
 *
 * @param maxDuration the longest grant a person or team may hold, requested or granted (default 8 h)
 * @param maxStandingDuration the longest grant to a service account, e.g. CI's standing grant (default 14 days)
 * @param requestExpiry how long a request waits for approvers before it expires (default 1 h)
 */
@ConfigurationProperties("slipway.access")
public record AccessProperties(@DefaultValue("PT8H") Duration maxDuration,
        @DefaultValue("P14D") Duration maxStandingDuration, @DefaultValue("PT1H") Duration requestExpiry,
        @DefaultValue("30s") Duration expiryCheckInterval) {

    /** No grant lasts longer than this, whatever the configuration says. */
    public static final Duration HARD_LIMIT = Duration.ofDays(14);

    public AccessProperties {
        for (Duration limit : new Duration[] {maxDuration, maxStandingDuration}) {
            if (limit.isNegative() || limit.isZero() || limit.compareTo(HARD_LIMIT) > 0) {
                throw new IllegalArgumentException("slipway.access.max-duration and max-standing-duration must be "
                        + "longer than 0 and at most 14 days (P14D); got " + limit);
            }
        }
        if (requestExpiry.isNegative() || requestExpiry.isZero()) {
            throw new IllegalArgumentException("slipway.access.request-expiry must be longer than 0");
        }
    }
}
