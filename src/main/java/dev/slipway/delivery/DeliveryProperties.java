package dev.slipway.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery metrics ({@code slipway.delivery.*}).
 *
 * @param reworkWindow a deployment requested this soon after a failed one of the same service and environment was
 *         made to fix it, and counts as rework (default 24 h)
 */
@ConfigurationProperties("slipway.delivery")
public record DeliveryProperties(@DefaultValue("24h") Duration reworkWindow) {

    public DeliveryProperties {
        if (reworkWindow.isNegative() || reworkWindow.isZero()) {
            throw new IllegalArgumentException("slipway.delivery.rework-window must be longer than 0");
        }
    }
}
