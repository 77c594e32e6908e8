package dev.slipway.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.audit.*}: how long audit events are kept ({@code retention}, e.g. {@code 400d}; unset keeps them
 * forever) and how often older ones are removed.
 */
@ConfigurationProperties("slipway.audit")
record AuditProperties(Duration retention, @DefaultValue("1h") Duration retentionCheckInterval) {

    boolean keepsForever() {
        return retention == null || retention.isZero() || retention.isNegative();
    }
}
