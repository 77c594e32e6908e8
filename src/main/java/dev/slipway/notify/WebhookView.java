package dev.slipway.notify;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A webhook endpoint as the portal shows it: never with its secret. */
public record WebhookView(long id, String name, String url, List<WebhookEvent> events, boolean enabled,
        String createdBy, Instant createdAt, Instant updatedAt, @Nullable DeliveryState lastDelivery) {
}
