package dev.slipway.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.tokens.*}: how long API tokens live unless asked otherwise, and at the most; and how long a token
 * just checked is trusted without reading the database again ({@link RecentTokens}; 0 turns that off).
 */
@ConfigurationProperties("slipway.tokens")
record TokenProperties(@DefaultValue("90d") Duration defaultLifetime, @DefaultValue("365d") Duration maxLifetime,
        @DefaultValue("2s") Duration cacheTime) {
}
