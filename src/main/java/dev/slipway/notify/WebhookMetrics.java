package dev.slipway.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Counts webhook delivery attempts as {@code slipway.webhook.deliveries} by outcome: {@code delivered}, {@code retrying}
 * (the attempt failed; another follows) or {@code failed} (the delivery gave up, or its destination was refused).
 */
@Component
class WebhookMetrics {

    static final String DELIVERIES = "slipway.webhook.deliveries";

    private final MeterRegistry meters;

    WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
        List.of("delivered", "retrying", "failed").forEach(this::counter);
    }

    void attempted(DeliveryQueue.Outcome outcome, boolean lastAttempt) {
        counter(outcome.delivered() ? "delivered" : lastAttempt || outcome.refused() ? "failed" : "retrying").increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder(DELIVERIES).description("Webhook delivery attempts, by outcome").tag("outcome", outcome)
                .register(meters);
    }
}
